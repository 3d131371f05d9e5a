package org.valbench.inference;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What to do about a failed attempt: retry it (after a server-given delay or the backoff), give up
 * on this request only, or stop the whole run (credentials or quota refused). {@code unreachable}
 * marks an attempt that never reached the server (connection refused, unknown host, connect
 * timeout, TLS handshake): only such failures can stop a run as "server unreachable".
 */
public record RetryDecision(
    Kind kind,
    String message,
    Optional<Duration> retryAfter,
    boolean rateLimited,
    boolean unreachable) {

  /** The three outcomes of a failed attempt. */
  public enum Kind {
    /** A transient failure: try again. */
    RETRY,
    /** A permanent failure of this request (e.g. 400 context too long): record it, go on. */
    FAIL,
    /** Authentication, permission or quota refused: nothing else will succeed either. */
    STOP
  }

  public RetryDecision {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(retryAfter, "retryAfter");
  }

  public static RetryDecision retry(String message) {
    return new RetryDecision(Kind.RETRY, message, Optional.empty(), false, false);
  }

  /** A connection that never reached the server: retry. */
  public static RetryDecision unreachable(String message) {
    return new RetryDecision(Kind.RETRY, message, Optional.empty(), false, true);
  }

  /** A rate limit (429, throttling): retry, and lower concurrency. */
  public static RetryDecision rateLimit(String message, Optional<Duration> after) {
    return new RetryDecision(Kind.RETRY, message, after, true, false);
  }

  public static RetryDecision retryAfter(String message, Optional<Duration> after) {
    return new RetryDecision(Kind.RETRY, message, after, false, false);
  }

  public static RetryDecision fail(String message) {
    return new RetryDecision(Kind.FAIL, message, Optional.empty(), false, false);
  }

  public static RetryDecision stop(String message) {
    return new RetryDecision(Kind.STOP, message, Optional.empty(), false, false);
  }

  /** The same decision with another message (e.g. with secrets redacted). */
  public RetryDecision withMessage(String newMessage) {
    return new RetryDecision(kind, newMessage, retryAfter, rateLimited, unreachable);
  }
}
