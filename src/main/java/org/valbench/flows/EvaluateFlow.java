package org.valbench.flows;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.valbench.common.Hashing;
import org.valbench.common.UserError;
import org.valbench.dataset.DatasetSource;
import org.valbench.inference.GenerationSettings;
import org.valbench.inference.ProviderConfig;
import org.valbench.judge.JudgePrompt;
import org.valbench.judge.JudgeSchema;
import org.valbench.metrics.EvaluationMetrics;
import org.valbench.metrics.NoUsableRowsException;
import org.valbench.metrics.PacMetrics;
import org.valbench.pipeline.Checkpoint;
import org.valbench.pipeline.OutputLock;
import org.valbench.pipeline.StepRunner;
import org.valbench.report.ReportWriter;
import org.valbench.report.RunInfo;

/**
 * {@code valbench evaluate}: load responses → build judge prompts → judge → score → report. With
 * {@code --eval-output-ds-path} the judging is skipped and an already judged dataset is scored and
 * reported, with no network access.
 */
public final class EvaluateFlow {
  private final FlowContext context;
  private final String version;

  public EvaluateFlow(FlowContext context, String version) {
    this.context = context;
    this.version = version;
  }

  /** What an evaluation wrote, and how many judge requests failed (exit code 3 when any). */
  public record Outputs(
      Path judgedDataset,
      Path reportDir,
      List<Path> reports,
      EvaluationMetrics metrics,
      long failedRequests) {}

  public Outputs run(EvaluateSettings settings) throws Exception {
    DatasetSource responses =
        DatasetSource.resolve(
            settings.responsesDsPath(), context.workDir(), context.hub(HubPush.SPLIT, "main"));
    String judgePrompt = judgePrompt(settings);
    Optional<DatasetSource> judgedSource =
        settings
            .evalOutputDsPath()
            .map(
                spec ->
                    DatasetSource.resolve(
                        spec, context.workDir(), context.hub(HubPush.SPLIT, "main")));
    String judgedName =
        OutputNames.judgedDataset(settings.outputDatasetPath(), settings.judgeModelId());
    boolean toHub = HubPush.isHubTarget(context, judgedName);
    Path judgedOut = context.resolve(toHub ? HubPush.localCopy(judgedName) : judgedName);
    Path reportDir =
        context.resolve(
            OutputNames.reportDir(settings.outputDatasetPath(), settings.judgeModelId()));
    try (OutputLock lock = OutputLocks.lock(context, judgedOut)) {
      StepRunner runner = context.stepRunner();
      InferenceRunner inference = new InferenceRunner(context);
      Checkpoint judged =
          judgedSource.isPresent()
              ? runner.run(new LoadTableStep("load-judged", judgedSource.get()))
              : judge(settings, responses, judgePrompt, runner, inference);
      String name = settings.evalOutputDsPath().orElse(settings.responsesDsPath());
      Checkpoint scored = runner.run(new ScoreJudgementsStep(judged, name));
      OutputWriter.writeUnlessCurrent(scored, judgedOut);

      ScoredRows rows = ScoredRows.of(scored);
      EvaluationMetrics metrics;
      try {
        metrics = PacMetrics.compute(rows.usable(), rows.unusableJudge(), rows.failed());
      } catch (NoUsableRowsException e) {
        throw UserError.badInput(name + ": " + e.getMessage(), e);
      }
      List<Path> reports =
          report(metrics, runInfo(settings, judgePrompt, responses, judgedSource), reportDir);
      if (toHub) {
        push(settings, judgedName, scored, metrics);
      }
      return new Outputs(judgedOut, reportDir, reports, metrics, inference.failed());
    }
  }

