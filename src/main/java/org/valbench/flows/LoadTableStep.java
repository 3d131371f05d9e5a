package org.valbench.flows;

import java.io.IOException;
import java.util.Map;
import java.util.Objects;
import org.valbench.dataset.DatasetFiles;
import org.valbench.dataset.DatasetSource;
import org.valbench.dataset.RowSink;
import org.valbench.dataset.RowStream;
import org.valbench.pipeline.Step;
import org.valbench.pipeline.StepKey;
import org.valbench.pipeline.StepOutput;

/** Copies any dataset as is (e.g. an already judged one) into a checkpoint, row by row. */
public final class LoadTableStep implements Step {
  static final int VERSION = 1;

  private final String name;
  private final DatasetSource source;

  public LoadTableStep(String name, DatasetSource source) {
    this.name = Objects.requireNonNull(name, "name");
    this.source = Objects.requireNonNull(source, "source");
  }

  @Override
  public StepKey key() {
    return new StepKey(
        name,
        VERSION,
        Map.of(
            "dataset", source.spec(),
            "format", source.kind().name(),
            "fingerprint", source.fingerprint()));
  }

  @Override
  public boolean run(StepOutput out) throws IOException {
    try (RowStream rows = DatasetFiles.open(source)) {
      RowSink sink = out.open(rows.schema());
      while (rows.hasNext()) {
        sink.write(rows.next());
      }
    }
    return true;
  }
}
