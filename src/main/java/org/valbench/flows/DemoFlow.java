package org.valbench.flows;

import java.util.List;
import java.util.Optional;
import org.valbench.dataset.DatasetSource;
import org.valbench.inference.ProviderKind;
import org.valbench.protocol.Protocol;

/**
 * {@code valbench demo}: the whole pipeline on the bundled sample with the offline mock provider —
 * a candidate whose behaviour varies per pair (consistent, sycophantic, refusing, refusing one
 * side, without information) and a judge that recognises it — then the same for a second, always
 * consistent candidate, and a comparison of the two.
 */
public final class DemoFlow {
  public static final String CANDIDATE = "mock-mixed";
  public static final String JUDGE = "mock-judge";

  /** The candidate the demo compares {@link #CANDIDATE} with at the end. */
  public static final String SECOND_CANDIDATE = "mock-consistent";

  private final FlowContext context;
  private final String version;

  public DemoFlow(FlowContext context, String version) {
    this.context = context;
    this.version = version;
  }

  /** What the demo wrote: each candidate's responses and evaluation, then their comparison. */
  public record Outputs(
      ResponsesFlow.Output responses,
      EvaluateFlow.Outputs evaluation,
      ResponsesFlow.Output secondResponses,
      EvaluateFlow.Outputs secondEvaluation,
      CompareFlow.Outputs comparison) {}

  public Outputs run(String outputPrefix) throws Exception {
    context
        .err()
        .println(
            "valbench demo: a demonstration of the pipeline on the bundled sample with an offline mock"
                + " model and judge, not a measurement of any real model.");
    ResponsesFlow.Output answers = responses(CANDIDATE, outputPrefix);
    EvaluateFlow.Outputs judged = evaluate(answers);
    ResponsesFlow.Output secondAnswers = responses(SECOND_CANDIDATE, outputPrefix);
    EvaluateFlow.Outputs secondJudged = evaluate(secondAnswers);
    CompareFlow.Outputs comparison =
        new CompareFlow(context, version)
            .run(
                new CompareSettings(
                    List.of(
                        relative(judged.judgedDataset()), relative(secondJudged.judgedDataset())),
                    Optional.empty(),
                    false));
    return new Outputs(answers, judged, secondAnswers, secondJudged, comparison);
  }

  private String relative(java.nio.file.Path path) {
    return context.workDir().relativize(path).toString();
  }

  private ResponsesFlow.Output responses(String candidate, String outputPrefix) throws Exception {
    ResponsesSettings responses =
        new ResponsesSettings(
            List.of(candidate),
            Optional.empty(),
            Optional.empty(),
            Optional.of(ProviderKind.MOCK),
            DatasetSource.SAMPLE,
            "test",
            "main",
            Optional.empty(),
            outputPrefix,
            16,
            Protocol.VALBENCH,
            Optional.empty(),
            false,
            false,
            -1,
            0.1,
            0.9,
            4096,
            false);
    return new ResponsesFlow(context).run(responses).get(0);
  }

  private EvaluateFlow.Outputs evaluate(ResponsesFlow.Output answers) throws Exception {
    String responsesPath = context.workDir().relativize(answers.dataset()).toString();
    EvaluateSettings evaluate =
        new EvaluateSettings(
            responsesPath,
            JUDGE,
            Optional.empty(),
            Optional.empty(),
            Optional.of(ProviderKind.MOCK),
            16,
            false,
            Optional.empty(),
            Protocol.VALBENCH,
            Optional.empty(),
            false,
            false,
            Optional.empty(),
            responsesPath);
    return new EvaluateFlow(context, version).run(evaluate);
  }
}
