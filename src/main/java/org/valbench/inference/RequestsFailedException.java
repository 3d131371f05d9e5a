package org.valbench.inference;

import org.valbench.common.UserError;

/**
 * The run finished, but some requests failed or were not sent (a server that kept failing them, or
 * could not be reached); every output was written and running the same command again retries only
 * those.
 */
public final class RequestsFailedException extends UserError {
  private static final long serialVersionUID = 1L;

  public RequestsFailedException(String message) {
    this(message, null);
  }

  public RequestsFailedException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public RequestsFailedException withMessage(String message) {
    return new RequestsFailedException(message, this);
  }
}
