package org.valbench.dataset;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Rows with a schema. Each row maps every column name to a value of the column's {@link ColumnType}
 * (null where the input had no value). Rows are kept in order, compactly (one array per row), and
 * are read-only; the table never changes after creation.
 */
public record Table(Schema schema, List<Map<String, Object>> rows) {
  public Table {
    Objects.requireNonNull(schema, "schema");
    rows = CompactRows.of(schema, rows);
  }

  public static Table of(Schema schema, List<Map<String, Object>> rows) {
    return new Table(schema, rows);
  }

  public int size() {
    return rows.size();
  }

  public Object value(int row, String column) {
    return rows.get(row).get(column);
  }

  /** The first {@code n} rows, or all of them when {@code n} is negative or at least the size. */
  public Table head(long n) {
    if (n < 0 || n >= rows.size()) {
      return this;
    }
    return new Table(schema, rows.subList(0, (int) n));
  }

  /** A new row map in schema order, for building tables; absent columns are null. */
  public static Map<String, Object> row(Schema schema, Map<String, Object> values) {
    Map<String, Object> row = new LinkedHashMap<>();
    for (String name : schema.names()) {
      row.put(name, values.get(name));
    }
    return row;
  }
}
