package org.valbench.inference;

import java.util.Objects;

/**
 * What an inference run did: requests answered (of which from the cache), failed, not sent because
 * the run stopped (counted in failed too), retries, tokens, the concurrency limit at the end (lower
 * than --batch-size after rate limiting), and why it stopped early if it did ({@link Stop}).
 */
public record RunSummary(
    long total,
    long answered,
    long cached,
    long failed,
    long notSent,
    long retries,
    Usage usage,
    int finalConcurrency,
    Stop stop) {
  public RunSummary {
    Objects.requireNonNull(usage, "usage");
    Objects.requireNonNull(stop, "stop");
  }
}