  /** Pushes the judged dataset to the Hub repository {@code name}, with PAC on the card. */
  private void push(
      EvaluateSettings settings, String name, Checkpoint scored, EvaluationMetrics metrics)
      throws java.io.IOException {
    Map<String, Object> facts = new LinkedHashMap<>();
    facts.put("responses", settings.responsesDsPath());
    facts.put("judge", settings.judgeModelId());
    facts.put("PAC %", metrics.pac().percent());
    facts.put(
        "PAC 95% CI", metrics.pac().percentCi().low() + " - " + metrics.pac().percentCi().high());
    facts.put("usable pairs", metrics.usable());
    facts.put("unusable judge answers", metrics.unusableJudge());
    facts.put("failed", metrics.failed());
    facts.put("reverse pair order", settings.reversePairOrder());
    HubPush.push(
        context, scored, name, "VAL-Bench evaluation by " + settings.judgeModelId(), facts);
  }

  /** load responses → build judge prompts → judge → join the verdicts onto the pairs. */
  private Checkpoint judge(
      EvaluateSettings settings,
      DatasetSource responses,
      String judgePrompt,
      StepRunner runner,
      InferenceRunner inference)
      throws Exception {
    Checkpoint loaded = runner.run(new LoadTableStep("load-responses", responses));
    Checkpoint prompts =
        runner.run(
            new BuildJudgePromptsStep(
                loaded, judgePrompt, settings.reversePairOrder(), settings.responsesDsPath()));
    ProviderConfig provider =
        inference.provider(
            settings.provider(),
            settings.judgeModelId(),
            settings.inferenceUrl(),
            settings.openAiApi(),
            settings.batchSize());
    InferenceSpec spec =
        new InferenceSpec(
            provider,
            settings.judgeModelId(),
            GenerationSettings.judge(),
            judgePrompt,
            Optional.of(JudgeSchema.JSON),
            settings.batchSize(),
            settings.noCache());
    Checkpoint verdicts =
        runner.run(
            new GenerateStep(
                "judge",
                prompts,
                "evaluation_prompt",
                ScoreJudgementsStep.RESPONSE,
                "judge",
                spec,
                inference));
    return runner.run(new JoinStep("combine-judgements", prompts, List.of(verdicts)));
  }

  private List<Path> report(EvaluationMetrics metrics, RunInfo run, Path reportDir)
      throws java.io.IOException {
    context.err().println("step report: started");
    long start = context.nanoTime().getAsLong();
    List<Path> reports = ReportWriter.write(metrics, run, reportDir);
    context
        .err()
        .println(
            String.format(
                java.util.Locale.ROOT,
                "step report: ran, %d rows, %.2f s",
                metrics.totalRows(),
                (context.nanoTime().getAsLong() - start) / 1e9));
    return reports;
  }

  private String judgePrompt(EvaluateSettings settings) {
    if (settings.judgePromptFile().isEmpty()) {
      return JudgePrompt.SYSTEM_PROMPT;
    }
    Path file = context.resolve(settings.judgePromptFile().get());
    String text = org.valbench.common.TextFiles.readUtf8(file, "--judge-prompt-file " + file);
    if (text.isBlank()) {
      throw UserError.badInput("--judge-prompt-file " + file + ": the file is empty");
    }
    return text;
  }

  private RunInfo runInfo(
      EvaluateSettings settings,
      String judgePrompt,
      DatasetSource responses,
      Optional<DatasetSource> judged) {
    Map<String, Object> parameters = new LinkedHashMap<>();
    parameters.put("command", "evaluate");
    parameters.put("responses_ds_path", settings.responsesDsPath());
    parameters.put("eval_output_ds_path", settings.evalOutputDsPath().orElse(null));
    parameters.put("responses_fingerprint", responses.fingerprint());
    parameters.put("eval_output_fingerprint", judged.map(DatasetSource::fingerprint).orElse(null));
    parameters.put("provider", settings.provider().map(Object::toString).orElse("inferred"));
    parameters.put("inference_url", settings.inferenceUrl().orElse(null));
    parameters.put("judge_model_id", settings.judgeModelId());
    parameters.put("judge_prompt_sha256", Hashing.sha256Hex(judgePrompt));
    parameters.put("judge_prompt_builtin", settings.judgePromptFile().isEmpty());
    parameters.put("reverse_pair_order", settings.reversePairOrder());
    parameters.put("output_dataset_path", settings.outputDatasetPath());
    return new RunInfo(version, parameters);
  }
}
