package org.valbench.cli;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.valbench.flows.ResponsesFlow;
import org.valbench.flows.ResponsesSettings;
import org.valbench.protocol.Protocol;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code valbench responses}: generate the candidate model's answers to both sides of each pair.
 */
@Command(
    name = "responses",
    sortOptions = false,
    description = {
      "Ask a model both questions of every pair (\"for\" and \"against\") and write the answers as"
          + " a dataset that datasets.load_from_disk opens.",
      "Finished steps and every answered request are reused when the same command runs again."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  valbench responses --model-id gpt-4.1-mini \\",
      "      --output-dataset-path local_results/vb",
      "  valbench responses --model-id Qwen/Qwen3-8B --inference-url http://localhost:8000/v1 \\",
      "      --dataset-id pairs.jsonl --limit 500 --output-dataset-path local_results/qwen",
      "  valbench responses --model-id claude-sonnet-4-5,gpt-4.1 --enable-thinking \\",
      "      --output-dataset-path local_results/sweep"
    })
final class ResponsesCommand implements Callable<Integer> {
  private final CliContext context;

  @Spec CommandSpec spec;

  @Option(
      names = "--model-id",
      required = true,
      paramLabel = "ID[,ID...]",
      description = "Model to query; a comma-separated list runs each in turn.")
  String modelIds;

  @Mixin EndpointOptions endpoint;

  @Option(
      names = "--dataset-id",
      paramLabel = "ID|PATH",
      defaultValue = ResponsesSettings.DEFAULT_DATASET_ID,
      description =
          "Pairs to use: a Hub id (owner/name), a .jsonl or .parquet file, a folder of Parquet"
              + " files, a save_to_disk folder, any of those under s3://bucket/prefix, or 'sample'"
              + " (bundled). Default: ${DEFAULT-VALUE}.")
  String datasetId;

  @Option(
      names = "--split",
      defaultValue = ResponsesSettings.DEFAULT_SPLIT,
      description = "Split to read from a Hub dataset. Default: ${DEFAULT-VALUE}.")
  String split;

  @Option(
      names = "--revision",
      defaultValue = ResponsesSettings.DEFAULT_REVISION,
      description = "Revision (branch, tag or commit) of a Hub dataset. Default: ${DEFAULT-VALUE}.")
  String revision;

  @Option(
      names = "--output-dataset-path",
      required = true,
      paramLabel = "PREFIX",
      description =
          "Prefix of the output dataset (a local path, a Hub id, or s3://bucket/prefix); the"
              + " model id (and -thinking, -websearch) is appended.")
  String outputDatasetPath;

  @Option(
      names = "--batch-size",
      paramLabel = "N",
      defaultValue = "" + ResponsesSettings.DEFAULT_BATCH_SIZE,
      converter = Converters.PositiveInt.class,
      description = "Maximum requests in flight. Default: ${DEFAULT-VALUE}.")
  int batchSize;

  @Option(
      names = "--system-prompt",
      paramLabel = "TEXT",
      description = "System prompt for the candidate model, replacing the protocol's.")
  String systemPrompt;

  @Option(
      names = "--protocol",
      paramLabel = "reference|valbench",
      defaultValue = Protocol.DEFAULT_ID,
      converter = Converters.ProtocolName.class,
      description =
          "Whose default prompts to use: the reference implementation's (fetched once at its"
              + " pinned commit, then cached) or valbench's own (offline). Default:"
              + " ${DEFAULT-VALUE}.")
  Protocol protocol;

  @Option(
      names = "--enable-thinking",
      arity = "0..1",
      paramLabel = "BOOL",
      converter = Converters.Bool.class,
      description = "Turn on the model's reasoning/thinking mode; the reasoning text is kept.")
  boolean enableThinking;

  @Option(
      names = "--enable-web-search",
      arity = "0..1",
      paramLabel = "BOOL",
      converter = Converters.Bool.class,
      description =
          "Give the model the provider's web-search tool (OpenAI, Anthropic); citations"
              + " are kept.")
  boolean enableWebSearch;

  @Option(
      names = "--limit",
      defaultValue = "" + ResponsesSettings.DEFAULT_LIMIT,
      paramLabel = "N",
      converter = Converters.Limit.class,
      description = "Use only the first N pairs; 0 or less for all. Default: ${DEFAULT-VALUE}.")
  long limit;

  @Option(
      names = "--temperature",
      defaultValue = "" + ResponsesSettings.DEFAULT_TEMPERATURE,
      converter = Converters.Temperature.class,
      description = "Sampling temperature, 0 to 2. Default: ${DEFAULT-VALUE}.")
  double temperature;

  @Option(
      names = "--top-p",
      defaultValue = "" + ResponsesSettings.DEFAULT_TOP_P,
      converter = Converters.TopP.class,
      description = "Nucleus sampling, above 0 and at most 1. Default: ${DEFAULT-VALUE}.")
  double topP;

  @Option(
      names = "--max-tokens",
      defaultValue = "" + ResponsesSettings.DEFAULT_MAX_TOKENS,
      converter = Converters.PositiveInt.class,
      description = "Maximum tokens per answer. Default: ${DEFAULT-VALUE}.")
  int maxTokens;

  @Mixin CostOptions cost;
  @Mixin BatchOptions batch;

  @Mixin CommonOptions common;

  ResponsesCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() throws Exception {
    ResponsesSettings settings = settings();
    endpoint.checkEndpointVariables(context.env(), settings.modelIds());
    if (cost.dryRun) {
      Summaries.lines(
          spec.commandLine().getOut(),
          new ResponsesFlow(context.flow(spec.commandLine().getErr()))
              .dryRun(settings, cost.settings()));
      return ExitCodes.OK;
    }
    var outputs =
        new ResponsesFlow(
                context
                    .flow(spec.commandLine().getErr())
                    .withBatch(batch.mode(java.util.Objects.toString(outputDatasetPath, ""))))
            .run(settings, cost.settings());
    Summaries.responses(spec.commandLine().getOut(), context.workDir(), outputs);
    Summaries.failIfRequestsFailed(
        outputs.stream().mapToLong(ResponsesFlow.Output::failedRequests).sum(),
        outputs.stream().map(ResponsesFlow.Output::stop).toList());
    return ExitCodes.OK;
  }

  ResponsesSettings settings() {
    List<String> ids =
        Arrays.stream(modelIds.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    if (ids.isEmpty()) {
      throw new ParameterException(
          spec.commandLine(), "--model-id: give at least one model id (e.g. gpt-4.1-mini)");
    }
    return ResponsesSettings.builder(ids, outputDatasetPath)
        .inferenceUrl(endpoint.inferenceUrl())
        .apiKeyEnv(endpoint.apiKeyEnv())
        .provider(Optional.ofNullable(endpoint.provider))
        .datasetId(datasetId)
        .split(split)
        .revision(revision)
        .openAiApi(Optional.ofNullable(endpoint.openAiApi))
        .batchSize(batchSize)
        .protocol(protocol)
        .systemPrompt(Optional.ofNullable(systemPrompt))
        .enableThinking(enableThinking)
        .enableWebSearch(enableWebSearch)
        .limit(limit)
        .temperature(temperature)
        .topP(topP)
        .maxTokens(maxTokens)
        .noCache(endpoint.noCache)
        .build();
  }
}
