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
import org.valbench.inference.BatchesInFlightException;
import org.valbench.inference.CredentialsRefusedException;
import org.valbench.inference.GenerationSettings;
import org.valbench.inference.ProviderConfig;
import org.valbench.inference.RequestsFailedException;
import org.valbench.inference.Stop;
import org.valbench.judge.JudgeSchema;
import org.valbench.metrics.EvaluationMetrics;
import org.valbench.metrics.NoUsableRowsException;
import org.valbench.metrics.PacMetrics;
import org.valbench.metrics.PositionBias;
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
 * reported, with no network access. With {@code --both-orders} every pair is judged a second time
 * with the "against" side first, into columns of its own, and the report adds the position bias.
 */
public final class EvaluateFlow {
  private final FlowContext context;
  private final String version;

  public EvaluateFlow(FlowContext context, String version) {
    this.context = context;
    this.version = version;
  }

  /**
   * What an evaluation wrote, how many judge requests failed, and why the judge stopped early;
   * {@code positionBias} is present with {@code --both-orders} when some pair was scored in both.
   */
  public record Outputs(
      Path judgedDataset,
      Path reportDir,
      List<Path> reports,
      EvaluationMetrics metrics,
      long failedRequests,
      Stop stop,
      Optional<PositionBias> positionBias) {}

  public Outputs run(EvaluateSettings settings) throws Exception {
    return run(settings, CostSettings.NONE);
  }

  /** As {@link #run(EvaluateSettings)}, with prices, a spending limit or a dry run. */
  public Outputs run(EvaluateSettings settings, CostSettings cost) throws Exception {
    checkSettings(settings);
    Spending spending = Spending.of(context, cost);
    if (settings.evalOutputDsPath().isEmpty()) {
      spending.checkPriced(settings.judgeModelId());
    }
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
      InferenceRunner inference = new InferenceRunner(context, spending);
      Checkpoint judged =
          judgedSource.isPresent()
              ? runner.run(new LoadTableStep("load-judged", judgedSource.get()))
              : judge(settings, responses, Objects.requireNonNull(judgePrompt), runner, inference);
      String name = settings.evalOutputDsPath().orElse(settings.responsesDsPath());
      Checkpoint scored = runner.run(new ScoreJudgementsStep(judged, name));
      if (settings.bothOrders()) {
        scored = runner.run(new ScoreJudgementsStep(scored, name, JudgedColumns.Verdicts.REVERSED));
      }
      runner.read(
          scored,
          checkpoint -> {
            Map<String, Object> description = new LinkedHashMap<>(judgeProvenance);
            description.putAll(datasetTokens(checkpoint));
            OutputWriter.writeUnlessCurrent(checkpoint, judgedOut, target.shown(), description);
            return null;
          });

      ScoredRows rows = runner.read(scored, ScoredRows::of);
      EvaluationMetrics metrics;
      try {
        metrics = PacMetrics.compute(rows.usable(), rows.unusableJudge(), rows.failed());
      } catch (NoUsableRowsException e) {
        throw noUsableRows(name, e, inference.stop(), rows.failed());
      }
      Optional<PositionBias> positionBias = Optional.empty();
      if (settings.bothOrders()) {
        positionBias = runner.read(scored, BothOrdersRows::of).positionBias();
        if (positionBias.isEmpty()) {
          context.err().println("report: no position bias: no pair was scored in both orders");
        }
      }
      List<Map<String, Object>> tokens =
          runner.read(scored, c -> stepTokens(settings, c, spending));
      List<Path> reports =
          report(
              metrics,
              positionBias,
              new RunInfo(
                  version,
                  runInfo(settings, judgeProvenance, responses, judgedSource).parameters(),
                  tokens),
              rows.absentColumns(),
              reportDir);
      if (toHub) {
        push(settings, judgedName, scored, metrics, judgeProvenance);
      }
      target.upload(context);
      return new Outputs(
          judgedOut,
          reportDir,
          reports,
          metrics,
          inference.failed(),
          inference.stop(),
          positionBias);
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
    if (settings.bothOrders() && settings.reversePairOrder()) {
      throw UserError.badInput(
          "--both-orders judges each pair \"for\" first and \"against\" first, and"
              + " --reverse-pair-order asks for \"against\" first only: give one of them");
    }
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
      case Stop.BudgetReached budget ->
          new RequestsFailedException(
              message
                  + "; the judge stopped: "
                  + budget.message()
                  + " — run again with a higher --max-cost",
              e);
      case Stop.BatchesInFlight inFlight ->
          new BatchesInFlightException(message + "; " + inFlight.message(), e);
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
    if (settings.bothOrders()) {
      facts.put("both orders", true);
    }
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
    InferenceSpec spec = judgeSpec(settings, judgePrompt, inference);
    Checkpoint verdicts =
        runner.run(new GenerateStep("judge", prompts, JudgedColumns.JUDGE, spec, inference));
    if (!settings.bothOrders()) {
      return runner.run(new JoinStep("combine-judgements", prompts, List.of(verdicts)));
    }
    // The first order's steps above are the plain run's, so its checkpoints and cached verdicts
    // are reused; only the reversed prompts go to the judge.
    Checkpoint reversedPrompts =
        runner.run(
            BuildJudgePromptsStep.secondOrder(loaded, judgePrompt, settings.responsesDsPath()));
    Checkpoint reversedVerdicts =
        runner.run(
            new GenerateStep(
                "judge-reversed", reversedPrompts, JudgedColumns.JUDGE_REVERSED, spec, inference));
    return runner.run(
        new JoinStep(
            "combine-judgements", prompts, List.of(verdicts, reversedPrompts, reversedVerdicts)));
  }

