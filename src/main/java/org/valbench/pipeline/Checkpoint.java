package org.valbench.pipeline;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
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
    RowStream rows;
    try {
      rows = ParquetFormat.open(List.of(data), columns);
    } catch (IOException | RuntimeException e) {
      throw damaged(e);
    }
    return new RowStream() {
      @Override
      public Schema schema() {
        return rows.schema();
      }

      @Override
      public boolean hasNext() {
        try {
          return rows.hasNext();
        } catch (RuntimeException e) {
          throw damaged(e);
        }
      }

      @Override
      public Map<String, Object> next() {
        try {
          return rows.next();
        } catch (java.util.NoSuchElementException e) {
          throw e;
        } catch (RuntimeException e) {
          throw damaged(e);
        }
      }

      @Override
      public void close() {
        rows.close();
      }
    };
  }

  /**
   * A read failure of a committed checkpoint: its {@code DONE} marker is removed, so that it is
   * recomputed instead of failing every later run the same way.
   */
  private RuntimeException damaged(Exception e) {
    if (!committed) {
      return e instanceof RuntimeException r
          ? r
          : new UncheckedIOException(
              "cannot read checkpoint " + data + ": " + e.getMessage(), (IOException) e);
    }
    try {
      Files.deleteIfExists(data.resolveSibling(CheckpointStore.DONE));
    } catch (IOException ignored) {
      // The exception below still names the file; deleting the folder by hand fixes it.
    }
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return new DamagedCheckpointException(
        data, keyHash, message.replaceAll("\\s+", " ").strip(), e);
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
