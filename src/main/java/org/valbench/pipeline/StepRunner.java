package org.valbench.pipeline;

import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Runs steps: reuses a finished checkpoint with the step's key when it checks out, or runs the step
 * and commits its output. Tells a {@link StepListener} when each step starts and ends, and when a
 * damaged checkpoint was discarded.
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
    Checkpoint checkpoint;
    CheckpointStore.Found found =
        inputsCommitted ? store.find(key) : new CheckpointStore.Found.Missing();
    if (found instanceof CheckpointStore.Found.Damaged damaged) {
      listener.discarded(key.step(), damaged.data(), damaged.reason());
    }
    if (found instanceof CheckpointStore.Found.Finished finished) {
      checkpoint = new Checkpoint(key.step(), hash, finished.rows(), store.data(key), true, true);
    } else {
      CheckpointStore.Written written = store.write(key, step, inputsCommitted);
      boolean committed = inputsCommitted && written.complete();
      checkpoint =
          new Checkpoint(key.step(), hash, written.rows(), store.data(key), false, committed);
    }
    double seconds = (nanoTime.getAsLong() - start) / 1e9;
    listener.finished(
        key.step(), checkpoint.reused(), (int) checkpoint.rows(), seconds, checkpoint.committed());
    return checkpoint;
  }
}
