package org.valbench.inference;

import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;
import org.valbench.common.StorageException;

/**
 * Sends requests through one {@link ModelClient} with everything shared by all providers: the cache
 * (hits never use a connection), at most {@code --batch-size} requests in flight through a bounded
 * pipeline (one virtual thread per request in flight, never one per row), retries with backoff and
 * retry-after, adaptive concurrency on rate limits, an immediate stop on refused credentials,
 * redaction of secrets (out of every prompt sent, and out of every text field of an answer before
 * it is cached or handed on), and progress.
 */
public final class InferenceEngine {
  private final ModelClient client;
  private final ResponseCache cache;
  private final RetryPolicy retryPolicy;
  private final Sleeper sleeper;
  private final RandomGenerator random;
  private final LongSupplier nanoTime;
  private final Redactor redactor;
  private final int maxConcurrency;

  public InferenceEngine(
      ModelClient client,
      ResponseCache cache,
      RetryPolicy retryPolicy,
      Sleeper sleeper,
      RandomGenerator random,
      LongSupplier nanoTime,
      Redactor redactor,
      int maxConcurrency) {
    this.client = Objects.requireNonNull(client, "client");
    this.cache = Objects.requireNonNull(cache, "cache");
    this.retryPolicy = Objects.requireNonNull(retryPolicy, "retryPolicy");
    this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    this.random = Objects.requireNonNull(random, "random");
    this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
    this.redactor = Objects.requireNonNull(redactor, "redactor");
    if (maxConcurrency < 1) {
      throw new IllegalArgumentException("maxConcurrency must be >= 1");
    }
    this.maxConcurrency = maxConcurrency;
  }

  /** Counters and the stop signal of one run. */
  private final class Run {
    final Progress progress;
    final Consumer<RequestResult> sink;
    final AdaptiveLimit limit;
    final AtomicLong answered = new AtomicLong();
    final AtomicLong cached = new AtomicLong();
    final AtomicLong failed = new AtomicLong();
    final AtomicLong notSent = new AtomicLong();
    final AtomicLong retries = new AtomicLong();
    final AtomicReference<Usage> usage = new AtomicReference<>(Usage.NONE);
    final AtomicReference<Stop> stop = new AtomicReference<>(Stop.NONE);

    /** Set when an answer could not be stored: the run stops and rethrows it. */
    final AtomicReference<StorageException> storage = new AtomicReference<>();

    /**
     * When an attempt of this run last reached the server (an answer or any HTTP error), in {@code
     * nanoTime} units; {@link #NEVER} until the first such attempt.
     */
    final AtomicLong lastReached = new AtomicLong(NEVER);

    final Map<String, Object> provider = client.describe();
    final String providerName = String.valueOf(provider.getOrDefault("provider", "unknown"));

    Run(Progress progress, Consumer<RequestResult> sink) {
      this.progress = progress;
      this.sink = sink;
      this.limit =
          new AdaptiveLimit(
              maxConcurrency,
              (from, to, rateLimited) -> {
                progress.concurrency(to);
                if (rateLimited || to == maxConcurrency) {
                  progress.note(
                      "concurrency "
                          + from
                          + " -> "
                          + to
                          + (rateLimited ? " (rate limited)" : " (recovered)"));
                }
              });
      progress.concurrency(maxConcurrency);
    }

    synchronized void emit(RequestResult result) {
      sink.accept(result);
    }
  }

  /**
   * Sends every request (reading {@code requests} lazily) and hands each result to {@code sink} as
   * it completes, from any thread but one at a time. Returns when all are done or, after a refused
   * credential, when those in flight are done; the rest are reported as failed, not sent.
   */
  public RunSummary run(
      Iterator<ModelRequest> requests, long total, Progress progress, Consumer<RequestResult> sink)
      throws InterruptedException {
    return run(requests, total, progress, sink, Stop.NONE, () -> false);
  }

  /**
   * As {@link #run(Iterator, long, Progress, Consumer)}, starting from the stop of an earlier run
   * ({@code earlier}; when it is not {@link Stop#NONE} nothing is sent and every request is
   * reported as not sent), and stopping (as for a refused credential, but with no stop reason of
   * its own) once {@code cancelled} says so, e.g. after SIGTERM: requests in flight finish, the
   * rest are reported as not sent.
   */
  public RunSummary run(
      Iterator<ModelRequest> requests,
      long total,
      Progress progress,
      Consumer<RequestResult> sink,
      Stop earlier,
      java.util.function.BooleanSupplier cancelled)
      throws InterruptedException {
    Run run = new Run(progress, sink);
    run.stop.set(Objects.requireNonNull(earlier, "earlier"));
    Thread ticker = Thread.ofVirtual().start(() -> tick(progress));
    try (ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor()) {
      while (requests.hasNext() && run.storage.get() == null) {
        ModelRequest request = requests.next();
        if (run.stop.get().stopped() || cancelled.getAsBoolean()) {
          skip(run, request);
          continue;
        }
        String key = CacheKey.of(run.provider, request);
        Optional<ModelAnswer> hit = cache.get(key);
        if (hit.isPresent()) {
          // Also cleans answers cached by versions that did not redact yet.
          answered(run, request, redactor.redact(hit.get()), true, 0);
          continue;
        }
        run.limit.acquire();
        if (run.stop.get().stopped() || run.storage.get() != null || cancelled.getAsBoolean()) {
          run.limit.release();
          skip(run, request);
          continue;
        }
        workers.execute(
            () -> {
              try {
                send(run, request, key);
              } catch (StorageException storage) {
                // The answer cannot be stored (disk full, read-only): stop, and say so at the end.
                run.storage.compareAndSet(null, storage);
                fail(run, request, "not stored: " + storage.getMessage(), 0);
              } catch (RuntimeException | Error unexpected) {
                // Never lose a row silently: an unexpected error becomes this request's failure.
                fail(run, request, redactor.redact("internal error: " + unexpected), 0);
              } finally {
                run.limit.release();
              }
            });
      }
    } finally {
      ticker.interrupt();
    }
    progress.finish();
    if (run.storage.get() != null) {
      throw run.storage.get();
    }
    return new RunSummary(
        total,
        run.answered.get(),
        run.cached.get(),
        run.failed.get(),
        run.notSent.get(),
        run.retries.get(),
        run.usage.get(),
        run.limit.limit(),
        run.stop.get());
  }

