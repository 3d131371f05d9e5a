package org.valbench.flows;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.valbench.dataset.DatasetSource;
import org.valbench.inference.GenerationSettings;
import org.valbench.inference.ProviderConfig;
import org.valbench.pipeline.Checkpoint;
import org.valbench.pipeline.OutputLock;
import org.valbench.pipeline.StepRunner;

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

  /** One model's output: where it went, how many pairs, how many requests failed. */
  public record Output(String model, Path dataset, int pairs, long failedRequests) {}

  /** Runs every model in turn; the caller maps failed requests to exit code 3. */
  public List<Output> run(ResponsesSettings settings) throws Exception {
    DatasetSource source =
        DatasetSource.resolve(
            settings.datasetId(),
            context.workDir(),
            context.hub(settings.split(), settings.revision()));
    StepRunner runner = context.stepRunner();
    Checkpoint pairs = runner.run(new LoadPairsStep(source, settings.limit()));
    List<Output> outputs = new ArrayList<>();
    for (String model : settings.modelIds()) {
      outputs.add(runModel(settings, model, pairs, runner));
    }
    return outputs;
  }

  private Output runModel(
      ResponsesSettings settings, String model, Checkpoint pairs, StepRunner runner)
      throws Exception {
    String name =
        OutputNames.responsesDataset(
            settings.outputDatasetPath(),
            model,
            settings.enableThinking(),
            settings.enableWebSearch());
    boolean toHub = HubPush.isHubTarget(context, name);
    Path output = context.resolve(toHub ? HubPush.localCopy(name) : name);
    try (OutputLock lock = OutputLocks.lock(context, output)) {
      InferenceRunner inference = new InferenceRunner(context);
      ProviderConfig provider =
          inference.provider(
              settings.provider(),
              model,
              settings.inferenceUrl(),
              settings.openAiApi(),
              settings.batchSize());
      InferenceSpec spec =
          new InferenceSpec(
              provider,
              model,
              new GenerationSettings(
                  settings.temperature(),
                  settings.topP(),
                  settings.maxTokens(),
                  settings.enableThinking(),
                  settings.enableWebSearch()),
              settings.systemPrompt(),
              Optional.empty(),
              settings.batchSize(),
              settings.noCache());
      Checkpoint prompts = runner.run(new BuildPromptsStep(pairs, settings.systemPrompt()));
      Checkpoint forAnswers =
          runner.run(
              new GenerateStep(
                  "generate-for", prompts, "for_prompt", "for_response", "for", spec, inference));
      Checkpoint againstAnswers =
          runner.run(
              new GenerateStep(
                  "generate-against",
                  prompts,
                  "against_prompt",
                  "against_response",
                  "against",
                  spec,
                  inference));
      Checkpoint combined =
          runner.run(
              new JoinStep(
                  "combine-responses", pairs, List.of(prompts, forAnswers, againstAnswers)));
      runner.read(
          combined,
          checkpoint -> {
            OutputWriter.writeUnlessCurrent(checkpoint, output);
            return null;
          });
      if (toHub) {
        HubPush.push(
            context,
            combined,
            name,
            "VAL-Bench responses of " + model,
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
                    inference.failed())));
      }
      return new Output(model, output, (int) combined.rows(), inference.failed());
    }
  }
}
