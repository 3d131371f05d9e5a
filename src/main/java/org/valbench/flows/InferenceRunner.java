package org.valbench.flows;

import java.time.Duration;
import java.util.Iterator;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.valbench.common.UserError;
import org.valbench.inference.InferenceEngine;
import org.valbench.inference.ModelClient;
import org.valbench.inference.ModelRequest;
import org.valbench.inference.Progress;
import org.valbench.inference.ProviderConfig;
import org.valbench.inference.Providers;
import org.valbench.inference.Redactor;
import org.valbench.inference.RequestResult;
import org.valbench.inference.ResponseCache;
import org.valbench.inference.RetryPolicy;
import org.valbench.inference.RunSummary;
import org.valbench.inference.Sleeper;
import org.valbench.inference.SqliteResponseCache;

/**
 * Runs a batch of requests for a step: opens the request cache, builds the provider's client, runs
 * the engine with progress, counts failures for the command's exit code, and turns a refused
 * credential into the run-stopping error (exit 4).
 */
final class InferenceRunner {
  static final String CACHE_FILE = "cache.sqlite";
  static final Duration ATTEMPT_TIMEOUT = Duration.ofMinutes(10);

  private final FlowContext context;
  private long failed;

  InferenceRunner(FlowContext context) {
    this.context = Objects.requireNonNull(context, "context");
  }

  /** The provider for {@code model} by DESIGN §4's rule, with this runner's attempt timeout. */
  ProviderConfig provider(
      java.util.Optional<org.valbench.inference.ProviderKind> kind,
      String model,
      java.util.Optional<String> inferenceUrl,
      java.util.Optional<org.valbench.inference.OpenAiApi> api,
      int batchSize) {
    return ProviderConfig.resolve(
        kind, model, inferenceUrl, api, context.env(), ATTEMPT_TIMEOUT, batchSize);
  }

  /** Requests that still failed, over every batch this runner ran. */
  long failed() {
    return failed;
  }

  /**
   * Sends the request of every row ({@code rows} yields one entry per row, empty for a row with
   * nothing to send) and hands each result to {@code sink}; {@code rowCount} rows in all.
   */
  RunSummary run(
      String label,
      InferenceSpec spec,
      Iterator<java.util.Optional<ModelRequest>> rows,
      long rowCount,
      Consumer<RequestResult> sink)
      throws InterruptedException {
    Redactor redactor = Redactor.from(context.env());
    try (ResponseCache cache =
            spec.noCache()
                ? ResponseCache.NONE
                : SqliteResponseCache.open(
                    context.localData().resolve(CACHE_FILE),
                    FlowContext.LOCAL_DATA + "/" + CACHE_FILE,
                    line -> {
                      context.err().println(line);
                      context.err().flush();
                    });
        ModelClient client = Providers.create(spec.provider())) {
      Progress progress =
          new Progress(
              label,
              rowCount,
              context.err(),
              context.terminal(),
              context.nanoTime(),
              Duration.ofSeconds(10).toNanos());
      InferenceEngine engine =
          new InferenceEngine(
              client,
              cache,
              RetryPolicy.DEFAULT,
              Sleeper.REAL,
              new SplittableRandom(),
              context.nanoTime(),
              redactor,
              spec.batchSize());
      Iterator<ModelRequest> requests =
          new Iterator<>() {
            private ModelRequest next;

            @Override
            public boolean hasNext() {
              while (next == null && rows.hasNext()) {
                java.util.Optional<ModelRequest> row = rows.next();
                if (row.isPresent()) {
                  next = row.get();
                } else {
                  progress.notNeeded();
                }
              }
              return next != null;
            }

            @Override
            public ModelRequest next() {
              if (!hasNext()) {
                throw new java.util.NoSuchElementException();
              }
              ModelRequest request = next;
              next = null;
              return request;
            }
          };
      RunSummary summary = engine.run(requests, rowCount, progress, sink);
      failed += summary.failed();
      if (summary.stoppedBecause().isPresent()) {
        String stopped = label + ": stopped: " + summary.stoppedBecause().get();
        throw summary.nothingSucceeded()
            ? new UserError(
                UserError.Kind.SOME_FAILED,
                stopped
                    + "; no request of this run has succeeded"
                    + (summary.notSent() > 0
                        ? ", so the other " + summary.notSent() + " were not sent"
                        : "")
                    + " — check that the model server is up and reachable (--inference-url),"
                    + " then run again")
            : new UserError(
                UserError.Kind.AUTH_REFUSED,
                stopped + " — check the API key and its permissions; nothing else was sent");
      }
      return summary;
    }
  }
}
