package org.valbench.common;

import java.util.Objects;

/**
 * A failure the user can act on: bad input, refused credentials, or work that finished with some
 * failures. It carries a one-line message and a {@link Kind}; the CLI maps the kind to an exit code
 * in one place and prints the message without a stack trace.
 */
public final class UserError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** What went wrong, as far as the exit code is concerned. */
  public enum Kind {
    /** A flag, file, column or value the user gave is wrong. */
    BAD_INPUT,
    /** A provider refused the credentials or the permission. */
    AUTH_REFUSED,
    /** The run finished but some requests failed; rerunning retries them. */
    SOME_FAILED,
    /**
     * A resource the run needs (the reference protocol's files) could not be fetched or was not the
     * pinned one; nothing was sent to a model.
     */
    NOT_AVAILABLE
  }

  private final Kind kind;

  public UserError(Kind kind, String message) {
    this(kind, message, null);
  }

  public UserError(Kind kind, String message, Throwable cause) {
    super(Objects.requireNonNull(message, "message"), cause);
    this.kind = Objects.requireNonNull(kind, "kind");
  }

  public static UserError badInput(String message) {
    return new UserError(Kind.BAD_INPUT, message);
  }

  public static UserError badInput(String message, Throwable cause) {
    return new UserError(Kind.BAD_INPUT, message, cause);
  }

  public Kind kind() {
    return kind;
  }
}
