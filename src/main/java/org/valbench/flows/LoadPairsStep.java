package org.valbench.flows;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.valbench.dataset.DatasetSource;
import org.valbench.dataset.Pairs;
import org.valbench.dataset.Table;
import org.valbench.pipeline.Step;
import org.valbench.pipeline.StepKey;

/** Reads the pairs from their source, checks the required columns, keeps the first N rows. */
public final class LoadPairsStep implements Step {
  static final String NAME = "load-pairs";
  static final int VERSION = 1;

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
  public Table run() {
    Table pairs = Pairs.validate(source.read(), source.spec());
    return pairs.head(limit);
  }
}
