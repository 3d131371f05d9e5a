package org.valbench.pipeline;

import java.util.Objects;
import org.valbench.dataset.Table;

/** A step's committed output: the key hash it was stored under and the table. */
public record Checkpoint(String step, String keyHash, Table table, boolean reused) {
  public Checkpoint {
    Objects.requireNonNull(step, "step");
    Objects.requireNonNull(keyHash, "keyHash");
    Objects.requireNonNull(table, "table");
  }
}
