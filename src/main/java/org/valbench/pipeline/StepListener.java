package org.valbench.pipeline;

/** Hears when steps start and end, e.g. to print one line each on stderr. */
public interface StepListener {
  void started(String step);

  /**
   * {@code reused}: a finished checkpoint was loaded instead of running the step; {@code
   * committed}: the output is checkpointed (false when it held failures to retry next time).
   */
  void finished(String step, boolean reused, int rows, double seconds, boolean committed);

  /**
   * A checkpoint of {@code step} marked done was unusable ({@code reason}) and was deleted; the
   * step runs again.
   */
  default void discarded(String step, java.nio.file.Path data, String reason) {}

  /**
   * Another run (process {@code holder}, when known) is computing the checkpoint of {@code step}
   * with the same key; this run waits for it and then reuses what it committed.
   */
  default void waiting(String step, java.util.OptionalLong holder) {}

  StepListener NONE =
      new StepListener() {
        @Override
        public void started(String step) {}

        @Override
        public void finished(
            String step, boolean reused, int rows, double seconds, boolean committed) {}
      };
}
