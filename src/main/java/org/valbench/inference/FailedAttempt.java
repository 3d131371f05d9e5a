package org.valbench.inference;

import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * What one failed attempt showed, in terms no SDK owns: the HTTP status (0 when no answer came),
 * the retry-after headers, the error body, the provider's error code (Bedrock's {@code
 * x-amzn-ErrorType}; empty elsewhere), what happened when no answer came, and one line describing
 * the exception. Each provider fills it from its SDK's exception; {@link FailureTable} decides.
 */
record FailedAttempt(
    int status,
    Map<String, String> headers,
    String body,
    String errorCode,
    Cause cause,
    String detail) {

  /** How the attempt ended, as far as the connection is concerned. */
  enum Cause {
    /** The server answered with an HTTP error status. */
    ANSWERED,
    /** The attempt never reached the server: refused, unknown host, connect timeout, TLS. */
    NEVER_REACHED,
    /** The connection failed after reaching the server: read timeout, dropped connection. */
    CONNECTION_LOST,
    /** No credentials could be found to sign or authorize the request. */
    NO_CREDENTIALS,
    /** Anything else: an unreadable answer, a request the SDK refused to build, a bug. */
    OTHER
  }

  /** The only headers the table reads. */
  static final List<String> HEADERS = List.of("retry-after-ms", "retry-after");

  FailedAttempt {
    if (status < 0) {
      throw new IllegalArgumentException("status must be >= 0");
    }
    headers = lowerCaseCopy(headers);
    body = body == null ? "" : body;
    Objects.requireNonNull(errorCode, "errorCode");
    Objects.requireNonNull(cause, "cause");
    Objects.requireNonNull(detail, "detail");
    if ((status > 0) != (cause == Cause.ANSWERED)) {
      throw new IllegalArgumentException("a status is given exactly when the server answered");
    }
  }

  /**
   * An HTTP error answer; {@code header} looks a response header up by name (null when absent), and
   * {@code errorCode} is empty unless the provider sends a typed error code.
   */
  static FailedAttempt answered(
      int status, Function<String, String> header, String body, String errorCode) {
    if (status < 1) {
      throw new IllegalArgumentException("an HTTP status is >= 1, got " + status);
    }
    Map<String, String> read = new TreeMap<>();
    for (String name : HEADERS) {
      String value = header.apply(name);
      if (value != null) {
        read.put(name, value);
      }
    }
    return new FailedAttempt(status, read, body, errorCode, Cause.ANSWERED, "");
  }

  /** An attempt that got no HTTP answer; {@code detail} describes the exception in one line. */
  static FailedAttempt noAnswer(Cause cause, String detail) {
    if (cause == Cause.ANSWERED) {
      throw new IllegalArgumentException("an answered attempt has a status");
    }
    return new FailedAttempt(0, Map.of(), "", "", cause, detail);
  }

  /** A header by (case-insensitive) name, or null. */
  String header(String name) {
    return headers.get(name.toLowerCase(Locale.ROOT));
  }

  private static Map<String, String> lowerCaseCopy(Map<String, String> headers) {
    Map<String, String> copy = new TreeMap<>();
    headers.forEach((name, value) -> copy.put(name.toLowerCase(Locale.ROOT), value));
    return Collections.unmodifiableMap(copy);
  }
}
