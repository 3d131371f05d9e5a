package org.valbench.s3;

import org.valbench.common.UserError;

/** S3 refused the AWS credentials or the permission, or no AWS credentials were found. */
public final class S3RefusedException extends UserError {
  private static final long serialVersionUID = 1L;

  public S3RefusedException(String message) {
    this(message, null);
  }

  public S3RefusedException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public S3RefusedException withMessage(String message) {
    return new S3RefusedException(message, this);
  }
}
