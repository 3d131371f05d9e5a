package org.valbench.inference;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Owns the rule "nothing reached the server within the retry window": a request that gives up after
 * an attempt that never reached the server stops the run as {@link Stop.Unreachable} when no
 * attempt of any request reached the server (an answer or any HTTP error) since that request
 * started. The server is then down or the URL is wrong, and retrying every row would take hours. A
 * request the server keeps answering with an error does not count (the server is there; only that
 * request fails), nor do answers from the cache.
 */
final class UnreachableDetector {
  private static final long NEVER = Long.MIN_VALUE;

  private final LongSupplier nanoTime;

  /** When an attempt last reached the server, in {@code nanoTime} units; {@link #NEVER} before. */
  private final AtomicLong lastReached = new AtomicLong(NEVER);

  UnreachableDetector(LongSupplier nanoTime) {
    this.nanoTime = nanoTime;
  }

  /** An attempt reached the server just now. */
  void reached() {
    long now = nanoTime.getAsLong();
    lastReached.updateAndGet(last -> last == NEVER || now - last > 0 ? now : last);
  }

  /**
   * The stop for a request that started at {@code started} ({@code nanoTime}) and gave up after
   * {@code last}, with {@code message}; empty when the rule does not apply.
   */
  Optional<Stop> afterGivingUp(RetryDecision last, long started, String message) {
    if (last.unreachable() && !reachedSince(started)) {
      return Optional.of(new Stop.Unreachable(message));
    }
    return Optional.empty();
  }

  private boolean reachedSince(long since) {
    long last = lastReached.get();
    return last != NEVER && last - since >= 0;
  }
}
