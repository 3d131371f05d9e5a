package org.valbench.dataset;

import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Rows read one at a time, so a step holds one row (or one file batch) in memory instead of a whole
 * table. Each row maps every column of {@link #schema()} to its value. Reading errors surface as
 * {@link DatasetFormatException} or {@link java.io.UncheckedIOException} from {@link #next()}.
 */
public interface RowStream extends Iterator<Map<String, Object>>, Closeable {
  Schema schema();

  /** Closes the underlying files; unchecked so that streams close cleanly in any context. */
  @Override
  void close();

  /** Reads the remaining rows into a table, then closes. */
  default Table toTable() {
    try (this) {
      List<Map<String, Object>> rows = new ArrayList<>();
      forEachRemaining(rows::add);
      return new Table(schema(), rows);
    }
  }

  /** The rows of a table already in memory. */
  static RowStream of(Table table) {
    Iterator<Map<String, Object>> rows = table.rows().iterator();
    return new RowStream() {
      @Override
      public Schema schema() {
        return table.schema();
      }

      @Override
      public boolean hasNext() {
        return rows.hasNext();
      }

      @Override
      public Map<String, Object> next() {
        return rows.next();
      }

      @Override
      public void close() {}
    };
  }

  /** Closes {@code closeable}, turning an {@link IOException} into an unchecked one. */
  static void closeQuietly(Closeable closeable) {
    try {
      closeable.close();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
