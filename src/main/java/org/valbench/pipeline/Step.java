package org.valbench.pipeline;

import org.valbench.dataset.Table;

/**
 * One unit of a command's work whose output is a table, checkpointed under its key. A step
 * receives everything it needs in its constructor (including upstream {@link Checkpoint}s) and
 * lists what determines its output in {@link #key()}.
 */
public interface Step {
  /** What determines the output; equal keys mean the checkpoint can be reused. */
  StepKey key();

  /** Computes the output. Called only when no finished checkpoint with this key exists. */
  Table run() throws Exception;
}
