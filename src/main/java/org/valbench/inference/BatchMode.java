package org.valbench.inference;

import java.time.Duration;
import java.util.Objects;

/**
 * Whether and how a run sends its requests through a provider's batch API ({@code --batch}): how
 * many requests one provider batch holds ({@code --batch-chunk}), how often in-flight batches are
 * polled ({@code --batch-poll}), whether the run waits for them ({@code --no-wait} submits and
 * returns), how often a request that a batch did not run is resubmitted, and the run's scope (the
 * output it writes, which {@code valbench batch status/cancel} name).
 */
public record BatchMode(
    boolean enabled,
    int chunkSize,
    Duration poll,
    boolean noWait,
    int resubmissions,
    String scope) {
  /**
   * Requests per provider batch: far below OpenAI's 50,000 requests / 200 MB and Anthropic's
   * 100,000 / 256 MB, so results land in the cache sooner and one failed batch costs little.
   */
  public static final int DEFAULT_CHUNK = 2000;

  /** Seconds between polls of the batches in flight. */
  public static final int DEFAULT_POLL_SECONDS = 60;

  /** How often a request a batch did not run (expired, cancelled, 5xx, missing) is resubmitted. */
  public static final int DEFAULT_RESUBMISSIONS = 3;

  /** Live requests, one call each. */
  public static final BatchMode OFF =
      new BatchMode(
          false,
          DEFAULT_CHUNK,
          Duration.ofSeconds(DEFAULT_POLL_SECONDS),
          false,
          DEFAULT_RESUBMISSIONS,
          "");

  public BatchMode {
    if (chunkSize < 1) {
      throw new IllegalArgumentException("chunkSize must be >= 1");
    }
    Objects.requireNonNull(poll, "poll");
    if (poll.isNegative()) {
      throw new IllegalArgumentException("poll must be >= 0");
    }
    if (resubmissions < 0) {
      throw new IllegalArgumentException("resubmissions must be >= 0");
    }
    Objects.requireNonNull(scope, "scope");
  }

  /** Batch mode on, with these settings. */
  public static BatchMode on(int chunkSize, Duration poll, boolean noWait, String scope) {
    return new BatchMode(true, chunkSize, poll, noWait, DEFAULT_RESUBMISSIONS, scope);
  }
}
