package org.valbench.flows;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.valbench.dataset.DatasetSource;
import org.valbench.inference.GenerationSettings;
import org.valbench.inference.ProviderConfig;
import org.valbench.inference.Stop;
import org.valbench.pipeline.Checkpoint;
import org.valbench.pipeline.OutputLock;
import org.valbench.pipeline.StepRunner;
import org.valbench.protocol.ProtocolPrompt;

/**
 * {@code valbench responses}: load pairs → build prompts → generate "for" answers → generate
 * "against" answers → combine → write dataset, once per model. Every step is checkpointed; inside
 * generation every answered request is cached.
 */
public final class ResponsesFlow {
  private final FlowContext context;

  public ResponsesFlow(FlowContext context) {
    this.context = context;
  }

  /**
   * One model's output: where it went, how many pairs, how many requests failed, and why its
   * inference stopped early if it did.
   */
  public record Output(String model, Path dataset, int pairs, long failedRequests, Stop stop) {}

  /**
   * Runs every model in turn, whatever happened to the previous one's requests; the caller maps
   * failed requests and stops to the exit code.
   */
  public List<Output> run(ResponsesSettings settings) throws Exception {
    return run(settings, CostSettings.NONE);
  }

  /** As {@link #run(ResponsesSettings)}, with prices, a spending limit or a dry run. */
  public List<Output> run(ResponsesSettings settings, CostSettings cost) throws Exception {
    List<OutputTarget> targets = preflight(settings);
    Spending spending = Spending.of(context, cost);
    settings.modelIds().forEach(spending::checkPriced);
    DatasetSource source =
        context.datasets(settings.split(), settings.revision()).resolve(settings.datasetId());
    StepRunner runner = context.stepRunner();
    Checkpoint pairs = runner.run(new LoadPairsStep(source, settings.limit()));
    // After the pairs, so that a wrong file or column is named before any network trouble.
    ProtocolPrompt systemPrompt =
        ProtocolPrompts.candidate(context, settings.protocol(), settings.systemPrompt());
    for (String model : settings.modelIds()) {
      InferenceRunner.check(provider(settings, model, new InferenceRunner(context)));
    }
    List<Output> outputs = new ArrayList<>();
    for (int i = 0; i < targets.size(); i++) {
      outputs.add(
          runModel(
              settings,
              settings.modelIds().get(i),
              targets.get(i),
              pairs,
              systemPrompt,
              runner,
              spending));
    }
    return outputs;
  }

  /**
   * What can be checked before reading the pairs, for every model of the sweep: names, output
   * folders, Hub tokens, retry settings. Providers and their keys are checked once the pairs are
   * known to be usable, still before the first request.
   */
  private List<OutputTarget> preflight(ResponsesSettings settings) throws java.io.IOException {
    OutputNames.checkPrefix("--output-dataset-path", settings.outputDatasetPath());
    OutputNames.checkReadable("--dataset-id", settings.datasetId());
    OutputNames.checkText("--split", settings.split());
    OutputNames.checkText("--revision", settings.revision());
    context.retryPolicy();
    List<OutputTarget> targets = new ArrayList<>();
    for (String model : settings.modelIds()) {
      OutputNames.checkText("--model-id", model);
      String name =
          OutputNames.responsesDataset(
              settings.outputDatasetPath(),
              model,
              settings.enableThinking(),
              settings.enableWebSearch());
      targets.add(OutputTarget.of(context, name).check(context));
    }
    return targets;
  }

  private static ProviderConfig provider(
      ResponsesSettings settings, String model, InferenceRunner inference) {
    return inference.provider(
        settings.provider(),
        model,
        settings.inferenceUrl(),
        settings.apiKeyEnv(),
        settings.openAiApi(),
        settings.batchSize());
  }

  private static InferenceSpec spec(
      ResponsesSettings settings, String model, ProviderConfig provider, ProtocolPrompt prompt) {
    return new InferenceSpec(
        provider,
        model,
        new GenerationSettings(
            settings.temperature(),
            settings.topP(),
            settings.maxTokens(),
            settings.enableThinking(),
            settings.enableWebSearch()),
        prompt.text(),
        Optional.empty(),
        settings.batchSize(),
        settings.noCache() ? InferenceSpec.CacheUse.NONE : InferenceSpec.CacheUse.READ_WRITE);
  }

