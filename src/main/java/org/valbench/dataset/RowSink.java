package org.valbench.dataset;

import java.io.Closeable;
import java.io.IOException;
import java.util.Map;

/** Where a step writes its output rows, one at a time, in order. */
public interface RowSink extends Closeable {
  /** Writes one row; its keys must be columns of the sink's schema (absent columns are null). */
  void write(Map<String, Object> row) throws IOException;

  /** Rows written so far. */
  long rows();
}