  private static InferenceSpec judgeSpec(
      EvaluateSettings settings, ProtocolPrompt judgePrompt, InferenceRunner inference) {
    return new InferenceSpec(
        judgeProvider(settings, inference),
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
  }

  /**
   * {@code --dry-run}: loads the responses and builds the judge prompts as a run does, then counts
   * the judge requests that miss the cache with their estimated tokens and cost ({@link DryRun}).
   * Sends nothing, writes no judged dataset and no report; returns the lines to print.
   */
  public List<String> dryRun(EvaluateSettings settings, CostSettings cost) throws Exception {
    checkSettings(settings);
    if (settings.evalOutputDsPath().isPresent()) {
      return List.of("dry run: --eval-output-ds-path sends no judge request; nothing to estimate");
    }
    Spending spending = Spending.of(context, cost);
    DatasetSource responses =
        context.datasets(HubPush.SPLIT, "main").resolve(settings.responsesDsPath());
    ProtocolPrompt judgePrompt = judgePrompt(settings);
    StepRunner runner = context.stepRunner();
    InferenceRunner inference = new InferenceRunner(context, spending);
    Checkpoint loaded = runner.run(new LoadTableStep("load-responses", responses));
    Checkpoint prompts =
        runner.run(
            new BuildJudgePromptsStep(
                loaded, judgePrompt, settings.reversePairOrder(), settings.responsesDsPath()));
    InferenceSpec spec = judgeSpec(settings, judgePrompt, inference);
    DryRun.Estimate estimate =
        new GenerateStep("judge", prompts, JudgedColumns.JUDGE, spec, inference).estimate();
    return DryRun.lines(List.of(estimate), spending);
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
      EvaluationMetrics metrics,
      Optional<PositionBias> positionBias,
      RunInfo run,
      java.util.Set<String> absentColumns,
      Path reportDir)
      throws java.io.IOException {
    context.err().println("step report: started");
    long start = context.nanoTime().getAsLong();
    ReportWriter.Report report =
        StorageException.guard(
            reportDir,
            () -> ReportWriter.write(metrics, positionBias, run, absentColumns, reportDir));
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

  /**
   * The tokens of the judged dataset's answers per inference step: each candidate side and the
   * judge, with the model where it is known (what the answers cost when obtained; see {@link
   * AnswerTokens}).
   */
  private static List<Map<String, Object>> stepTokens(
      EvaluateSettings settings, Checkpoint scored, Spending spending) {
    List<Map<String, Object>> steps = new java.util.ArrayList<>();
    for (Side side : Side.values()) {
      Map<String, Object> step = new LinkedHashMap<>();
      step.put("step", side.generateStep());
      // evaluate does not know the candidate's model id: its responses dataset names it.
      step.put("responses_ds_path", settings.responsesDsPath());
      step.putAll(
          AnswerTokens.entries("", AnswerTokens.of(scored, List.of(side.answer().usage()))));
      steps.add(step);
    }
    Map<String, Object> judge = new LinkedHashMap<>();
    judge.put("step", "judge");
    judge.put("model", settings.judgeModelId());
    org.valbench.inference.Usage judgeUsage =
        AnswerTokens.of(scored, List.of(JudgedColumns.JUDGE.usage()));
    judge.putAll(AnswerTokens.entries("", judgeUsage));
    // What the judge's answers cost at live prices when they were obtained; null: no price.
    judge.put(
        "cost_usd",
        spending
            .price(settings.judgeModelId())
            .map(price -> Spending.cost(price, judgeUsage, false))
            .orElse(null));
    judge.put(
        "prices",
        spending.price(settings.judgeModelId()).isPresent()
            ? "as of " + spending.prices().asOf() + ", check before relying"
            : "no price");
    steps.add(judge);
    return steps;
  }

  /** The judged dataset's description entries for the tokens of its candidate and judge answers. */
  private static Map<String, Object> datasetTokens(Checkpoint scored) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.putAll(
        AnswerTokens.entries(
            "candidate_",
            AnswerTokens.of(
                scored, List.of(Side.FOR.answer().usage(), Side.AGAINST.answer().usage()))));
    m.putAll(
        AnswerTokens.entries(
            "judge_", AnswerTokens.of(scored, List.of(JudgedColumns.JUDGE.usage()))));
    return m;
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
    if (settings.bothOrders()) {
      // Only when asked, so a plain run's summary.json stays as it was.
      parameters.put("both_orders", true);
    }
    parameters.put("retry_unusable", settings.retryUnusable());
    parameters.put("output_dataset_path", settings.outputDatasetPath());
    return new RunInfo(version, parameters);
  }
}
