package org.valbench.cli;

import org.valbench.common.StorageException;
import org.valbench.common.UserError;
import picocli.CommandLine;

/** The one table from outcomes to exit codes (the README's "Exit codes" lists it too). */
public final class ExitCodes {
  public static final int OK = 0;
  public static final int UNEXPECTED = 1;
  public static final int BAD_INPUT = 2;
  public static final int SOME_FAILED = 3;
  public static final int AUTH_REFUSED = 4;
  public static final int UNAVAILABLE = 5;

  private ExitCodes() {}

  public static int of(UserError.Kind kind) {
    return switch (kind) {
      case BAD_INPUT -> BAD_INPUT;
      case SOME_FAILED -> SOME_FAILED;
      case AUTH_REFUSED -> AUTH_REFUSED;
      case NOT_AVAILABLE -> UNAVAILABLE;
    };
  }

  public static int of(Throwable error) {
    if (error instanceof UserError userError) {
      return of(userError.kind());
    }
    // The machine refused to store or read a file (disk full, read-only, permission denied): the
    // user must fix it before a rerun can succeed, like a bad input.
    if (StorageException.environmentalReason(error).isPresent()) {
      return BAD_INPUT;
    }
    if (error instanceof CommandLine.ParameterException) {
      return BAD_INPUT;
    }
    return UNEXPECTED;
  }
}
