package org.valbench.inference;

import java.time.Duration;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;

/**
 * Sends one request, attempt after attempt, until it is answered, fails, or the run stops. After a
 * failed attempt the provider's {@link RetryDecision} says what happened; a refused credential
 * stops the run, a permanent failure ends only this request, anything else is retried after the
 * {@link RetryPolicy}'s wait (a rate limit also lowers the {@link AdaptiveLimit}) until the policy
 * gives up, when {@link UnreachableDetector} decides whether the run stops as unreachable. Secrets
 * are redacted out of every prompt sent and every answer and message that comes back.
 */
final class AttemptLoop {
  /** What every request of one run shares. */
  record Shared(
      RunTally tally, AdaptiveLimit limit, UnreachableDetector detector, String providerName) {}

  private final ModelClient client;
  private final ResponseCache cache;
  private final Redactor redactor;
  private final RetryPolicy retryPolicy;
  private final Sleeper sleeper;
  private final RandomGenerator random;
  private final LongSupplier nanoTime;
  private final Shared run;

  AttemptLoop(
      ModelClient client,
      ResponseCache cache,
      Redactor redactor,
      RetryPolicy retryPolicy,
      Sleeper sleeper,
      RandomGenerator random,
      LongSupplier nanoTime,
      Shared run) {
    this.client = client;
    this.cache = cache;
    this.redactor = redactor;
    this.retryPolicy = retryPolicy;
    this.sleeper = sleeper;
    this.random = random;
    this.nanoTime = nanoTime;
    this.run = run;
  }

  /** Sends {@code request} (cache key {@code key}) and delivers its one result. */
  void send(ModelRequest request, String key) {
    long started = nanoTime.getAsLong();
    for (int attempt = 1; ; attempt++) {
      if (run.tally().stopped()) {
        String reason = run.tally().stop().reason();
        run.tally().failed(request, RunTally.notSentMessage(reason), attempt - 1);
        return;
      }
      long epoch = run.limit().epoch();
      Optional<Throwable> failure = tryOnce(request, key, attempt);
      if (failure.isEmpty() || !retryAfter(request, failure.get(), attempt, epoch, started)) {
        return;
      }
    }
  }

  /** One attempt; empty when it was answered (the answer is then stored and delivered). */
  private Optional<Throwable> tryOnce(ModelRequest request, String key, int attempt) {
    try {
      // The boundary with the provider: no secret goes out in a prompt, none comes back in.
      ModelAnswer answer = redactor.redact(client.send(redactor.redact(request)));
      run.detector().reached();
      run.limit().onSuccess();
      cache.put(key, run.providerName(), request.model(), answer);
      run.tally().answered(request, answer, false, attempt);
      return Optional.empty();
    } catch (Throwable error) {
      if (error instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      return Optional.of(error);
    }
  }

  /**
   * Whether to try again after {@code error} ended attempt {@code attempt} (started in limit epoch
   * {@code epoch}); when not, the request's failure has been delivered.
   */
  private boolean retryAfter(
      ModelRequest request, Throwable error, int attempt, long epoch, long started) {
    RetryDecision decision = client.classify(error);
    String message = redactor.redact(decision.message());
    if (!decision.unreachable()) {
      run.detector().reached();
    }
    switch (decision.kind()) {
      case STOP -> {
        run.tally().stopWith(new Stop.CredentialsRefused(message));
        run.tally().failed(request, message, attempt);
        return false;
      }
      case FAIL -> {
        run.tally().failed(request, message, attempt);
        return false;
      }
      case RETRY -> {
        if (decision.rateLimited()) {
          run.limit().onRateLimit(epoch);
        }
      }
    }
    long elapsed = nanoTime.getAsLong() - started;
    Optional<Duration> wait = retryPolicy.nextWait(attempt, elapsed, decision.retryAfter(), random);
    if (wait.isEmpty()) {
      String gaveUp = message + " (gave up after " + attempt + " attempts)";
      run.detector().afterGivingUp(decision, started, gaveUp).ifPresent(run.tally()::stopWith);
      run.tally().failed(request, gaveUp, attempt);
      return false;
    }
    return sleep(request, wait.get(), message, attempt);
  }

  private boolean sleep(ModelRequest request, Duration wait, String message, int attempt) {
    run.tally().retried();
    try {
      sleeper.sleep(wait);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      run.tally().failed(request, message + " (interrupted while waiting to retry)", attempt);
      return false;
    }
  }
}
