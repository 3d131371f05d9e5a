package org.valbench.inference;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * One provider's batch API as {@link BatchTransport} needs it: create a batch of requests (each
 * under its cache key, the batch tagged with a chunk id), find a batch by chunk id after a crash,
 * poll, read an ended batch's results, cancel. SDK types never leave the implementing class;
 * failures of these calls are thrown as the SDK threw them and classified by the provider's {@link
 * ModelClient#classify}.
 */
interface BatchApi {
  /** The endpoint every request of a batch goes to, e.g. {@code /v1/chat/completions}. */
  String endpoint();

  /** Creates one batch of {@code requests} tagged {@code chunkId}; returns the provider's id. */
  String create(String chunkId, List<Keyed> requests) throws Exception;

  /**
   * The provider's id of a batch created for {@code chunkId} (planned at {@code plannedAt}, with
   * {@code count} requests), if the provider has one: a crash may have come between the create call
   * and the journal write.
   */
  Optional<String> find(String chunkId, Instant plannedAt, int count) throws Exception;

  /** Where the batch is. */
  Status status(String batchId) throws Exception;

  /** Reads the results of an ended batch, one call of {@code each} per request, by cache key. */
  void results(String batchId, BiConsumer<String, Outcome> each) throws Exception;

  /** Asks the provider to cancel the batch (it ends later, with partial results). */
  void cancel(String batchId) throws Exception;

  /** A request under its cache key (the batch's per-request id). */
  record Keyed(String key, ModelRequest request) {
    public Keyed {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(request, "request");
    }
  }

  /** What a poll says about a batch, in the transport's terms. */
  enum Phase {
    /** Still validating or running: poll again. */
    RUNNING,
    /** Ended (completed, expired or cancelled): its results can be read. */
    ENDED,
    /** Refused as a whole for a queue quota ({@code token_limit_exceeded}): wait, resubmit. */
    QUOTA,
    /** Refused as a whole for another reason (validation): its requests failed. */
    REFUSED
  }

  /**
   * A batch's state: the phase, the provider's own status word, its request counts and, when
   * refused, the provider's reason in one line.
   */
  record Status(Phase phase, String state, long done, long failed, long total, String detail) {
    public Status {
      Objects.requireNonNull(phase, "phase");
      Objects.requireNonNull(state, "state");
      detail = Objects.requireNonNullElse(detail, "");
    }
  }

  /** How one request of an ended batch came out. */
  sealed interface Outcome {
    /** Answered: cache it. */
    record Answer(ModelAnswer answer) implements Outcome {}

    /** Failed for good (a 4xx): record it like a live failure, never cache it. */
    record Failed(String message) implements Outcome {}

    /** Not run, or failed in a way a new attempt may fix (expired, cancelled, 5xx): resubmit. */
    record Requeue(String reason) implements Outcome {}
  }
}
