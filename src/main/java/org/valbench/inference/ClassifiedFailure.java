package org.valbench.inference;

import java.io.IOException;

/**
 * A failed attempt that a provider has already classified. Its message is the decision's
 * (secret-free) message, and its only possible cause is a JDK {@link IOException}, so no SDK type
 * leaves the provider class.
 */
final class ClassifiedFailure extends Exception {
  private static final long serialVersionUID = 1L;
  private final transient RetryDecision decision;

  ClassifiedFailure(RetryDecision decision, Throwable cause) {
    super(decision.message(), cause);
    this.decision = decision;
  }

  RetryDecision decision() {
    return decision;
  }

  /** The JDK I/O cause inside an SDK exception, kept for stack traces; null when there is none. */
  static Throwable ioCause(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof IOException) {
        return t;
      }
    }
    return null;
  }
}
