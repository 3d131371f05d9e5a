package org.valbench.inference;

import java.io.IOException;

/**
 * A failed attempt that a provider has already classified. Its message is the decision's
 * (secret-free) message, and its only possible cause is a JDK {@link IOException}, so no SDK type
 * leaves the provider class.
 */
final class ClassifiedFailure extends Exception {
  private static final long serialVersionUID = 1L;
  private final transient RetryDecision decision;

  ClassifiedFailure(RetryDecision decision, Throwable cause) {
    super(decision.message(), cause);
    this.decision = decision;
  }

  RetryDecision decision() {
    return decision;
  }

  /** The JDK I/O cause inside an SDK exception, kept for stack traces; null when there is none. */
  static Throwable ioCause(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof IOException) {
        return t;
      }
    }
    return null;
  }

  /**
   * One line for an unclassified SDK error: its message, plus the I/O (else root) cause that says
   * what really happened. The cause chain is walked a bounded number of steps (chains can loop).
   */
  static String describe(Throwable error) {
    Throwable cause = ioCause(error);
    if (cause == null) {
      cause = error;
      for (int depth = 0;
          cause.getCause() != null && cause.getCause() != cause && depth < 16;
          depth++) {
        cause = cause.getCause();
      }
    }
    String text = error.getClass().getSimpleName() + ": " + error.getMessage();
    if (cause != error) {
      text += " (" + cause.getClass().getSimpleName() + ": " + cause.getMessage() + ")";
    }
    return HttpFailures.excerpt(text);
  }

  /**
   * What a failed connection was: {@link FailedAttempt.Cause#NEVER_REACHED} when the attempt never
   * reached the server (refused, unknown host, no route, connect timeout, TLS handshake), else
   * {@link FailedAttempt.Cause#CONNECTION_LOST} (a read timeout or a dropped connection: the server
   * was there).
   */
  static FailedAttempt.Cause connectionCause(Throwable error) {
    return neverReachedServer(error)
        ? FailedAttempt.Cause.NEVER_REACHED
        : FailedAttempt.Cause.CONNECTION_LOST;
  }

  static boolean neverReachedServer(Throwable error) {
    Throwable t = error;
    for (int depth = 0; t != null && depth < 16; depth++, t = t.getCause()) {
      if (t instanceof java.net.ConnectException
          || t instanceof java.net.UnknownHostException
          || t instanceof java.net.NoRouteToHostException
          || t instanceof javax.net.ssl.SSLHandshakeException
          || (t instanceof java.net.SocketTimeoutException
              && String.valueOf(t.getMessage())
                  .toLowerCase(java.util.Locale.ROOT)
                  .contains("connect"))) {
        return true;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
  }
}
