package org.valbench.pipeline;

/**
 * One unit of a command's work whose output is a table, checkpointed under its key. A step receives
 * everything it needs in its constructor (including upstream {@link Checkpoint}s, which it reads as
 * row streams) and lists what determines its output in {@link #key()}.
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

  /**
   * Whether a finished checkpoint with this step's key may be reused. A step that was asked for
   * fresh results (e.g. inference with {@code --no-cache}) says no and runs again; the steps after
   * it then run again too, since their input was recomputed.
   */
  default boolean reusable() {
    return true;
  }

  /**
   * Computes the output and writes it to {@code out}, row by row. Called only when no finished
   * checkpoint with this key exists.
   *
   * @return whether the output may be checkpointed: a step whose output holds failed requests says
   *     no, so the next run runs it again (the request cache makes that cheap) and the failures are
   *     retried
   */
  boolean run(StepOutput out) throws Exception;
}
