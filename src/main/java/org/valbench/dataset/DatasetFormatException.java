package org.valbench.dataset;

import org.valbench.common.UserError;

/** A file that exists but cannot be read as the format it claims to be; the message names it. */
public final class DatasetFormatException extends UserError {
  private static final long serialVersionUID = 1L;

  private static final java.util.regex.Pattern QUALIFIED_PREFIX =
      java.util.regex.Pattern.compile("^(?:[a-z0-9_]+\\.)+[A-Za-z0-9_$]+(?:Exception|Error): ");

  private static final java.util.regex.Pattern OBJECT_NAME =
      java.util.regex.Pattern.compile(" in file [\\w.$]+@[0-9a-f]+");

  public DatasetFormatException(String message) {
    super(message, null);
  }

  public DatasetFormatException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public DatasetFormatException withMessage(String message) {
    return new DatasetFormatException(message, this);
  }

  /**
   * What went wrong, in a few words, for a message that names the file: the exception's message, or
   * its kind when it has none (an {@code IndexOutOfBoundsException} deep in a reader).
   */
  public static String describe(Throwable e) {
    String text = describe(e, 0);
    return text.length() > 400 ? text.substring(0, 400) + "..." : text;
  }

  private static String describe(Throwable e, int depth) {
    if (e instanceof OutOfMemoryError) {
      return "a length in the file asks for more memory than there is: damaged?";
    }
    if (e instanceof StackOverflowError) {
      return "nested too deeply: damaged?";
    }
    String message = e.getMessage();
    if (message == null || message.isBlank()) {
      message = words(e.getClass().getSimpleName());
    } else {
      // "com.example.SomeException: what" from a wrapped cause: keep "what".
      message = QUALIFIED_PREFIX.matcher(message.strip()).replaceFirst("");
      // Parquet names the file by its object identity; the caller names it by its path.
      message = OBJECT_NAME.matcher(message).replaceAll("").strip();
      int newline = message.indexOf('\n');
      if (newline >= 0) {
        message = message.substring(0, newline).strip();
      }
    }
    Throwable cause = e.getCause();
    if (cause != null && cause != e && depth < 3) {
      String inner = describe(cause, depth + 1);
      if (!message.contains(inner)) {
        message = message + ": " + inner;
      }
    }
    return message;
  }

  /** {@code IndexOutOfBoundsException} as "index out of bounds". */
  private static String words(String className) {
    String name = className.replaceAll("(Exception|Error)$", "");
    if (name.equals("IO")) {
      return "input/output error";
    }
    return name.replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase(java.util.Locale.ROOT);
  }
}
