package org.valbench.inference;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.valbench.common.StorageException;

/**
 * The results of one run as they arrive: counts them, updates progress, hands each to the sink one
 * at a time (from any thread), and keeps the run's {@link Stop} (the first one wins) and the first
 * answer that could not be stored.
 */
final class RunTally {
  private final Progress progress;
  private final Consumer<RequestResult> sink;
  private final AtomicLong answered = new AtomicLong();
  private final AtomicLong cached = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicLong notSent = new AtomicLong();
  private final AtomicLong retries = new AtomicLong();
  private final AtomicReference<Usage> usage = new AtomicReference<>(Usage.NONE);
  private final AtomicReference<Usage> fromCache = new AtomicReference<>(Usage.NONE);
  private final AtomicReference<Stop> stop;
  private final AtomicReference<StorageException> storage = new AtomicReference<>();
  private final Budget budget;

  RunTally(Progress progress, Consumer<RequestResult> sink, Stop earlier) {
    this(progress, sink, earlier, Budget.NONE);
  }

  /** A tally whose fresh answers count against {@code budget}; a budget already spent stops it. */
  RunTally(Progress progress, Consumer<RequestResult> sink, Stop earlier, Budget budget) {
    this.progress = Objects.requireNonNull(progress, "progress");
    this.sink = Objects.requireNonNull(sink, "sink");
    this.budget = Objects.requireNonNull(budget, "budget");
    Objects.requireNonNull(earlier, "earlier");
    this.stop = new AtomicReference<>(earlier.stopped() ? earlier : budget.check());
  }

  Stop stop() {
    return stop.get();
  }

  boolean stopped() {
    return stop.get().stopped();
  }

  /** Records {@code why} unless the run has stopped already. */
  void stopWith(Stop why) {
    stop.compareAndSet(Stop.NONE, why);
  }

  /** Records that an answer could not be stored (disk full, read-only); the run stops. */
  void storageFailed(StorageException error) {
    storage.compareAndSet(null, error);
  }

  boolean storageFailed() {
    return storage.get() != null;
  }

  /** Throws the first storage failure, if there was one. */
  void rethrowStorageFailure() {
    if (storage.get() != null) {
      throw storage.get();
    }
  }

  void answered(ModelRequest request, ModelAnswer answer, boolean fromCache, int attempts) {
    answered.incrementAndGet();
    if (fromCache) {
      cached.incrementAndGet();
    }
    // An answer from the cache was paid for by the run that stored it: it is not spent again.
    (fromCache ? this.fromCache : usage).accumulateAndGet(answer.usage(), Usage::plus);
    progress.answered(fromCache, answer.usage());
    if (!fromCache) {
      Stop spent = budget.spend(answer.usage());
      if (spent.stopped()) {
        stopWith(spent);
      }
    }
    emit(new RequestResult.Answered(request, answer, fromCache, attempts));
  }

  void failed(ModelRequest request, String error, int attempts) {
    failed.incrementAndGet();
    progress.failed();
    emit(new RequestResult.Failed(request, error, attempts));
  }

  /** A request the run did not send because it stopped or was interrupted. */
  void notSent(ModelRequest request) {
    notSent.incrementAndGet();
    Stop why = stop.get();
    failed(request, notSentMessage(why.stopped() ? why.reason() : "interrupted"), 0);
  }

  void retried() {
    retries.incrementAndGet();
    progress.retried();
  }

  RunSummary summary(long total, int finalConcurrency) {
    return new RunSummary(
        total,
        answered.get(),
        cached.get(),
        failed.get(),
        notSent.get(),
        retries.get(),
        usage.get(),
        finalConcurrency,
        stop.get(),
        fromCache.get());
  }

  static String notSentMessage(String reason) {
    return "not sent: the run stopped (" + reason + ")";
  }

  private synchronized void emit(RequestResult result) {
    sink.accept(result);
  }
}
