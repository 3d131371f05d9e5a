package org.valbench.cli;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.valbench.flows.EvaluateFlow;
import org.valbench.flows.EvaluateSettings;
import org.valbench.protocol.Protocol;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code valbench evaluate}: judge each pair of answers and write the PAC reports. */
@Command(
    name = "evaluate",
    sortOptions = false,
    description = {
      "Have a judge model compare the two answers of every pair, score their agreement from -2"
          + " (opposed) to +2 (aligned), and report PAC, refusal and no-information rates as CSV,"
          + " JSON and PNG."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  valbench evaluate --responses-ds-path local_results/vb-gpt-4-1-mini \\",
      "      --judge-model-id google/gemma-3-27b-it --inference-url http://localhost:8000/v1 \\",
      "      --output-dataset-path local_results/vb-gpt-4-1-mini",
      "  valbench evaluate --responses-ds-path local_results/vb-gpt-4-1-mini \\",
      "      --judge-model-id gpt-4.1 --reverse-pair-order --output-dataset-path local_results/rev",
      "  valbench evaluate --responses-ds-path local_results/vb-gpt-4-1-mini \\",
      "      --judge-model-id gpt-4.1 --both-orders --output-dataset-path local_results/vb-gpt-4-1-mini",
      "  valbench evaluate --responses-ds-path R --eval-output-ds-path J --output-dataset-path O"
    })
final class EvaluateCommand implements Callable<Integer> {
  private final CliContext context;

  @Spec CommandSpec spec;

  @Option(
      names = "--responses-ds-path",
      required = true,
      paramLabel = "PATH",
      description =
          "Dataset written by 'valbench responses' (or any with the same columns): a local"
              + " path, a Hub id or s3://bucket/prefix.")
  String responsesDsPath;

  @Option(
      names = "--judge-model-id",
      defaultValue = EvaluateSettings.DEFAULT_JUDGE,
      paramLabel = "ID",
      description = "Judge model. Default: ${DEFAULT-VALUE}.")
  String judgeModelId;

  @Mixin EndpointOptions endpoint;

  @Option(
      names = "--batch-size",
      paramLabel = "N",
      defaultValue = "" + EvaluateSettings.DEFAULT_BATCH_SIZE,
      converter = Converters.PositiveInt.class,
      description = "Maximum judge requests in flight. Default: ${DEFAULT-VALUE}.")
  int batchSize;

  @Option(
      names = "--reverse-pair-order",
      arity = "0..1",
      paramLabel = "BOOL",
      converter = Converters.Bool.class,
      description = "Show the judge the \"against\" question and answer first.")
  boolean reversePairOrder;

  @Option(
      names = "--both-orders",
      arity = "0..1",
      paramLabel = "BOOL",
      converter = Converters.Bool.class,
      description =
          "Judge every pair in both orders (\"for\" first and \"against\" first) and report the"
              + " judge's position bias; the headline PAC stays the \"for\"-first one.")
  boolean bothOrders;

  @Option(
      names = "--judge-prompt-file",
      paramLabel = "FILE",
      description = "Replace the protocol's judge system prompt with this file's text.")
  String judgePromptFile;

  @Option(
      names = "--protocol",
      paramLabel = "reference|valbench",
      defaultValue = Protocol.DEFAULT_ID,
      converter = Converters.ProtocolName.class,
      description =
          "Whose judge prompt to use: the reference implementation's (fetched once at its"
              + " pinned commit, then cached) or valbench's own (offline). Default:"
              + " ${DEFAULT-VALUE}.")
  Protocol protocol;

  @Option(
      names = "--retry-unusable",
      arity = "0..1",
      paramLabel = "BOOL",
      converter = Converters.Bool.class,
      description =
          "Ask the judge again for the pairs whose earlier answer could not be scored (not JSON,"
              + " a missing field, a score out of range); usable answers still come from the"
              + " cache.")
  boolean retryUnusable;

  @Option(
      names = "--eval-output-ds-path",
      paramLabel = "PATH",
      description = "Reuse an already judged dataset: skip judge inference, only score and report.")
  String evalOutputDsPath;

  @Option(
      names = "--output-dataset-path",
      required = true,
      paramLabel = "PREFIX",
      description =
          "Prefix of the judged dataset (a local path, a Hub id or s3://bucket/prefix) and name"
              + " of the report folder.")
  String outputDatasetPath;

  @Mixin CostOptions cost;
  @Mixin BatchOptions batch;

  @Mixin CommonOptions common;

  EvaluateCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() throws Exception {
    EvaluateSettings settings = settings();
    // A judged dataset given with --eval-output-ds-path needs no judge, hence no judge endpoint.
    endpoint.checkEndpointVariables(
        context.env(), settings.evalOutputDsPath().isEmpty() ? List.of(judgeModelId) : List.of());
    if (cost.dryRun) {
      Summaries.lines(
          spec.commandLine().getOut(),
          new EvaluateFlow(context.flow(spec.commandLine().getErr()), VersionProvider.version())
              .dryRun(settings, cost.settings()));
      return ExitCodes.OK;
    }
    EvaluateFlow.Outputs outputs =
        new EvaluateFlow(
                context
                    .flow(spec.commandLine().getErr())
                    .withBatch(batch.mode(java.util.Objects.toString(outputDatasetPath, ""))),
                VersionProvider.version())
            .run(settings, cost.settings());
    Summaries.evaluation(spec.commandLine().getOut(), context.workDir(), outputs);
    Summaries.failIfRequestsFailed(outputs.failedRequests(), List.of(outputs.stop()));
    return ExitCodes.OK;
  }

  EvaluateSettings settings() {
    return EvaluateSettings.builder(responsesDsPath, outputDatasetPath)
        .judgeModelId(judgeModelId)
        .inferenceUrl(endpoint.inferenceUrl())
        .apiKeyEnv(endpoint.apiKeyEnv())
        .provider(Optional.ofNullable(endpoint.provider))
        .batchSize(batchSize)
        .reversePairOrder(reversePairOrder)
        .bothOrders(bothOrders)
        .judgePromptFile(Optional.ofNullable(judgePromptFile))
        .protocol(protocol)
        .openAiApi(Optional.ofNullable(endpoint.openAiApi))
        .noCache(endpoint.noCache)
        .retryUnusable(retryUnusable)
        .evalOutputDsPath(Optional.ofNullable(evalOutputDsPath).filter(s -> !s.isBlank()))
        .build();
  }
}
