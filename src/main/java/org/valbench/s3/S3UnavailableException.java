package org.valbench.s3;

import org.valbench.common.UserError;

/**
 * An S3 endpoint could not be reached or answered with an error other than a refusal or a missing
 * bucket; running again later may succeed.
 */
public final class S3UnavailableException extends UserError {
  private static final long serialVersionUID = 1L;

  public S3UnavailableException(String message) {
    this(message, null);
  }

  public S3UnavailableException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public S3UnavailableException withMessage(String message) {
    return new S3UnavailableException(message, this);
  }
}
