package org.valbench.pipeline;

import org.valbench.common.UserError;

/**
 * Another live valbench run holds the lock on an output this run would write; once it finishes (or
 * is stopped), running again succeeds.
 */
public final class LockHeldException extends UserError {
  private static final long serialVersionUID = 1L;

  public LockHeldException(String message) {
    this(message, null);
  }

  public LockHeldException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public LockHeldException withMessage(String message) {
    return new LockHeldException(message, this);
  }
}
