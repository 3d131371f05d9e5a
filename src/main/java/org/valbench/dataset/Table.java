package org.valbench.dataset;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Rows with a schema. Each row maps column names to values of the column's {@link ColumnType}
 * (missing keys read as null). Rows are kept in order; the table never changes after creation.
 */
public record Table(Schema schema, List<Map<String, Object>> rows) {
  public Table {
    Objects.requireNonNull(schema, "schema");
    rows = Collections.unmodifiableList(new ArrayList<>(rows));
    for (int i = 0; i < rows.size(); i++) {
      Map<String, Object> row = Objects.requireNonNull(rows.get(i), "row " + i);
      for (String column : row.keySet()) {
        if (!schema.has(column)) {
          throw new IllegalArgumentException(
              "row " + i + " has column '" + column + "' that is not in the schema");
        }
      }
    }
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
