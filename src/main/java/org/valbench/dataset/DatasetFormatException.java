package org.valbench.dataset;

/** A file that exists but cannot be read as the format it claims to be; the message names it. */
public final class DatasetFormatException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public DatasetFormatException(String message) {
    super(message);
  }

  public DatasetFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
