package org.valbench.flows;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.valbench.dataset.DatasetFiles;
import org.valbench.dataset.DatasetSource;
import org.valbench.dataset.RowSink;
import org.valbench.dataset.RowStream;
import org.valbench.pipeline.Step;
import org.valbench.pipeline.StepKey;
import org.valbench.pipeline.StepOutput;

/**
 * Streams the pairs from their source, checks the required columns, keeps the first N rows and
 * gives every row an id (see {@link RowIds}).
 */
public final class LoadPairsStep implements Step {
  static final String NAME = "load-pairs";
  static final int VERSION = 3;

  private final DatasetSource source;
  private final long limit;

  /** {@code limit} < 0 keeps every pair. */
  public LoadPairsStep(DatasetSource source, long limit) {
    this.source = Objects.requireNonNull(source, "source");
    this.limit = limit;
  }

  @Override
  public StepKey key() {
    Map<String, Object> parts = new LinkedHashMap<>();
    parts.put("dataset", source.spec());
    parts.put("format", source.kind().name());
    parts.put("fingerprint", source.fingerprint());
    parts.put("limit", limit < 0 ? -1 : limit);
    return new StepKey(NAME, VERSION, parts);
  }

  @Override
  public boolean run(StepOutput out) throws IOException {
    try (RowStream rows = DatasetFiles.open(source)) {
      Pairs.validateSchema(rows.schema(), source.spec());
      RowIds ids =
          new RowIds(
              rows.schema(),
              source.spec(),
              () -> DatasetFiles.open(source, List.of(RowIds.ID)),
              limit);
      RowSink sink = out.open(ids.schema());
      for (long i = 0; (limit < 0 || i < limit) && rows.hasNext(); i++) {
        Map<String, Object> row = rows.next();
        Pairs.validateRow(row, i, source.spec());
        sink.write(ids.apply(row));
      }
    }
    return true;
  }
}
