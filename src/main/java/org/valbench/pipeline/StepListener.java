package org.valbench.pipeline;

/** Hears when steps start and end, e.g. to print one line each on stderr. */
public interface StepListener {
  void started(String step);

  /** {@code reused} is true when a finished checkpoint was loaded instead of running the step. */
  void finished(String step, boolean reused, int rows, double seconds);

  StepListener NONE =
      new StepListener() {
        @Override
        public void started(String step) {}

        @Override
        public void finished(String step, boolean reused, int rows, double seconds) {}
      };
}
