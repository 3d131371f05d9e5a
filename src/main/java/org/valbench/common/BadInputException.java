package org.valbench.common;

/**
 * A flag, file, column, variable or value the user gave is wrong, or an output path holds something
 * valbench must not replace: running again only helps once the user has fixed it.
 */
public final class BadInputException extends UserError {
  private static final long serialVersionUID = 1L;

  public BadInputException(String message) {
    this(message, null);
  }

  public BadInputException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public BadInputException withMessage(String message) {
    return new BadInputException(message, this);
  }
}
