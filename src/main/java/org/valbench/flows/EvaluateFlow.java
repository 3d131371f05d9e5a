package org.valbench.flows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.valbench.common.Hashing;
import org.valbench.common.UserError;
import org.valbench.dataset.DatasetSource;
import org.valbench.dataset.SaveToDiskFormat;
import org.valbench.judge.JudgePrompt;
import org.valbench.metrics.EvaluationMetrics;
import org.valbench.metrics.NoUsableRowsException;
import org.valbench.metrics.PacMetrics;
import org.valbench.pipeline.Checkpoint;
import org.valbench.pipeline.OutputLock;
import org.valbench.pipeline.StepRunner;
import org.valbench.report.ReportWriter;
import org.valbench.report.RunInfo;

/**
 * {@code valbench evaluate}: load responses, build judge prompts, judge, score, report. This
 * version scores and reports an already judged dataset ({@code --eval-output-ds-path}) with no
 * network access; judging itself needs the inference engine.
 */
public final class EvaluateFlow {
  private final FlowContext context;
  private final String version;

  public EvaluateFlow(FlowContext context, String version) {
    this.context = context;
    this.version = version;
  }

  /** What an evaluation wrote. */
  public record Outputs(Path judgedDataset, Path reportDir, List<Path> reports, EvaluationMetrics metrics) {}

  public Outputs run(EvaluateSettings settings) throws Exception {
    DatasetSource.resolve(settings.responsesDsPath(), context.workDir());
    String judgePrompt = judgePrompt(settings);
    if (settings.evalOutputDsPath().isEmpty()) {
      throw new UserError(
          UserError.Kind.NOT_AVAILABLE,
          "evaluate: judging needs the inference engine, which this version of valbench does not"
              + " have yet; to score and report an already judged dataset, pass"
              + " --eval-output-ds-path");
    }
    String judgedSpec = settings.evalOutputDsPath().get();
    DatasetSource judgedSource = DatasetSource.resolve(judgedSpec, context.workDir());
    Path judgedOut =
        context.resolve(OutputNames.judgedDataset(settings.outputDatasetPath(), settings.judgeModelId()));
    Path reportDir =
        context.resolve(OutputNames.reportDir(settings.outputDatasetPath(), settings.judgeModelId()));
    try (OutputLock lock = OutputLocks.lock(context, judgedOut)) {
      StepRunner runner = context.stepRunner();
      Checkpoint judged = runner.run(new LoadTableStep("load-judged", judgedSource));
      Checkpoint scored = runner.run(new ScoreJudgementsStep(judged, judgedSpec));
      SaveToDiskFormat.write(scored.table(), judgedOut);

      ScoredRows rows = ScoredRows.of(scored.table());
      EvaluationMetrics metrics;
      try {
        metrics = PacMetrics.compute(rows.usable(), rows.unusableJudge(), rows.failed());
      } catch (NoUsableRowsException e) {
        throw UserError.badInput(judgedSpec + ": " + e.getMessage(), e);
      }
      context.err().println("step report: started");
      long start = context.nanoTime().getAsLong();
      List<Path> reports =
          ReportWriter.write(metrics, runInfo(settings, judgePrompt, judgedSource), reportDir);
      context.err().println(
          String.format(
              java.util.Locale.ROOT,
              "step report: ran, %d rows, %.2f s",
              metrics.totalRows(),
              (context.nanoTime().getAsLong() - start) / 1e9));
      return new Outputs(judgedOut, reportDir, reports, metrics);
    }
  }

  private String judgePrompt(EvaluateSettings settings) {
    if (settings.judgePromptFile().isEmpty()) {
      return JudgePrompt.SYSTEM_PROMPT;
    }
    Path file = context.resolve(settings.judgePromptFile().get());
    try {
      String text = Files.readString(file);
      if (text.isBlank()) {
        throw UserError.badInput("--judge-prompt-file " + file + ": the file is empty");
      }
      return text;
    } catch (java.io.IOException e) {
      throw UserError.badInput("--judge-prompt-file " + file + ": cannot read (" + e.getMessage() + ")", e);
    }
  }

  private RunInfo runInfo(EvaluateSettings settings, String judgePrompt, DatasetSource judged) {
    Map<String, Object> parameters = new LinkedHashMap<>();
    parameters.put("command", "evaluate");
    parameters.put("responses_ds_path", settings.responsesDsPath());
    parameters.put("eval_output_ds_path", settings.evalOutputDsPath().orElse(null));
    parameters.put("eval_output_fingerprint", judged.fingerprint());
    parameters.put("judge_model_id", settings.judgeModelId());
    parameters.put("judge_prompt_sha256", Hashing.sha256Hex(judgePrompt));
    parameters.put("judge_prompt_builtin", settings.judgePromptFile().isEmpty());
    parameters.put("reverse_pair_order", settings.reversePairOrder());
    parameters.put("output_dataset_path", settings.outputDatasetPath());
    return new RunInfo(version, parameters);
  }
}
