package org.valbench.flows;

import java.util.List;
import java.util.Optional;
import org.valbench.dataset.DatasetSource;
import org.valbench.inference.ProviderKind;
import org.valbench.protocol.Protocol;

/**
 * {@code valbench demo}: the whole pipeline on the bundled sample with the offline mock provider —
 * a candidate whose behaviour varies per pair (consistent, sycophantic, refusing, refusing one
 * side, without information) and a judge that recognises it.
 */
public final class DemoFlow {
  public static final String CANDIDATE = "mock-mixed";
  public static final String JUDGE = "mock-judge";

  private final FlowContext context;
  private final String version;

  public DemoFlow(FlowContext context, String version) {
    this.context = context;
    this.version = version;
  }

  /** What the demo wrote. */
  public record Outputs(ResponsesFlow.Output responses, EvaluateFlow.Outputs evaluation) {}

  public Outputs run(String outputPrefix) throws Exception {
    context
        .err()
        .println(
            "valbench demo: a demonstration of the pipeline on the bundled sample with an offline mock"
                + " model and judge, not a measurement of any real model.");
    ResponsesSettings responses =
        new ResponsesSettings(
            List.of(CANDIDATE),
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
    ResponsesFlow.Output answers = new ResponsesFlow(context).run(responses).get(0);
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
    EvaluateFlow.Outputs judged = new EvaluateFlow(context, version).run(evaluate);
    return new Outputs(answers, judged);
  }
}