  private void send(Run run, ModelRequest request, String key) {
    long started = nanoTime.getAsLong();
    for (int attempt = 1; ; attempt++) {
      if (run.stop.get().stopped()) {
        fail(run, request, notSent(run.stop.get().reason()), attempt - 1);
        return;
      }
      long epoch = run.limit.epoch();
      try {
        // The boundary with the provider: no secret goes out in a prompt, none comes back in.
        ModelAnswer answer = redactor.redact(client.send(redactor.redact(request)));
        reached(run);
        run.limit.onSuccess();
        cache.put(key, run.providerName, request.model(), answer);
        answered(run, request, answer, false, attempt);
        return;
      } catch (Throwable error) {
        if (error instanceof InterruptedException) {
          Thread.currentThread().interrupt();
        }
        RetryDecision decision = client.classify(error);
        String message = redactor.redact(decision.message());
        if (!decision.unreachable()) {
          reached(run);
        }
        if (decision.kind() == RetryDecision.Kind.STOP) {
          run.stop.compareAndSet(Stop.NONE, new Stop.CredentialsRefused(message));
          fail(run, request, message, attempt);
          return;
        }
        if (decision.kind() == RetryDecision.Kind.FAIL) {
          fail(run, request, message, attempt);
          return;
        }
        if (decision.rateLimited()) {
          run.limit.onRateLimit(epoch);
        }
        Duration wait = retryPolicy.backoff(attempt, random);
        if (decision.retryAfter().isPresent() && decision.retryAfter().get().compareTo(wait) > 0) {
          wait = decision.retryAfter().get();
        }
        long elapsed = nanoTime.getAsLong() - started;
        if (attempt >= retryPolicy.maxAttempts()
            || elapsed + wait.toNanos() > retryPolicy.budget().toNanos()) {
          String gaveUp = message + " (gave up after " + attempt + " attempts)";
          // The server could not be reached during this request's whole retry window, by this
          // request or any other: it is down or the URL is wrong, so stop instead of retrying
          // every row for hours. A request the server keeps answering with an error does not
          // count (the server is there; only that request fails), nor do answers from the cache.
          if (decision.unreachable() && !reachedSince(run, started)) {
            run.stop.compareAndSet(Stop.NONE, new Stop.Unreachable(gaveUp));
          }
          fail(run, request, gaveUp, attempt);
          return;
        }
        run.retries.incrementAndGet();
        run.progress.retried();
        try {
          sleeper.sleep(wait);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          fail(run, request, message + " (interrupted while waiting to retry)", attempt);
          return;
        }
      }
    }
  }

  private void answered(
      Run run, ModelRequest request, ModelAnswer answer, boolean fromCache, int attempts) {
    run.answered.incrementAndGet();
    if (fromCache) {
      run.cached.incrementAndGet();
    }
    run.usage.accumulateAndGet(answer.usage(), Usage::plus);
    run.progress.answered(fromCache, answer.usage().inputTokens() + answer.usage().outputTokens());
    run.emit(new RequestResult.Answered(request, answer, fromCache, attempts));
  }

  private void fail(Run run, ModelRequest request, String error, int attempts) {
    run.failed.incrementAndGet();
    run.progress.failed();
    run.emit(new RequestResult.Failed(request, error, attempts));
  }

  private void skip(Run run, ModelRequest request) {
    run.notSent.incrementAndGet();
    Stop stop = run.stop.get();
    fail(run, request, notSent(stop.stopped() ? stop.reason() : "interrupted"), 0);
  }

  private static String notSent(String reason) {
    return "not sent: the run stopped (" + reason + ")";
  }

  private static final long NEVER = Long.MIN_VALUE;

  private void reached(Run run) {
    long now = nanoTime.getAsLong();
    run.lastReached.updateAndGet(last -> last == NEVER || now - last > 0 ? now : last);
  }

  /** Whether any attempt reached the server at or after {@code since} ({@code nanoTime}). */
  private static boolean reachedSince(Run run, long since) {
    long last = run.lastReached.get();
    return last != NEVER && last - since >= 0;
  }

  private static void tick(Progress progress) {
    try {
      while (!Thread.currentThread().isInterrupted()) {
        Thread.sleep(1000);
        progress.maybePrint();
      }
    } catch (InterruptedException e) {
      // The run is over.
    }
  }
}
