package org.valbench.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import org.valbench.flows.FlowContext;
import org.valbench.inference.BatchJournal;
import org.valbench.inference.BatchTransport;
import org.valbench.inference.BatchesInFlightException;
import org.valbench.inference.ModelClient;
import org.valbench.inference.ProviderConfig;
import org.valbench.inference.Providers;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code valbench batch status|cancel}: the provider batches of an output's {@code --batch} run.
 */
@Command(
    name = "batch",
    description = {
      "The provider batches a '--batch' run left in flight, from the journal in"
          + " local_data/batches.sqlite: 'status' lists them (exit 7 while some are in flight),"
          + " 'cancel' asks the provider to cancel them (the next run collects what they"
          + " answered and sends the rest again)."
    })
final class BatchCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return ExitCodes.BAD_INPUT;
  }

  private static BatchJournal journal(CliContext context) {
    return BatchJournal.open(
        context.workDir().resolve(FlowContext.LOCAL_DATA).resolve(BatchJournal.FILE),
        Path.of(FlowContext.LOCAL_DATA, BatchJournal.FILE));
  }

  /** Lists the chunks of one output's run (or all), one line each. */
  @Command(name = "status", description = "List the batches of a --batch run, one line each.")
  static final class Status implements Callable<Integer> {
    private final CliContext context;

    @Spec CommandSpec spec;

    @Option(
        names = "--output-dataset-path",
        paramLabel = "PATH",
        description = "The run's --output-dataset-path, as given; default: every run.")
    String output;

    Status(CliContext context) {
      this.context = context;
    }

    @Override
    public Integer call() {
      try (BatchJournal journal = journal(context)) {
        List<BatchJournal.Chunk> chunks = journal.chunks(output == null ? "" : output);
        long inFlight = 0;
        for (BatchJournal.Chunk c : chunks) {
          spec.commandLine()
              .getOut()
              .println(
                  c.batchId().orElse("(not created)")
                      + " "
                      + c.state().name().toLowerCase(java.util.Locale.ROOT)
                      + " "
                      + c.keys().size()
                      + " requests, "
                      + c.model()
                      + ", "
                      + c.scope()
                      + ", created "
                      + c.createdAt()
                      + (c.detail().isEmpty() ? "" : ", " + c.detail()));
          inFlight += c.state().inFlight() ? 1 : 0;
        }
        spec.commandLine().getOut().flush();
        if (inFlight > 0) {
          throw new BatchesInFlightException(
              inFlight + " batches in flight; run the same command again later to collect them");
        }
        return ExitCodes.OK;
      }
    }
  }

  /** Cancels what one output's run has in flight. */
  @Command(
      name = "cancel",
      description = "Ask the provider to cancel the batches in flight of a --batch run.")
  static final class Cancel implements Callable<Integer> {
    private final CliContext context;

    @Spec CommandSpec spec;

    @Mixin EndpointOptions endpoint;

    @Option(
        names = "--output-dataset-path",
        paramLabel = "PATH",
        description = "The run's --output-dataset-path, as given; default: every run.")
    String output;

    Cancel(CliContext context) {
      this.context = context;
    }

    @Override
    public Integer call() throws Exception {
      try (BatchJournal journal = journal(context)) {
        String scope = output == null ? "" : output;
        Set<String> models = new LinkedHashSet<>();
        for (BatchJournal.Chunk c : journal.chunks(scope)) {
          if (c.state() == BatchJournal.State.SUBMITTED) {
            models.add(c.model());
          }
        }
        int cancelled = 0;
        for (String model : models) {
          ProviderConfig provider =
              ProviderConfig.resolve(
                      Optional.ofNullable(endpoint.provider),
                      model,
                      endpoint.inferenceUrl(),
                      Optional.ofNullable(endpoint.openAiApi),
                      context.env(),
                      Duration.ofMinutes(1),
                      1)
                  .withApiKeyVariable(endpoint.apiKeyEnv());
          try (ModelClient client = Providers.create(provider)) {
            cancelled += BatchTransport.cancelInFlight(client, journal, scope, model).size();
          }
        }
        spec.commandLine()
            .getOut()
            .println(
                "cancel requested for "
                    + cancelled
                    + " batches; run the same command again to collect what they answered");
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
      }
    }
  }
}
