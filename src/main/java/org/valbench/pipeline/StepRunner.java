package org.valbench.pipeline;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;
import org.valbench.common.StorageException;
import org.valbench.common.UserError;

/**
 * Runs steps: reuses a finished checkpoint with the step's key when it checks out, or runs the step
 * and commits its output. Tells a {@link StepListener} when each step starts and ends, and when a
 * damaged checkpoint was discarded.
 */
public final class StepRunner {
  private final CheckpointStore store;
  private final StepListener listener;
  private final LongSupplier nanoTime;

  /** The step behind each checkpoint of this run, by key hash, to recompute a damaged one. */
  private final Map<String, Step> producers = new HashMap<>();

  private final Set<String> recomputed = new HashSet<>();

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
    // Another run sharing local_data/ may be at the same key: wait for it, then find its result.
    try (StepLock lock =
        StepLock.acquire(store.lockFile(key), holder -> listener.waiting(key.step(), holder))) {
      store.deleteAbandoned(key);
      CheckpointStore.Found found =
          inputsCommitted && inputsReused && step.reusable()
              ? store.find(key)
              : new CheckpointStore.Found.Missing();
      if (found instanceof CheckpointStore.Found.Damaged damaged) {
        listener.discarded(key.step(), damaged.data(), damaged.reason());
      }
      if (found instanceof CheckpointStore.Found.Finished finished) {
        checkpoint = new Checkpoint(key.step(), hash, finished.rows(), store.data(key), true, true);
      } else {
        CheckpointStore.Written written = writeRecovering(key, step, inputsCommitted);
        boolean committed = inputsCommitted && written.complete();
        checkpoint =
            new Checkpoint(key.step(), hash, written.rows(), written.data(), false, committed);
      }
    }
    double seconds = (nanoTime.getAsLong() - start) / 1e9;
    listener.finished(
        key.step(), checkpoint.reused(), (int) checkpoint.rows(), seconds, checkpoint.committed());
    producers.put(hash, step);
    return checkpoint;
  }

  /** Reads a checkpoint outside a step (e.g. to write an output or compute metrics). */
  @FunctionalInterface
  public interface Reading<T> {
    T apply(Checkpoint checkpoint) throws Exception;
  }

  /**
   * Applies {@code reading} to {@code checkpoint}, made by a step of this run; when the checkpoint
   * proves damaged while it is read, recomputes it (once) and applies {@code reading} again.
   */
  public <T> T read(Checkpoint checkpoint, Reading<T> reading) throws Exception {
    try {
      return reading.apply(checkpoint);
    } catch (Exception | Error e) {
      Optional<DamagedCheckpointException> damaged = DamagedCheckpointException.in(e);
      Step producer = damaged.map(d -> producers.get(d.keyHash())).orElse(null);
      if (producer == null || !recomputed.add(damaged.get().keyHash())) {
        throw e;
      }
      listener.discarded(producer.key().step(), damaged.get().data(), damaged.get().reason());
      return reading.apply(run(producer));
    }
  }

  /**
   * Runs {@code step}; when one of its input checkpoints proves damaged while it is read (it has
   * then been discarded), recomputes that input with the step that made it in this run, and runs
   * {@code step} once more. Each checkpoint is recomputed at most once per run.
   */
  private CheckpointStore.Written writeRecovering(StepKey key, Step step, boolean commit)
      throws Exception {
    while (true) {
      try {
        return store.write(key, step, commit);
      } catch (Exception | Error e) {
        Optional<DamagedCheckpointException> damaged = DamagedCheckpointException.in(e);
        Step producer = damaged.map(d -> producers.get(d.keyHash())).orElse(null);
        if (producer == null || !recomputed.add(damaged.get().keyHash())) {
          throw e;
        }
        listener.discarded(producer.key().step(), damaged.get().data(), damaged.get().reason());
        run(producer);
      }
    }
  }
}
