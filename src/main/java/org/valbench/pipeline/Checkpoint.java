package org.valbench.pipeline;

import java.util.Objects;
import org.valbench.dataset.Table;

/**
 * A step's output: the key hash it is stored under, the table, whether it was loaded from disk
 * ({@code reused}) and whether it is on disk at all ({@code committed}; false when the output held
 * failures and must be recomputed next time).
 */
public record Checkpoint(
    String step, String keyHash, Table table, boolean reused, boolean committed) {
  public Checkpoint {
    Objects.requireNonNull(step, "step");
    Objects.requireNonNull(keyHash, "keyHash");
    Objects.requireNonNull(table, "table");
  }
}
