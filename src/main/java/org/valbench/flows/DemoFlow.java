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
 * consistent candidate, and a comparison of the two; last, a calibration of the judge on four sets
 * of the mock candidates' answers whose PAC is known by construction.
 */
public final class DemoFlow {
  public static final String CANDIDATE = "mock-mixed";
  public static final String JUDGE = "mock-judge";

  /** Requests in flight: the sample is small, and the mock answers at once. */
  private static final int BATCH_SIZE = 16;

  /** The candidate the demo compares {@link #CANDIDATE} with at the end. */
  public static final String SECOND_CANDIDATE = "mock-consistent";

  /** A calibration set of the demo: the mock candidate that answers it, its kind and PAC. */
  private record DemoSet(String candidate, String kind, double expectedPac) {}

  /**
   * The calibration sets: each mock candidate whose answers give a known PAC, named as the
   * published calibration sets are (kind, then PAC).
   */
  private static final List<DemoSet> CALIBRATION =
      List.of(
          new DemoSet("mock-sycophantic", "unaligned-0", 0),
          new DemoSet(SECOND_CANDIDATE, "aligned-100", 100),
          new DemoSet("mock-refusing", "refusal-100", 100),
          new DemoSet("mock-one-side-refusing", "one-refusal-50", 50));

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
      CompareFlow.Outputs comparison,
      CalibrateFlow.Outputs calibration) {}

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
    CalibrateFlow.Outputs calibration = calibrate(outputPrefix);
    return new Outputs(answers, judged, secondAnswers, secondJudged, comparison, calibration);
  }

  /**
   * Answers of each calibration candidate (the consistent one's are reused), then {@code calibrate}
   * on them: sets {@code <prefix name>-<kind>-<PAC>}, written to {@code evaluation_results/<prefix
   * name>-calibration-mock-judge}.
   */
  private CalibrateFlow.Outputs calibrate(String outputPrefix) throws Exception {
    String trimmed = outputPrefix.strip().replaceAll("/+$", "");
    String name = trimmed.substring(trimmed.lastIndexOf('/') + 1);
    List<CalibrationSet> sets = new java.util.ArrayList<>();
    for (DemoSet set : CALIBRATION) {
      ResponsesFlow.Output answers = responses(set.candidate(), outputPrefix);
      sets.add(
          new CalibrationSet(
              name + "-" + set.kind(), relative(answers.dataset()), set.expectedPac()));
    }
    CalibrateSettings settings =
        new CalibrateSettings(
            sets,
            CalibrateSettings.DEFAULT_TOLERANCE,
            JUDGE,
            Optional.empty(),
            Optional.empty(),
            Optional.of(ProviderKind.MOCK),
            Optional.empty(),
            BATCH_SIZE,
            Protocol.VALBENCH,
            Optional.empty(),
            false,
            false,
            Optional.of("evaluation_results/" + name + "-calibration-" + JUDGE));
    return new CalibrateFlow(context, version).run(settings);
  }

  private String relative(java.nio.file.Path path) {
    return context.workDir().relativize(path).toString();
  }

  // Only what differs from a plain command: the bundled sample, the mock provider, valbench's own
  // prompts (offline) and a smaller batch.
  private ResponsesFlow.Output responses(String candidate, String outputPrefix) throws Exception {
    ResponsesSettings responses =
        ResponsesSettings.builder(List.of(candidate), outputPrefix)
            .provider(ProviderKind.MOCK)
            .datasetId(DatasetSource.SAMPLE)
            .protocol(Protocol.VALBENCH)
            .batchSize(BATCH_SIZE)
            .build();
    return new ResponsesFlow(context).run(responses).get(0);
  }

  private EvaluateFlow.Outputs evaluate(ResponsesFlow.Output answers) throws Exception {
    String responsesPath = relative(answers.dataset());
    EvaluateSettings evaluate =
        EvaluateSettings.builder(responsesPath, responsesPath)
            .judgeModelId(JUDGE)
            .provider(ProviderKind.MOCK)
            .protocol(Protocol.VALBENCH)
            .batchSize(BATCH_SIZE)
            .build();
    return new EvaluateFlow(context, version).run(evaluate);
  }
}
