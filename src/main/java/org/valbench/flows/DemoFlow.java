package org.valbench.flows;

import java.nio.file.Path;
import org.valbench.dataset.DatasetSource;
import org.valbench.dataset.SaveToDiskFormat;
import org.valbench.pipeline.Checkpoint;
import org.valbench.pipeline.OutputLock;

/**
 * {@code valbench demo}: the pipeline on the bundled sample, offline. This version is reduced to
 * what is built so far: the sample goes through the checkpointed load step and is written as a
 * dataset that {@code datasets.load_from_disk} opens.
 */
public final class DemoFlow {
  private final FlowContext context;

  public DemoFlow(FlowContext context) {
    this.context = context;
  }

  /** Runs the demo and returns the folder of the dataset it wrote. */
  public Path run(String outputPrefix) throws Exception {
    Path output = context.resolve(outputPrefix + "-pairs");
    context.err().println(
        "valbench demo: a demonstration on the bundled sample, not a measurement of any model.");
    context.err().println(
        "This version has the foundation only (data formats and checkpointed steps); inference,"
            + " judging and reports come in later versions.");
    try (OutputLock lock = OutputLocks.lock(context, output)) {
      DatasetSource source = DatasetSource.resolve(DatasetSource.SAMPLE, context.workDir());
      Checkpoint pairs = context.stepRunner().run(new LoadPairsStep(source, -1));
      SaveToDiskFormat.write(pairs.table(), output);
      return output;
    }
  }
}
