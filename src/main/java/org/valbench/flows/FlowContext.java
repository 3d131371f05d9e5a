package org.valbench.flows;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.valbench.common.Env;
import org.valbench.common.Interruption;
import org.valbench.common.UserError;
import org.valbench.inference.BatchMode;
import org.valbench.inference.RetryPolicy;
import org.valbench.pipeline.CheckpointStore;
import org.valbench.pipeline.StepListener;
import org.valbench.pipeline.StepRunner;
import org.valbench.protocol.ReferenceFiles;
import org.valbench.protocol.ReferencePin;

/**
 * What every flow needs from the outside: the working directory (relative paths, {@code
 * local_data/}), the environment, where to print progress for a person (and whether it is a
 * terminal, for a live progress line), and a clock.
 */
public record FlowContext(
    Path workDir,
    Env env,
    PrintWriter err,
    LongSupplier nanoTime,
    boolean terminal,
    Interruption interruption,
    ReferencePin referencePin,
    BatchMode batch) {
  /** Where checkpoints, the request cache and lock files live, relative to the working dir. */
  public static final String LOCAL_DATA = "local_data";

  public FlowContext {
    workDir = workDir.toAbsolutePath().normalize();
    Objects.requireNonNull(env, "env");
    Objects.requireNonNull(err, "err");
    Objects.requireNonNull(nanoTime, "nanoTime");
    Objects.requireNonNull(interruption, "interruption");
    Objects.requireNonNull(referencePin, "referencePin");
    Objects.requireNonNull(batch, "batch");
  }

  /** A context whose requests are sent live, one call each. */
  public FlowContext(
      Path workDir,
      Env env,
      PrintWriter err,
      LongSupplier nanoTime,
      boolean terminal,
      Interruption interruption,
      ReferencePin referencePin) {
    this(workDir, env, err, nanoTime, terminal, interruption, referencePin, BatchMode.OFF);
  }

  /** This context with its requests sent as {@code batch} says ({@code --batch}). */
  public FlowContext withBatch(BatchMode batch) {
    return new FlowContext(
        workDir, env, err, nanoTime, terminal, interruption, referencePin, batch);
  }

  /**
   * How requests are retried: {@link RetryPolicy#DEFAULT}, with the number of attempts and the
   * first backoff delay replaceable by {@code VALBENCH_MAX_ATTEMPTS} and {@code
   * VALBENCH_RETRY_BASE_MS} (for tests and for servers that are known to fail fast).
   */
  public RetryPolicy retryPolicy() {
    RetryPolicy d = RetryPolicy.DEFAULT;
    int attempts = positive("VALBENCH_MAX_ATTEMPTS", d.maxAttempts());
    long baseMs = positive("VALBENCH_RETRY_BASE_MS", (int) d.baseDelay().toMillis());
    return new RetryPolicy(
        attempts,
        Duration.ofMillis(baseMs),
        Duration.ofMillis(Math.max(baseMs, d.maxDelay().toMillis())),
        d.budget());
  }

  private int positive(String name, int fallback) {
    Optional<String> value = env.get(name);
    if (value.isEmpty()) {
      return fallback;
    }
    try {
      int parsed = Integer.parseInt(value.get().strip());
      if (parsed >= 1) {
        return parsed;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw UserError.badInput(
        name + ": expected a whole number of at least 1 (found '" + value.get().strip() + "')");
  }

  public Path localData() {
    return workDir.resolve(LOCAL_DATA);
  }

  /**
   * Resolves dataset names, downloading Hub ids ({@code split} at {@code revision}) into the cache
   * in {@code VALBENCH_HUB_CACHE}, else {@code $XDG_CACHE_HOME/valbench/hub}, else {@code
   * ~/.cache/valbench/hub}.
   */
  public DatasetResolver datasets(String split, String revision) {
    return new DatasetResolver(
        workDir, new DatasetResolver.Downloads(env, hubCache(), split, revision, err));
  }

  /**
   * The reference implementation's files: from {@code VALBENCH_REFERENCE_URL} (default: GitHub's
   * raw files), cached in the {@code reference/} folder of the Hub cache, one folder per commit.
   */
  public ReferenceFiles referenceFiles() {
    return new ReferenceFiles(
        env.get(ReferenceFiles.URL_VARIABLE).orElse(ReferenceFiles.DEFAULT_URL),
        hubCache().resolve("reference"),
        referencePin);
  }

  private Path hubCache() {
    return env.get("VALBENCH_HUB_CACHE")
        .map(Path::of)
        .orElseGet(
            () ->
                env.get("XDG_CACHE_HOME")
                    .map(Path::of)
                    .orElseGet(() -> Path.of(System.getProperty("user.home"), ".cache"))
                    .resolve("valbench")
                    .resolve("hub"));
  }

  public Path resolve(String path) {
    return workDir.resolve(path).normalize();
  }

  /** A runner over {@code local_data/} that prints one line per step start and end. */
  public StepRunner stepRunner() {
    return new StepRunner(new CheckpointStore(localData()), new StepLines(err, workDir), nanoTime);
  }

  /** Prints steps as {@code step load-pairs: ran, 48 rows, 0.21 s}. */
  static final class StepLines implements StepListener {
    private final PrintWriter err;
    private final Path workDir;

    StepLines(PrintWriter err, Path workDir) {
      this.err = err;
      this.workDir = workDir;
    }

    @Override
    public void discarded(String step, Path data, String reason) {
      Path shown = data.startsWith(workDir) ? workDir.relativize(data) : data;
      err.println(
          "step "
              + step
              + ": discarded the damaged checkpoint "
              + shown
              + " ("
              + reason
              + "); running the step again");
      err.flush();
    }

    @Override
    public void waiting(String step, java.util.OptionalLong holder) {
      err.println(
          "step "
              + step
              + ": waiting for another valbench run"
              + (holder.isPresent() ? " (process " + holder.getAsLong() + ")" : "")
              + " that is computing this step on the same inputs; its result is reused once it"
              + " is finished");
      err.flush();
    }

    @Override
    public void started(String step) {
      err.println("step " + step + ": started");
      err.flush();
    }

    @Override
    public void finished(String step, boolean reused, int rows, double seconds, boolean committed) {
      err.println(
          String.format(
              java.util.Locale.ROOT,
              "step %s: %s, %d rows, %.2f s%s",
              step,
              reused ? "cached" : "ran",
              rows,
              seconds,
              committed ? "" : " (not checkpointed: it holds failures to retry)"));
      err.flush();
    }
  }
}
