package org.valbench.inference;

import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;
import org.valbench.common.StorageException;

/**
 * The live {@link Transport}: sends requests through one {@link ModelClient} with everything shared
 * by all providers: the cache (hits never use a connection), at most {@code --batch-size} requests
 * in flight through a bounded pipeline (one virtual thread per request in flight, never one per
 * row), adaptive concurrency on rate limits ({@link AdaptiveLimit}), and progress. Each request's
 * attempts, retries and stop rules are {@link AttemptLoop}'s.
 */
public final class InferenceEngine implements Transport {
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

  /** The objects of one run, shared by the dispatch loop and the workers it starts. */
  private record Live(
      Delivery delivery,
      RunTally tally,
      AdaptiveLimit limit,
      AttemptLoop attempts,
      Map<String, Object> provider,
      ExecutorService workers) {}

  /**
   * As {@link #run(Iterator, Delivery)} for a fresh run that is never cancelled: {@code total}
   * requests, counted by {@code progress}, each result handed to {@code sink}.
   */
  public RunSummary run(
      Iterator<ModelRequest> requests, long total, Progress progress, Consumer<RequestResult> sink)
      throws InterruptedException {
    return run(requests, Delivery.of(total, progress, sink));
  }

  /**
   * Sends every request (reading {@code requests} lazily) and hands each result to the sink as it
   * completes, from any thread but one at a time. Returns when all are done or, after a stop or a
   * cancellation, when those in flight are done; the rest are reported as failed, not sent. An
   * answer that cannot be stored stops the run and is rethrown at the end.
   */
  @Override
  public RunSummary run(Iterator<ModelRequest> requests, Delivery delivery)
      throws InterruptedException {
    Progress progress = delivery.progress();
    RunTally tally = new RunTally(progress, delivery.sink(), delivery.earlier(), delivery.budget());
    AdaptiveLimit limit = limit(progress);
    Map<String, Object> provider = client.describe();
    String providerName = String.valueOf(provider.getOrDefault("provider", "unknown"));
    AttemptLoop attempts =
        new AttemptLoop(
            client,
            cache,
            redactor,
            retryPolicy,
            sleeper,
            random,
            nanoTime,
            new AttemptLoop.Shared(tally, limit, new UnreachableDetector(nanoTime), providerName));
    Thread ticker = Thread.ofVirtual().start(() -> tick(progress));
    try (ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor()) {
      Live live = new Live(delivery, tally, limit, attempts, provider, workers);
      while (requests.hasNext() && !tally.storageFailed()) {
        dispatch(live, requests.next());
      }
    } finally {
      ticker.interrupt();
    }
    progress.finish();
    tally.rethrowStorageFailure();
    return tally.summary(delivery.total(), limit.limit());
  }

  /** Answers {@code request} from the cache, or hands it to a worker once the limit allows. */
  private void dispatch(Live live, ModelRequest request) throws InterruptedException {
    if (live.tally().stopped() || live.delivery().cancelled().getAsBoolean()) {
      live.tally().notSent(request);
      return;
    }
    String key = CacheKey.of(live.provider(), request);
    Optional<ModelAnswer> hit = cache.get(key);
    if (hit.isPresent()) {
      // Also cleans answers cached by versions that did not redact yet.
      live.tally().answered(request, redactor.redact(hit.get()), true, 0);
      return;
    }
    live.limit().acquire();
    if (live.tally().stopped()
        || live.tally().storageFailed()
        || live.delivery().cancelled().getAsBoolean()) {
      live.limit().release();
      live.tally().notSent(request);
      return;
    }
    live.workers().execute(() -> sendAndRelease(live, request, key));
  }

  /** A worker's job: one request to its result, whatever goes wrong; then frees its slot. */
  private void sendAndRelease(Live live, ModelRequest request, String key) {
    try {
      live.attempts().send(request, key);
    } catch (StorageException storage) {
      // The answer cannot be stored (disk full, read-only): stop, and say so at the end.
      live.tally().storageFailed(storage);
      live.tally().failed(request, "not stored: " + storage.getMessage(), 0);
    } catch (RuntimeException | Error unexpected) {
      // Never lose a row silently: an unexpected error becomes this request's failure.
      live.tally().failed(request, redactor.redact("internal error: " + unexpected), 0);
    } finally {
      live.limit().release();
    }
  }

  /** The concurrency limit of one run; each change is shown in progress, a decrease noted. */
  private AdaptiveLimit limit(Progress progress) {
    AdaptiveLimit limit =
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
    return limit;
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
