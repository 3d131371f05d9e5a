package org.valbench.dataset;

import java.util.AbstractList;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.RandomAccess;
import java.util.Set;

/**
 * A table's rows stored as one value array per row, in schema order, and seen as read-only maps
 * from column name to value (every schema column present, null where absent). At the benchmark's
 * 115K rows a row costs one small array instead of a hash map of entries.
 */
final class CompactRows extends AbstractList<Map<String, Object>> implements RandomAccess {
  private final Schema schema;
  private final Object[][] values;

  private CompactRows(Schema schema, Object[][] values) {
    this.schema = schema;
    this.values = values;
  }

  /** Copies {@code rows} into arrays, checking that every key is a column of {@code schema}. */
  static CompactRows of(Schema schema, List<Map<String, Object>> rows) {
    Object[][] values = new Object[rows.size()][];
    int columns = schema.fields().size();
    for (int i = 0; i < values.length; i++) {
      Map<String, Object> row = Objects.requireNonNull(rows.get(i), "row " + i);
      Object[] array = new Object[columns];
      for (Map.Entry<String, Object> entry : row.entrySet()) {
        int column = schema.indexOf(entry.getKey());
        if (column < 0) {
          throw new IllegalArgumentException(
              "row " + i + " has column '" + entry.getKey() + "' that is not in the schema");
        }
        array[column] = entry.getValue();
      }
      values[i] = array;
    }
    return new CompactRows(schema, values);
  }

  @Override
  public Map<String, Object> get(int index) {
    return new Row(values[index]);
  }

  @Override
  public int size() {
    return values.length;
  }

  /** One row as a read-only map over its value array. */
  private final class Row extends AbstractMap<String, Object> {
    private final Object[] row;

    Row(Object[] row) {
      this.row = row;
    }

    @Override
    public Object get(Object key) {
      int column = key instanceof String name ? schema.indexOf(name) : -1;
      return column < 0 ? null : row[column];
    }

    @Override
    public boolean containsKey(Object key) {
      return key instanceof String name && schema.indexOf(name) >= 0;
    }

    @Override
    public int size() {
      return row.length;
    }

    @Override
    public Set<Map.Entry<String, Object>> entrySet() {
      return new AbstractSet<>() {
        @Override
        public Iterator<Map.Entry<String, Object>> iterator() {
          return new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
              return next < row.length;
            }

            @Override
            public Map.Entry<String, Object> next() {
              if (next >= row.length) {
                throw new NoSuchElementException();
              }
              int column = next++;
              return new AbstractMap.SimpleImmutableEntry<>(
                  schema.fields().get(column).name(), row[column]);
            }
          };
        }

        @Override
        public int size() {
          return row.length;
        }
      };
    }
  }
}
