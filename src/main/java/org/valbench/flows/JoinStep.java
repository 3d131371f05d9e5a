package org.valbench.flows;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.valbench.dataset.Field;
import org.valbench.dataset.Schema;
import org.valbench.dataset.Table;
import org.valbench.pipeline.Checkpoint;
import org.valbench.pipeline.Step;
import org.valbench.pipeline.StepKey;

/**
 * Joins the columns of several checkpoints onto a base table by row {@code id} (never by position),
 * keeping the base's row order and every column. Reasoning and citation columns that are empty in
 * every row are dropped, as DESIGN §2 asks.
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
    return new StepKey(name, 1, keys);
  }

  @Override
  public List<Checkpoint> inputs() {
    List<Checkpoint> all = new ArrayList<>(parts);
    all.add(base);
    return all;
  }

  @Override
  public Table run() {
    Schema schema = base.table().schema();
    List<Map<String, Map<String, Object>>> indexes = new ArrayList<>();
    for (Checkpoint part : parts) {
      Map<String, Map<String, Object>> byId = new HashMap<>();
      part.table().rows().forEach(r -> byId.put(String.valueOf(r.get("id")), r));
      indexes.add(byId);
      for (Field field : part.table().schema().fields()) {
        if (!field.name().equals("id") && !isEmptyExtra(part.table(), field.name())) {
          schema = schema.with(field);
        }
      }
    }
    java.util.Set<String> columns = new java.util.HashSet<>(schema.names());
    List<Map<String, Object>> rows = new ArrayList<>(base.table().size());
    for (Map<String, Object> baseRow : base.table().rows()) {
      Map<String, Object> row = new LinkedHashMap<>(baseRow);
      String id = String.valueOf(baseRow.get("id"));
      for (Map<String, Map<String, Object>> index : indexes) {
        Map<String, Object> match = index.get(id);
        if (match != null) {
          match.forEach(
              (column, value) -> {
                if (!column.equals("id")) {
                  row.put(column, value);
                }
              });
        }
      }
      row.keySet().retainAll(columns);
      rows.add(row);
    }
    return new Table(schema, rows);
  }

  private static boolean isEmptyExtra(Table table, String column) {
    if (!column.endsWith("_reasoning") && !column.endsWith("_citations")) {
      return false;
    }
    return table.rows().stream()
        .map(r -> r.get(column))
        .allMatch(v -> v == null || (v instanceof List<?> l && l.isEmpty()));
  }
}
