package org.valbench.pipeline;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.valbench.dataset.ParquetFormat;
import org.valbench.dataset.RowStream;
import org.valbench.dataset.Schema;
import org.valbench.dataset.Table;

/**
 * A step's output: the key hash it is stored under, its row count, the Parquet file holding its
 * rows, whether it was found on disk from an earlier run ({@code reused}) and whether it is kept
 * for later runs at all ({@code committed}; false when the output held failures and must be
 * recomputed next time). Later steps stream its rows; nothing keeps the table in memory.
 */
public final class Checkpoint {
  private final String step;
  private final String keyHash;
  private final long rows;
  private final Path data;
  private final boolean reused;
  private final boolean committed;

  Checkpoint(String step, String keyHash, long rows, Path data, boolean reused, boolean committed) {
    this.step = Objects.requireNonNull(step, "step");
    this.keyHash = Objects.requireNonNull(keyHash, "keyHash");
    this.rows = rows;
    this.data = Objects.requireNonNull(data, "data");
    this.reused = reused;
    this.committed = committed;
  }

  public String step() {
    return step;
  }

  public String keyHash() {
    return keyHash;
  }

  public long rows() {
    return rows;
  }

  public boolean reused() {
    return reused;
  }

  public boolean committed() {
    return committed;
  }

  /** The Parquet file with the rows (a valid dataset file in its own right). */
  public Path data() {
    return data;
  }

  /** The columns, from the Parquet footer (no rows are read). */
  public Schema schema() {
    return ParquetFormat.schema(data);
  }

  /** Streams the rows, in order; the caller closes the stream. */
  public RowStream read() {
    return read(List.of());
  }

  /**
   * Streams only {@code columns} of the rows (all when empty); the others are not decoded. A
   * missing column is an error.
   */
  public RowStream read(List<String> columns) {
    try {
      return ParquetFormat.open(List.of(data), columns);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read checkpoint " + data + ": " + e.getMessage(), e);
    }
  }

  /** Reads every row into memory (for small outputs and tests). */
  public Table table() {
    return read().toTable();
  }

  @Override
  public String toString() {
    return "Checkpoint[" + step + ", " + keyHash + ", " + rows + " rows]";
  }
}
