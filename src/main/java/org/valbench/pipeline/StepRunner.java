package org.valbench.pipeline;

import java.util.Objects;
import java.util.function.LongSupplier;
import org.valbench.common.StorageException;
import org.valbench.common.UserError;

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

  /**
   * Runs or reuses {@code step}. A refusal of the machine while doing so (disk full, read-only,
   * permission denied) comes out as a {@link StorageException} naming the file or the checkpoint.
   */
  public Checkpoint run(Step step) throws Exception {
    try {
      return runOrReuse(step);
    } catch (UserError | StorageException e) {
      throw e;
    } catch (Exception e) {
      throw StorageException.of(store.dir(step.key()), e).orElseThrow(() -> e);
    }
  }

  private Checkpoint runOrReuse(Step step) throws Exception {
    StepKey key = step.key();
    String hash = key.hash();
    listener.started(key.step());
    long start = nanoTime.getAsLong();
    boolean inputsCommitted = step.inputs().stream().allMatch(Checkpoint::committed);
    // A checkpoint is reused only when its inputs were reused too: an input that was computed
    // again (asked to be fresh, or found damaged) may differ from what the checkpoint was made of.
    boolean inputsReused = step.inputs().stream().allMatch(Checkpoint::reused);
    Checkpoint checkpoint;
    if (inputsCommitted && inputsReused && step.reusable() && store.isFinished(key)) {
      long rows = store.rowCount(key);
      checkpoint = new Checkpoint(key.step(), hash, rows, store.data(key), true, true);
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
