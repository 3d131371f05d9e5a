package org.valbench.flows;

import java.time.Duration;
import java.util.Iterator;
import java.util.Objects;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.valbench.inference.BatchJournal;
import org.valbench.inference.BatchTransport;
import org.valbench.inference.Delivery;
import org.valbench.inference.InferenceEngine;
import org.valbench.inference.ModelClient;
import org.valbench.inference.ModelRequest;
import org.valbench.inference.OpenAiApi;
import org.valbench.inference.Progress;
import org.valbench.inference.ProviderConfig;
import org.valbench.inference.ProviderKind;
import org.valbench.inference.Providers;
import org.valbench.inference.RequestResult;
import org.valbench.inference.ResponseCache;
import org.valbench.inference.RunSummary;
import org.valbench.inference.Sleeper;
import org.valbench.inference.SqliteResponseCache;
import org.valbench.inference.Stop;
import org.valbench.inference.Transport;
import org.valbench.judge.JudgeParser;
import org.valbench.judge.Judgement;

/**
 * Runs the requests of one model's steps: opens the request cache, builds the provider's client,
 * runs the requests through a {@link Transport} (live calls today) with progress, and counts
 * failures. A stop (refused credentials, unreachable server) is recorded, not thrown: the step
 * still writes every row (the unsent ones as failed), the command goes on to its next model, and
 * the CLI maps the stop to the exit code at the end. After a stop, later steps of the same runner
 * send nothing.
 */
final class InferenceRunner {
  static final String CACHE_FILE = "cache.sqlite";
  static final Duration ATTEMPT_TIMEOUT = Duration.ofMinutes(10);

  private final FlowContext context;
  private final Spending spending;
  private long failed;
  private Stop stop = Stop.NONE;

  InferenceRunner(FlowContext context) {
    this(context, Spending.unlimited());
  }

  /** A runner whose fresh answers are priced and counted against {@code spending}'s limit. */
  InferenceRunner(FlowContext context, Spending spending) {
    this.context = Objects.requireNonNull(context, "context");
    this.spending = Objects.requireNonNull(spending, "spending");
  }

  /**
   * The provider for {@code model} (from {@code --provider}, else {@link
   * org.valbench.inference.ProviderKind#infer}), with this runner's attempt timeout and the
   * variable named by {@code --api-key-env}, if any.
   */
  ProviderConfig provider(
      Optional<ProviderKind> kind,
      String model,
      Optional<String> inferenceUrl,
      Optional<String> apiKeyEnv,
      Optional<OpenAiApi> api,
      int batchSize) {
    return ProviderConfig.resolve(
            kind, model, inferenceUrl, api, context.env(), ATTEMPT_TIMEOUT, batchSize)
        .withApiKeyVariable(apiKeyEnv);
  }

  /**
   * Builds (and closes) the client for {@code provider}, so that a missing key or a bad endpoint is
   * reported before the first step of the command runs, not after the first model's requests.
   */
  static void check(ProviderConfig provider) {
    try (ModelClient client = Providers.create(provider)) {
      // Construction is the check.
    }
  }

  /** Requests that still failed (or were not sent), over every batch this runner ran. */
  long failed() {
    return failed;
  }

  /** Why this runner stopped sending, if it did (the first stop wins). */
  Stop stop() {
    return stop;
  }

