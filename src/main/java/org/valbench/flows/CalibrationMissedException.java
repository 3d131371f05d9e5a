package org.valbench.flows;

import org.valbench.common.UserError;

/**
 * The judge ran and every calibration output was written, but at least one set's measured PAC
 * missed its expected value: figures from this judge should not be published as they are.
 */
public final class CalibrationMissedException extends UserError {
  private static final long serialVersionUID = 1L;

  public CalibrationMissedException(String message) {
    this(message, null);
  }

  public CalibrationMissedException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public CalibrationMissedException withMessage(String message) {
    return new CalibrationMissedException(message, this);
  }
}