  /**
   * {@code --dry-run}: reads the pairs and builds the prompts as a run does, then counts, per model
   * and side, the requests that miss the cache with their estimated tokens and cost ({@link
   * DryRun}). Sends nothing and writes no output dataset; returns the lines to print.
   */
  public List<String> dryRun(ResponsesSettings settings, CostSettings cost) throws Exception {
    OutputNames.checkReadable("--dataset-id", settings.datasetId());
    context.retryPolicy();
    Spending spending = Spending.of(context, cost);
    DatasetSource source =
        context.datasets(settings.split(), settings.revision()).resolve(settings.datasetId());
    StepRunner runner = context.stepRunner();
    Checkpoint pairs = runner.run(new LoadPairsStep(source, settings.limit()));
    ProtocolPrompt systemPrompt =
        ProtocolPrompts.candidate(context, settings.protocol(), settings.systemPrompt());
    Checkpoint prompts = runner.run(new BuildPromptsStep(pairs, systemPrompt));
    List<DryRun.Estimate> estimates = new ArrayList<>();
    for (String model : settings.modelIds()) {
      InferenceRunner inference = new InferenceRunner(context, spending);
      InferenceSpec spec =
          spec(settings, model, provider(settings, model, inference), systemPrompt);
      for (Side side : Side.values()) {
        estimates.add(
            new GenerateStep(side.generateStep(), prompts, side.answer(), spec, inference)
                .estimate());
      }
    }
    return DryRun.lines(estimates, spending);
  }

  private Output runModel(
      ResponsesSettings settings,
      String model,
      OutputTarget target,
      Checkpoint pairs,
      ProtocolPrompt systemPrompt,
      StepRunner runner,
      Spending spending)
      throws Exception {
    String name = target.name();
    boolean toHub = target.toHub();
    Path output = target.folder();
    try (OutputLock lock = OutputLocks.lock(context, output)) {
      InferenceRunner inference = new InferenceRunner(context, spending);
      ProviderConfig provider = provider(settings, model, inference);
      InferenceSpec spec = spec(settings, model, provider, systemPrompt);
      Checkpoint prompts = runner.run(new BuildPromptsStep(pairs, systemPrompt));
      Checkpoint forAnswers =
          runner.run(
              new GenerateStep(
                  Side.FOR.generateStep(), prompts, Side.FOR.answer(), spec, inference));
      Checkpoint againstAnswers =
          runner.run(
              new GenerateStep(
                  Side.AGAINST.generateStep(), prompts, Side.AGAINST.answer(), spec, inference));
      Checkpoint combined =
          runner.run(
              new JoinStep(
                  "combine-responses", pairs, List.of(prompts, forAnswers, againstAnswers)));
      runner.read(
          combined,
          checkpoint -> {
            Map<String, Object> description =
                new java.util.LinkedHashMap<>(systemPrompt.provenance("system_prompt"));
            description.putAll(
                AnswerTokens.entries(
                    "",
                    AnswerTokens.of(
                        checkpoint,
                        List.of(Side.FOR.answer().usage(), Side.AGAINST.answer().usage()))));
            OutputWriter.writeUnlessCurrent(checkpoint, output, target.shown(), description);
            return null;
          });
      target.upload(context);
      if (toHub) {
        java.util.TreeMap<String, Object> facts =
            new java.util.TreeMap<>(
                Map.of(
                    "model",
                    model,
                    "dataset",
                    settings.datasetId(),
                    "temperature",
                    settings.temperature(),
                    "top_p",
                    settings.topP(),
                    "max_tokens",
                    settings.maxTokens(),
                    "thinking",
                    settings.enableThinking(),
                    "web_search",
                    settings.enableWebSearch(),
                    "failed requests",
                    inference.failed()));
        systemPrompt.provenance("system_prompt").forEach(facts::put);
        HubPush.push(context, combined, name, "VAL-Bench responses of " + model, facts);
      }
      return new Output(model, output, (int) combined.rows(), inference.failed(), inference.stop());
    }
  }
}
