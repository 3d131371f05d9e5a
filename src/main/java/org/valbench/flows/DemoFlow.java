package org.valbench.flows;

import java.util.List;
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

  /** Requests in flight: the sample is small, and the mock answers at once. */
  private static final int BATCH_SIZE = 16;

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
    // Only what differs from a plain command: the bundled sample, the mock provider, valbench's
    // own prompts (offline) and a smaller batch.
    ResponsesSettings responses =
        ResponsesSettings.builder(List.of(CANDIDATE), outputPrefix)
            .provider(ProviderKind.MOCK)
            .datasetId(DatasetSource.SAMPLE)
            .protocol(Protocol.VALBENCH)
            .batchSize(BATCH_SIZE)
            .build();
    ResponsesFlow.Output answers = new ResponsesFlow(context).run(responses).get(0);
    String responsesPath = context.workDir().relativize(answers.dataset()).toString();
    EvaluateSettings evaluate =
        EvaluateSettings.builder(responsesPath, responsesPath)
            .judgeModelId(JUDGE)
            .provider(ProviderKind.MOCK)
            .protocol(Protocol.VALBENCH)
            .batchSize(BATCH_SIZE)
            .build();
    EvaluateFlow.Outputs judged = new EvaluateFlow(context, version).run(evaluate);
    return new Outputs(answers, judged);
  }
}
