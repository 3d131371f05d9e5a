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
  static final int VERSION = 2;

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
    Table pairs = Pairs.validate(source.read(), source.spec()).head(limit);
    return withIds(pairs, source.spec());
  }

  /**
   * Answers are joined to pairs by {@code id}: a dataset without one gets {@code row-000001}... by
   * position; duplicate ids are refused, since they would mix answers up.
   */
  static Table withIds(Table pairs, String source) {
    if (!pairs.schema().has("id")) {
      java.util.List<Map<String, Object>> rows = new java.util.ArrayList<>();
      for (int i = 0; i < pairs.size(); i++) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", String.format(java.util.Locale.ROOT, "row-%06d", i + 1));
        row.putAll(pairs.rows().get(i));
        rows.add(row);
      }
      java.util.List<org.valbench.dataset.Field> fields = new java.util.ArrayList<>();
      fields.add(org.valbench.dataset.Field.of("id", org.valbench.dataset.ColumnType.STRING));
      fields.addAll(pairs.schema().fields());
      return new Table(new org.valbench.dataset.Schema(fields), rows);
    }
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (int i = 0; i < pairs.size(); i++) {
      String id = String.valueOf(pairs.rows().get(i).get("id"));
      if (!seen.add(id)) {
        throw org.valbench.common.UserError.badInput(
            source + ": row " + (i + 1) + " repeats id '" + id + "'; ids must be unique");
      }
    }
    return pairs;
  }
}
