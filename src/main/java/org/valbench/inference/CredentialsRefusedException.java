package org.valbench.inference;

import org.valbench.common.UserError;

/**
 * A model provider refused the credentials, the permission or the quota, so no further request of
 * that model could pass.
 */
public final class CredentialsRefusedException extends UserError {
  private static final long serialVersionUID = 1L;

  public CredentialsRefusedException(String message) {
    this(message, null);
  }

  public CredentialsRefusedException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public CredentialsRefusedException withMessage(String message) {
    return new CredentialsRefusedException(message, this);
  }
}
