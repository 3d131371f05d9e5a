package org.valbench.protocol;

import org.valbench.common.UserError;

/**
 * The reference protocol's files could be neither downloaded nor found in the cache, or what
 * arrived is not the pinned file; nothing was sent to a model.
 */
public final class ReferenceFilesUnavailableException extends UserError {
  private static final long serialVersionUID = 1L;

  public ReferenceFilesUnavailableException(String message) {
    this(message, null);
  }

  public ReferenceFilesUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public ReferenceFilesUnavailableException withMessage(String message) {
    return new ReferenceFilesUnavailableException(message, this);
  }
}
