package org.valbench.inference;

import org.valbench.common.UserError;

/**
 * {@code --batch} was asked of a server or provider that has no batch API (an OpenAI-compatible
 * server without {@code /v1/files} or {@code /v1/batches}, or a provider valbench sends no batches
 * to yet): a live run is the way.
 */
public final class BatchesUnsupportedException extends UserError {
  private static final long serialVersionUID = 1L;

  public BatchesUnsupportedException(String message) {
    super(message, null);
  }

  public BatchesUnsupportedException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public BatchesUnsupportedException withMessage(String message) {
    return new BatchesUnsupportedException(message, this);
  }
}
