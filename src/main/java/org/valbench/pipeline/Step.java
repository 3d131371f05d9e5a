package org.valbench.pipeline;

import org.valbench.dataset.Table;

/**
 * One unit of a command's work whose output is a table, checkpointed under its key. A step receives
 * everything it needs in its constructor (including upstream {@link Checkpoint}s) and lists what
 * determines its output in {@link #key()}.
 */
public interface Step {
  /** What determines the output; equal keys mean the checkpoint can be reused. */
  StepKey key();

  /**
   * The checkpoints this step reads. When one of them was not committed (it held failures), this
   * step's output is not committed either, so a rerun recomputes it from the retried input.
   */
  default java.util.List<Checkpoint> inputs() {
    return java.util.List.of();
  }

  /** Computes the output. Called only when no finished checkpoint with this key exists. */
  Table run() throws Exception;

  /**
   * Whether {@code output} may be checkpointed. A step whose output holds failed requests says no:
   * the next run must run it again (the request cache makes that cheap) so the failures are
   * retried.
   */
  default boolean isComplete(Table output) {
    return true;
  }
}
