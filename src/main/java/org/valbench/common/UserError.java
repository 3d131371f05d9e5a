package org.valbench.common;

import java.util.Objects;

/**
 * A failure the user can act on, with a one-line message that names the flag, file, column or
 * service and what was found. Each subtype says what happened (bad input, a service that could not
 * be reached, a refused credential, ...); the CLI prints the message without a stack trace and
 * {@code cli/ExitCodes} alone decides which exit code each subtype gets.
 */
public abstract class UserError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  protected UserError(String message, Throwable cause) {
    super(Objects.requireNonNull(message, "message"), cause);
  }

  /** The same kind of failure with {@code message} (this one more context), caused by this one. */
  public abstract UserError withMessage(String message);

  /** A flag, file, column or value the user gave is wrong. */
  public static BadInputException badInput(String message) {
    return new BadInputException(message, null);
  }

  /** A flag, file, column or value the user gave is wrong; {@code cause} says how it showed. */
  public static BadInputException badInput(String message, Throwable cause) {
    return new BadInputException(message, cause);
  }
}
