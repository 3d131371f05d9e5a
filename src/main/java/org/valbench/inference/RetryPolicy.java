package org.valbench.inference;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * How often and how long to retry one request: at most {@code maxAttempts} attempts within {@code
 * budget}; exponential backoff from {@code baseDelay} doubling to {@code maxDelay}, with up to 25%
 * random jitter. A server's retry-after wins when it is longer.
 */
public record RetryPolicy(int maxAttempts, Duration baseDelay, Duration maxDelay, Duration budget) {
  public static final RetryPolicy DEFAULT =
      new RetryPolicy(8, Duration.ofMillis(500), Duration.ofSeconds(30), Duration.ofMinutes(15));

  public RetryPolicy {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be >= 1");
    }
    Objects.requireNonNull(baseDelay, "baseDelay");
    Objects.requireNonNull(maxDelay, "maxDelay");
    Objects.requireNonNull(budget, "budget");
  }

  /** The wait before attempt {@code attempt + 1}, after {@code attempt} failed attempts. */
  public Duration backoff(int attempt, RandomGenerator random) {
    double exponential = baseDelay.toMillis() * Math.pow(2, Math.max(0, attempt - 1));
    double capped = Math.min(exponential, maxDelay.toMillis());
    double jitter = capped * 0.25 * random.nextDouble();
    return Duration.ofMillis((long) (capped + jitter));
  }

  /**
   * The wait before the next attempt after {@code attempt} failed attempts, {@code elapsedNanos}
   * into the request: the backoff, or the server's {@code retryAfter} when that is longer; empty
   * when the attempts or the time budget are used up (give up).
   */
  public Optional<Duration> nextWait(
      int attempt, long elapsedNanos, Optional<Duration> retryAfter, RandomGenerator random) {
    Duration wait = backoff(attempt, random);
    if (retryAfter.isPresent() && retryAfter.get().compareTo(wait) > 0) {
      wait = retryAfter.get();
    }
    if (attempt >= maxAttempts || elapsedNanos + wait.toNanos() > budget.toNanos()) {
      return Optional.empty();
    }
    return Optional.of(wait);
  }
}
