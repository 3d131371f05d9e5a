package org.valbench.inference;

/**
 * A spending limit a run's fresh answers count against (answers from the cache are free). Shared by
 * every run of a command, from any thread.
 */
public interface Budget {
  /** Never reached. */
  Budget NONE =
      new Budget() {
        @Override
        public Stop spend(Usage usage) {
          return Stop.NONE;
        }

        @Override
        public Stop check() {
          return Stop.NONE;
        }
      };

  /**
   * Counts a fresh answer's {@code usage}; returns {@link Stop.BudgetReached} when the spend has
   * reached the limit, else {@link Stop#NONE}.
   */
  Stop spend(Usage usage);

  /** {@link Stop.BudgetReached} when the limit is already reached, else {@link Stop#NONE}. */
  Stop check();
}
