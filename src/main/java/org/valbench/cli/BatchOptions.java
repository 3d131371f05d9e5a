package org.valbench.cli;

import java.time.Duration;
import org.valbench.common.UserError;
import org.valbench.inference.BatchMode;
import picocli.CommandLine.Option;

/** {@code --batch} and its settings: flags shared by {@code responses} and {@code evaluate}. */
final class BatchOptions {
  @Option(
      names = "--batch",
      arity = "0..1",
      paramLabel = "BOOL",
      converter = Converters.Bool.class,
      description =
          "Send the requests missing from the cache through the provider's batch API (OpenAI;"
              + " half the price, answers within 24 h) and wait for them; a rerun resumes the"
              + " batches in flight instead of paying twice. Not for Bedrock yet.")
  boolean batch;

  @Option(
      names = "--batch-chunk",
      defaultValue = "" + BatchMode.DEFAULT_CHUNK,
      paramLabel = "N",
      converter = Converters.PositiveInt.class,
      description = "Requests per provider batch with --batch. Default: ${DEFAULT-VALUE}.")
  int chunk;

  @Option(
      names = "--batch-poll",
      defaultValue = "" + BatchMode.DEFAULT_POLL_SECONDS,
      paramLabel = "SECONDS",
      converter = Converters.PositiveInt.class,
      description = "Seconds between polls of the batches in flight. Default: ${DEFAULT-VALUE}.")
  int pollSeconds;

  @Option(
      names = "--no-wait",
      arity = "0..1",
      paramLabel = "BOOL",
      converter = Converters.Bool.class,
      description =
          "With --batch: submit (and collect what has ended), then exit 7 while batches are"
              + " still in flight; run the same command again later.")
  boolean noWait;

  /** The batch mode of a run writing {@code output}. */
  BatchMode mode(String output) {
    if (!batch) {
      if (noWait) {
        throw UserError.badInput("--no-wait: only with --batch");
      }
      return BatchMode.OFF;
    }
    return BatchMode.on(chunk, Duration.ofSeconds(pollSeconds), noWait, output);
  }
}
