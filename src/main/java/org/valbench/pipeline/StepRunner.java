package org.valbench.pipeline;

import java.util.Objects;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.valbench.dataset.Table;

/**
 * Runs steps: reuses a finished checkpoint with the step's key, or runs the step and commits its
 * output. Tells a {@link StepListener} when each step starts and ends.
 */
public final class StepRunner {
  private final CheckpointStore store;
  private final StepListener listener;
  private final LongSupplier nanoTime;

  public StepRunner(CheckpointStore store, StepListener listener, LongSupplier nanoTime) {
    this.store = Objects.requireNonNull(store, "store");
    this.listener = Objects.requireNonNull(listener, "listener");
    this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
  }

  public CheckpointStore store() {
    return store;
  }

  public Checkpoint run(Step step) throws Exception {
    StepKey key = step.key();
    String hash = key.hash();
    listener.started(key.step());
    long start = nanoTime.getAsLong();
    boolean inputsCommitted = step.inputs().stream().allMatch(Checkpoint::committed);
    Optional<Table> cached = inputsCommitted ? store.load(key) : Optional.empty();
    Table table;
    boolean committed = cached.isPresent();
    if (cached.isPresent()) {
      table = cached.get();
    } else {
      table = Objects.requireNonNull(step.run(), () -> key.step() + " returned no table");
      if (inputsCommitted && step.isComplete(table)) {
        store.commit(key, table);
        committed = true;
      }
    }
    double seconds = (nanoTime.getAsLong() - start) / 1e9;
    listener.finished(key.step(), cached.isPresent(), table.size(), seconds, committed);
    return new Checkpoint(key.step(), hash, table, cached.isPresent(), committed);
  }
}