  /**
   * Sends the request of every row ({@code rows} yields one entry per row, empty for a row with
   * nothing to send) and hands each result to {@code sink}; {@code rowCount} rows in all.
   */
  RunSummary run(
      String label,
      InferenceSpec spec,
      Iterator<Optional<ModelRequest>> rows,
      long rowCount,
      Consumer<RequestResult> sink)
      throws Exception {
    Progress progress = progress(label, rowCount);
    try (ResponseCache cache = openCache(spec);
        AutoCloseable saved = context.interruption().register(saver(cache));
        ModelClient client = Providers.create(spec.provider())) {
      // After a stop of an earlier step of this model, every request is reported as not sent
      // (batches left in flight by --no-wait are no such stop: the next step submits its own).
      Stop earlier = stop instanceof Stop.BatchesInFlight ? Stop.NONE : stop;
      Delivery delivery =
          new Delivery(
              rowCount,
              progress,
              sink,
              earlier,
              context.interruption()::requested,
              spending.budget(spec.model()));
      RunSummary summary;
      if (!context.batch().enabled()) {
        summary = transport(spec, client, cache).run(new RowRequests(rows, progress), delivery);
      } else {
        try (BatchJournal journal = openJournal()) {
          summary =
              BatchTransport.of(
                      client,
                      cache,
                      journal,
                      context.batch(),
                      spec.provider().redactor(),
                      Sleeper.REAL,
                      context.nanoTime())
                  .run(new RowRequests(rows, progress), delivery);
        }
      }
      record(summary);
      if (spec.provider().kind() != ProviderKind.MOCK) {
        // The offline mock costs nothing and has no price.
        context.err().println(spending.costLine(label, spec.model(), summary.usage()));
        context.err().flush();
      }
      return summary;
    }
  }

  /** The journal of provider batches, next to the request cache. */
  private BatchJournal openJournal() {
    return BatchJournal.open(
        context.localData().resolve(BatchJournal.FILE),
        java.nio.file.Path.of(FlowContext.LOCAL_DATA, BatchJournal.FILE));
  }

  /**
   * Counts what {@code rows} would send after the cache, sending nothing (a dry run): the same
   * cache and the same cache keys as {@link #run}.
   */
  DryRun.Estimate estimate(String label, InferenceSpec spec, Iterator<Optional<ModelRequest>> rows)
      throws Exception {
    try (ResponseCache cache = openCache(spec);
        ModelClient client = Providers.create(spec.provider())) {
      return DryRun.estimate(
          label, spec.model(), spec.settings().maxTokens(), client.describe(), cache, rows);
    }
  }

  private Progress progress(String label, long rowCount) {
    return new Progress(
        label,
        rowCount,
        context.err(),
        context.terminal(),
        context.nanoTime(),
        Duration.ofSeconds(10).toNanos());
  }

  /** How requests reach the model: live calls (a provider batch transport would be chosen here). */
  private Transport transport(InferenceSpec spec, ModelClient client, ResponseCache cache) {
    return new InferenceEngine(
        client,
        cache,
        context.retryPolicy(),
        Sleeper.REAL,
        new SplittableRandom(),
        context.nanoTime(),
        spec.provider().redactor(),
        spec.batchSize());
  }

  private ResponseCache openCache(InferenceSpec spec) {
    return switch (spec.cacheUse()) {
      case NONE -> ResponseCache.NONE;
      case READ_WRITE -> openSqlite();
      case REASK_UNUSABLE_JUDGEMENTS ->
          new ReaskingCache(
              openSqlite(),
              answer -> JudgeParser.parse(answer.content()) instanceof Judgement.Usable);
    };
  }

  /** The request cache; what it finds damaged (and sets aside) is said in one line each. */
  private SqliteResponseCache openSqlite() {
    return SqliteResponseCache.open(
        context.localData().resolve(CACHE_FILE),
        FlowContext.LOCAL_DATA + "/" + CACHE_FILE,
        line -> {
          context.err().println(line);
          context.err().flush();
        });
  }

  /** On interruption: commit the answers that arrived, and say how many this run stored. */
  private static org.valbench.common.Interruption.Saver saver(ResponseCache cache) {
    return () -> {
      cache.close();
      return cache.written();
    };
  }

  private void record(RunSummary summary) {
    failed += summary.failed();
    if (!stop.stopped() || stop instanceof Stop.BatchesInFlight) {
      stop = summary.stop().stopped() ? summary.stop() : stop;
    }
  }
}
