package org.valbench.flows;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.valbench.dataset.Field;
import org.valbench.dataset.RowSink;
import org.valbench.dataset.RowStream;
import org.valbench.dataset.Schema;
import org.valbench.pipeline.Checkpoint;
import org.valbench.pipeline.Step;
import org.valbench.pipeline.StepKey;
import org.valbench.pipeline.StepOutput;

/**
 * Joins the columns of several checkpoints onto a base table, keeping the base's row order and
 * every column. Every part was computed from the base row by row, so the rows are merged by
 * position, streaming; each part row's {@code id} must equal the base row's, so rows can never be
 * mixed up silently. Reasoning and citation columns that are empty in every row are dropped: the
 * output has {@code <side>_response_reasoning} / {@code _citations} only when some row has them.
 */
final class JoinStep implements Step {
  private final String name;
  private final Checkpoint base;
  private final List<Checkpoint> parts;

  JoinStep(String name, Checkpoint base, List<Checkpoint> parts) {
    this.name = Objects.requireNonNull(name, "name");
    this.base = Objects.requireNonNull(base, "base");
    this.parts = List.copyOf(parts);
  }

  @Override
  public StepKey key() {
    Map<String, Object> keys = new LinkedHashMap<>();
    keys.put("base", base.keyHash());
    keys.put("parts", parts.stream().map(Checkpoint::keyHash).toList());
    return new StepKey(name, 2, keys);
  }

  @Override
  public List<Checkpoint> inputs() {
    List<Checkpoint> all = new ArrayList<>(parts);
    all.add(base);
    return all;
  }

  @Override
  public boolean run(StepOutput out) throws IOException {
    List<RowStream> streams = new ArrayList<>();
    try {
      RowStream baseRows = base.read();
      streams.add(baseRows);
      Schema schema = baseRows.schema();
      List<List<String>> columns = new ArrayList<>();
      for (Checkpoint part : parts) {
        if (part.rows() != base.rows()) {
          throw new IllegalStateException(
              part.step()
                  + " has "
                  + part.rows()
                  + " rows but "
                  + base.step()
                  + " has "
                  + base.rows());
        }
        List<String> empty = emptyExtras(part);
        RowStream rows = part.read();
        streams.add(rows);
        List<String> kept = new ArrayList<>();
        for (Field field : rows.schema().fields()) {
          if (!field.name().equals(PairColumns.ID) && !empty.contains(field.name())) {
            schema = schema.with(field);
            kept.add(field.name());
          }
        }
        columns.add(kept);
      }
      RowSink sink = out.open(schema);
      while (baseRows.hasNext()) {
        Map<String, Object> row = new LinkedHashMap<>(baseRows.next());
        Object id = row.get(PairColumns.ID);
        for (int p = 0; p < parts.size(); p++) {
          Map<String, Object> match = streams.get(p + 1).next();
          if (!RowIds.key(match.get(PairColumns.ID)).equals(RowIds.key(id))) {
            throw new IllegalStateException(
                parts.get(p).step()
                    + " row "
                    + (sink.rows() + 1)
                    + " has id "
                    + match.get(PairColumns.ID)
                    + " where "
                    + base.step()
                    + " has "
                    + id);
          }
          for (String column : columns.get(p)) {
            row.put(column, match.get(column));
          }
        }
        sink.write(row);
      }
    } finally {
      streams.forEach(RowStream::close);
    }
    return true;
  }

  /** The reasoning and citation columns of {@code part} that are empty in every row. */
  private static List<String> emptyExtras(Checkpoint part) {
    List<String> empty = new ArrayList<>();
    for (String column : part.schema().names()) {
      if (AnswerColumns.isOptionalCompanion(column)) {
        empty.add(column);
      }
    }
    if (empty.isEmpty()) {
      return empty;
    }
    try (RowStream rows = part.read(empty)) {
      while (!empty.isEmpty() && rows.hasNext()) {
        Map<String, Object> row = rows.next();
        empty.removeIf(column -> !isEmpty(row.get(column)));
      }
      return empty;
    }
  }

  private static boolean isEmpty(Object value) {
    return value == null || (value instanceof List<?> l && l.isEmpty());
  }
}
