package org.valbench.hub;

import org.valbench.common.UserError;

/**
 * The Hugging Face Hub refused the token (HTTP 401 or 403: gated, private, no write access), or a
 * push has no token at all.
 */
public final class HubRefusedException extends UserError {
  private static final long serialVersionUID = 1L;

  public HubRefusedException(String message) {
    this(message, null);
  }

  public HubRefusedException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public HubRefusedException withMessage(String message) {
    return new HubRefusedException(message, this);
  }
}
