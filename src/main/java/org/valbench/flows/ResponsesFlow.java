package org.valbench.flows;

import java.nio.file.Path;
import org.valbench.common.UserError;
import org.valbench.dataset.DatasetSource;
import org.valbench.pipeline.Checkpoint;
import org.valbench.pipeline.OutputLock;
import org.valbench.pipeline.StepRunner;

/**
 * {@code valbench responses}: load pairs, build prompts, generate both sides, combine, write.
 * This version runs the load step; generation needs the inference engine, not yet built.
 */
public final class ResponsesFlow {
  private final FlowContext context;

  public ResponsesFlow(FlowContext context) {
    this.context = context;
  }

  public void run(ResponsesSettings settings) throws Exception {
    DatasetSource source = DatasetSource.resolve(settings.datasetId(), context.workDir());
    Path output = context.resolve(settings.outputDatasetPath());
    try (OutputLock lock = OutputLocks.lock(context, output)) {
      StepRunner runner = context.stepRunner();
      Checkpoint pairs = runner.run(new LoadPairsStep(source, settings.limit()));
      throw new UserError(
          UserError.Kind.NOT_AVAILABLE,
          "responses: loaded " + pairs.table().size() + " pairs from " + settings.datasetId()
              + ", but generating answers needs the inference engine, which this version of"
              + " valbench does not have yet");
    }
  }
}
