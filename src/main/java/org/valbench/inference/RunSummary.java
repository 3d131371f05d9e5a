package org.valbench.inference;

import java.util.Objects;

/**
 * What an inference run did: requests answered (of which from the cache), failed, not sent because
 * the run stopped (counted in failed too), retries, the tokens of the answers the provider gave
 * this run ({@code usage}: what the run spent), the concurrency limit at the end (lower than
 * --batch-size after rate limiting), why it stopped early if it did ({@link Stop}), and the tokens
 * recorded with the answers taken from the cache ({@code fromCache}: spent by an earlier run, free
 * for this one).
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
    Stop stop,
    Usage fromCache) {
  public RunSummary {
    Objects.requireNonNull(usage, "usage");
    Objects.requireNonNull(stop, "stop");
    Objects.requireNonNull(fromCache, "fromCache");
  }

  /** A run that took no tokens' worth of answers from the cache. */
  public RunSummary(
      long total,
      long answered,
      long cached,
      long failed,
      long notSent,
      long retries,
      Usage usage,
      int finalConcurrency,
      Stop stop) {
    this(
        total,
        answered,
        cached,
        failed,
        notSent,
        retries,
        usage,
        finalConcurrency,
        stop,
        Usage.NONE);
  }
}
