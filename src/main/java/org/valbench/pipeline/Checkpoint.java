package org.valbench.pipeline;

import java.util.Objects;
import java.util.function.Supplier;
import org.valbench.dataset.Table;

/**
 * A step's output: the key hash it is stored under, its row count, the table, whether it was found
 * on disk ({@code reused}) and whether it is on disk at all ({@code committed}; false when the
 * output held failures and must be recomputed next time). A reused checkpoint reads its table only
 * when asked, so a rerun whose later steps are also finished skips reading earlier ones.
 */
public final class Checkpoint {
  private final String step;
  private final String keyHash;
  private final long rows;
  private final boolean reused;
  private final boolean committed;
  private Supplier<Table> loader;
  private Table table;

  Checkpoint(
      String step,
      String keyHash,
      long rows,
      Supplier<Table> loader,
      boolean reused,
      boolean committed) {
    this.step = Objects.requireNonNull(step, "step");
    this.keyHash = Objects.requireNonNull(keyHash, "keyHash");
    this.rows = rows;
    this.loader = Objects.requireNonNull(loader, "loader");
    this.reused = reused;
    this.committed = committed;
  }

  /** A checkpoint for a table already in memory. */
  static Checkpoint of(String step, String keyHash, Table table, boolean committed) {
    return new Checkpoint(step, keyHash, table.size(), () -> table, false, committed);
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

  /** The table, read from disk on first use when the checkpoint was reused. */
  public synchronized Table table() {
    if (table == null) {
      table = loader.get();
      loader = null;
    }
    return table;
  }

  @Override
  public String toString() {
    return "Checkpoint[" + step + ", " + keyHash + ", " + rows + " rows]";
  }
}
