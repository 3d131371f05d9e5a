package org.valbench.flows;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.valbench.common.StorageException;
import org.valbench.common.Urls;
import org.valbench.common.UserError;
import org.valbench.dataset.DatasetSource;
import org.valbench.inference.CredentialsRefusedException;
import org.valbench.inference.GenerationSettings;
import org.valbench.inference.ProviderConfig;
import org.valbench.inference.RequestsFailedException;
import org.valbench.inference.Stop;
import org.valbench.judge.JudgeSchema;
import org.valbench.metrics.EvaluationMetrics;
import org.valbench.metrics.NoUsableRowsException;
import org.valbench.metrics.PacMetrics;
import org.valbench.pipeline.Checkpoint;
import org.valbench.pipeline.OutputLock;
import org.valbench.pipeline.StepRunner;
import org.valbench.protocol.Protocol;
import org.valbench.protocol.ProtocolPrompt;
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

  /** What an evaluation wrote, how many judge requests failed, and why the judge stopped early. */
  public record Outputs(
      Path judgedDataset,
      Path reportDir,
      List<Path> reports,
      EvaluationMetrics metrics,
      long failedRequests,
      Stop stop) {}

  public Outputs run(EvaluateSettings settings) throws Exception {
    checkSettings(settings);
    DatasetSource responses =
        settings.responsesSplit().isPresent()
            ? context
                .datasets(settings.responsesSplit().get(), "main")
                .resolveSplitOrOnly(settings.responsesDsPath())
            : context.datasets(HubPush.SPLIT, "main").resolve(settings.responsesDsPath());
    Map<String, Object> judgeProvenance;
    ProtocolPrompt judgePrompt = null;
    if (settings.evalOutputDsPath().isPresent()
        && settings.judgePromptFile().isEmpty()
        && settings.protocol() == Protocol.REFERENCE) {
      // No judge runs: the reference files are not fetched; the pinned hash names the prompt.
      judgeProvenance = new LinkedHashMap<>();
      judgeProvenance.put("protocol", Protocol.REFERENCE.id());
      judgeProvenance.put("protocol_commit", context.referencePin().commit());
      judgeProvenance.put("judge_prompt_source", "reference (not fetched: no judge ran)");
      judgeProvenance.put("judge_prompt_sha256", context.referencePin().judge().promptSha256());
    } else {
      judgePrompt = judgePrompt(settings);
      judgeProvenance = judgePrompt.provenance("judge_prompt");
    }
    Optional<DatasetSource> judgedSource =
        settings
            .evalOutputDsPath()
            .map(spec -> context.datasets(HubPush.SPLIT, "main").resolve(spec));
    OutputTarget target =
        OutputTarget.of(
                context,
                OutputNames.judgedDataset(settings.outputDatasetPath(), settings.judgeModelId()))
            .check(context);
    String judgedName = target.name();
    boolean toHub = target.toHub();
    Path judgedOut = target.folder();
    Path reportDir =
        context.resolve(
            OutputNames.reportDir(settings.outputDatasetPath(), settings.judgeModelId()));
    ReportWriter.checkTarget(reportDir);
    try (OutputLock lock = OutputLocks.lock(context, judgedOut)) {
      StepRunner runner = context.stepRunner();
      InferenceRunner inference = new InferenceRunner(context);
      Checkpoint judged =
          judgedSource.isPresent()
              ? runner.run(new LoadTableStep("load-judged", judgedSource.get()))
              : judge(settings, responses, Objects.requireNonNull(judgePrompt), runner, inference);
      String name = settings.evalOutputDsPath().orElse(settings.responsesDsPath());
      Checkpoint scored = runner.run(new ScoreJudgementsStep(judged, name));
      runner.read(
          scored,
          checkpoint -> {
            OutputWriter.writeUnlessCurrent(checkpoint, judgedOut, target.shown(), judgeProvenance);
            return null;
          });

      ScoredRows rows = runner.read(scored, ScoredRows::of);
      EvaluationMetrics metrics;
      try {
        metrics = PacMetrics.compute(rows.usable(), rows.unusableJudge(), rows.failed());
      } catch (NoUsableRowsException e) {
        throw noUsableRows(name, e, inference.stop(), rows.failed());
      }
      List<Path> reports =
          report(
              metrics,
              runInfo(settings, judgeProvenance, responses, judgedSource),
              rows.absentColumns(),
              reportDir);
      if (toHub) {
        push(settings, judgedName, scored, metrics, judgeProvenance);
      }
      target.upload(context);
      return new Outputs(
          judgedOut, reportDir, reports, metrics, inference.failed(), inference.stop());
    }
  }

  /** What can be checked before anything is read or sent: names, retry settings, flag pairs. */
  private void checkSettings(EvaluateSettings settings) {
    OutputNames.checkPrefix("--output-dataset-path", settings.outputDatasetPath());
    OutputNames.checkText("--judge-model-id", settings.judgeModelId());
    OutputNames.checkReadable("--responses-ds-path", settings.responsesDsPath());
    settings
        .evalOutputDsPath()
        .ifPresent(path -> OutputNames.checkReadable("--eval-output-ds-path", path));
    context.retryPolicy();
    if (settings.retryUnusable() && settings.evalOutputDsPath().isPresent()) {
      throw UserError.badInput(
          "--retry-unusable asks the judge again, and --eval-output-ds-path skips the judge: give"
              + " one of them");
    }
  }

  /**
   * No pair could be scored. When judge requests failed, that is a failure a rerun can fix (or a
   * refused key), not bad input.
   */
  private static UserError noUsableRows(
      String name, NoUsableRowsException e, Stop stop, long failedPairs) {
    String message = name + ": " + e.getMessage();
    return switch (stop) {
      case Stop.CredentialsRefused refused ->
          new CredentialsRefusedException(
              message
                  + "; the judge's provider refused the request ("
                  + refused.message()
                  + ") — check the API key and its permissions",
              e);
      case Stop.Unreachable unreachable ->
          new RequestsFailedException(
              message
                  + "; the judge's server could not be reached ("
                  + unreachable.message()
                  + ") — check that it is up (--inference-url), then run again",
              e);
      case Stop.None none ->
          failedPairs > 0
              ? new RequestsFailedException(
                  message
                      + "; "
                      + failedPairs
                      + (failedPairs == 1 ? " pair has" : " pairs have")
                      + " a failed request (the candidate's, in the responses dataset, or the"
                      + " judge's): rerun 'responses' or this command to retry them",
                  e)
              : UserError.badInput(message, e);
    };
  }

  /** Pushes the judged dataset to the Hub repository {@code name}, with PAC on the card. */
  private void push(
      EvaluateSettings settings,
      String name,
      Checkpoint scored,
      EvaluationMetrics metrics,
      Map<String, Object> judgeProvenance)
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
    judgeProvenance.forEach(facts::putIfAbsent);
    HubPush.push(
        context, scored, name, "VAL-Bench evaluation by " + settings.judgeModelId(), facts);
  }

  /** load responses → build judge prompts → judge → join the verdicts onto the pairs. */
  private Checkpoint judge(
      EvaluateSettings settings,
      DatasetSource responses,
      ProtocolPrompt judgePrompt,
      StepRunner runner,
      InferenceRunner inference)
      throws Exception {
    Checkpoint loaded = runner.run(new LoadTableStep("load-responses", responses));
    InferenceRunner.check(judgeProvider(settings, inference));
    Checkpoint prompts =
        runner.run(
            new BuildJudgePromptsStep(
                loaded, judgePrompt, settings.reversePairOrder(), settings.responsesDsPath()));
    ProviderConfig provider = judgeProvider(settings, inference);
    InferenceSpec spec =
        new InferenceSpec(
            provider,
            settings.judgeModelId(),
            GenerationSettings.judge(),
            judgePrompt.text(),
            Optional.of(JudgeSchema.JSON),
            settings.batchSize(),
            settings.noCache()
                ? InferenceSpec.CacheUse.NONE
                : settings.retryUnusable()
                    ? InferenceSpec.CacheUse.REASK_UNUSABLE_JUDGEMENTS
                    : InferenceSpec.CacheUse.READ_WRITE);
    Checkpoint verdicts =
        runner.run(new GenerateStep("judge", prompts, JudgedColumns.JUDGE, spec, inference));
    return runner.run(new JoinStep("combine-judgements", prompts, List.of(verdicts)));
  }

  private static ProviderConfig judgeProvider(
      EvaluateSettings settings, InferenceRunner inference) {
    return inference.provider(
        settings.provider(),
        settings.judgeModelId(),
        settings.inferenceUrl(),
        settings.apiKeyEnv(),
        settings.openAiApi(),
        settings.batchSize());
  }

  private List<Path> report(
      EvaluationMetrics metrics, RunInfo run, java.util.Set<String> absentColumns, Path reportDir)
      throws java.io.IOException {
    context.err().println("step report: started");
    long start = context.nanoTime().getAsLong();
    ReportWriter.Report report =
        StorageException.guard(
            reportDir, () -> ReportWriter.write(metrics, run, absentColumns, reportDir));
    for (String note : report.notes()) {
      context.err().println("report: " + note);
    }
    context
        .err()
        .println(
            String.format(
                java.util.Locale.ROOT,
                "step report: ran, %d rows, %.2f s",
                metrics.totalRows(),
                (context.nanoTime().getAsLong() - start) / 1e9));
    return report.files();
  }

  private ProtocolPrompt judgePrompt(EvaluateSettings settings) {
    if (settings.judgePromptFile().isEmpty()) {
      return ProtocolPrompts.judge(context, settings.protocol(), Optional.empty());
    }
    Path file = context.resolve(settings.judgePromptFile().get());
    String text = org.valbench.common.TextFiles.readUtf8(file, "--judge-prompt-file " + file);
    if (text.isBlank()) {
      throw UserError.badInput("--judge-prompt-file " + file + ": the file is empty");
    }
    return ProtocolPrompts.judge(context, settings.protocol(), Optional.of(text));
  }

  private RunInfo runInfo(
      EvaluateSettings settings,
      Map<String, Object> judgeProvenance,
      DatasetSource responses,
      Optional<DatasetSource> judged) {
    Map<String, Object> parameters = new LinkedHashMap<>();
    parameters.put("command", "evaluate");
    parameters.put("responses_ds_path", settings.responsesDsPath());
    parameters.put("eval_output_ds_path", settings.evalOutputDsPath().orElse(null));
    parameters.put("responses_fingerprint", responses.fingerprint());
    parameters.put("eval_output_fingerprint", judged.map(DatasetSource::fingerprint).orElse(null));
    parameters.put("provider", settings.provider().map(Object::toString).orElse("inferred"));
    parameters.put(
        "inference_url", settings.inferenceUrl().map(Urls::withoutCredentials).orElse(null));
    parameters.put("judge_model_id", settings.judgeModelId());
    parameters.putAll(judgeProvenance);
    parameters.put("judge_prompt_builtin", settings.judgePromptFile().isEmpty());
    parameters.put("reverse_pair_order", settings.reversePairOrder());
    parameters.put("retry_unusable", settings.retryUnusable());
    parameters.put("output_dataset_path", settings.outputDatasetPath());
    return new RunInfo(version, parameters);
  }
}
