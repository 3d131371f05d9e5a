package org.valbench.inference;

import org.valbench.common.UserError;

/**
 * A {@code --batch --no-wait} run submitted its batches and did not wait for them (or {@code
 * valbench batch status} found some in flight): run the same command again later to collect them.
 */
public final class BatchesInFlightException extends UserError {
  private static final long serialVersionUID = 1L;

  public BatchesInFlightException(String message) {
    super(message, null);
  }

  public BatchesInFlightException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public BatchesInFlightException withMessage(String message) {
    return new BatchesInFlightException(message, this);
  }
}
