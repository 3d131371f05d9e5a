package org.valbench.inference;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * The shared rule from an HTTP status (plus headers and body) to a {@link RetryDecision}, so every
 * provider classifies the same way: 401/403 stop the run; 429 is a rate limit unless the body says
 * the quota is used up (then stop); 408, 409, 5xx and 529 are retried; any other 4xx fails the
 * request without retrying.
 */
public final class HttpFailures {
  private HttpFailures() {}

  /**
   * @param header looks up a response header by (case-insensitive) name, or null
   * @param body the response body, possibly empty; used only for classification and a short excerpt
   *     in the message
   */
  public static RetryDecision classify(
      String provider, int status, Function<String, String> header, String body) {
    String excerpt = excerpt(body);
    String message =
        provider + " answered HTTP " + status + (excerpt.isEmpty() ? "" : ": " + excerpt);
    Optional<Duration> after = retryAfter(header);
    String lower = body == null ? "" : body.toLowerCase(Locale.ROOT);
    if (status == 401 || status == 403) {
      return RetryDecision.stop(message);
    }
    if (status == 429) {
      if (lower.contains("insufficient_quota")) {
        return RetryDecision.stop(message + " (quota used up)");
      }
      return RetryDecision.rateLimit(message, after);
    }
    if (status == 408 || status == 409 || status >= 500) {
      return RetryDecision.retryAfter(message, after);
    }
    return RetryDecision.fail(message);
  }

  /**
   * What a refusal (401, 403) should add about the key: which variable's key was sent, or that none
   * was and how to name one. Starts with "; ".
   */
  public static String keyNote(Optional<ApiKey> sent) {
    return sent.map(k -> "; the key from " + k.variable() + " was sent")
        .orElse(
            "; no API key was sent to this server; name one with --api-key-env NAME or "
                + ProviderConfig.INFERENCE_KEY_VARIABLE);
  }

  /** {@code retry-after-ms} (milliseconds) first, then {@code retry-after} (seconds or a date). */
  public static Optional<Duration> retryAfter(Function<String, String> header) {
    String ms = header.apply("retry-after-ms");
    if (ms != null) {
      try {
        return Optional.of(Duration.ofMillis(Math.max(0, (long) Double.parseDouble(ms.strip()))));
      } catch (NumberFormatException e) {
        // fall through to retry-after
      }
    }
    String seconds = header.apply("retry-after");
    if (seconds != null) {
      try {
        return Optional.of(
            Duration.ofMillis(Math.max(0, (long) (Double.parseDouble(seconds.strip()) * 1000))));
      } catch (NumberFormatException e) {
        try {
          ZonedDateTime at =
              ZonedDateTime.parse(seconds.strip(), DateTimeFormatter.RFC_1123_DATE_TIME);
          Duration wait = Duration.between(ZonedDateTime.now(at.getZone()), at);
          return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
        } catch (RuntimeException ignored) {
          return Optional.empty();
        }
      }
    }
    return Optional.empty();
  }

  /** The first 300 characters of a body, on one line. */
  public static String excerpt(String body) {
    if (body == null) {
      return "";
    }
    String line = body.replaceAll("\\s+", " ").strip();
    return line.length() > 300 ? line.substring(0, 300) + "..." : line;
  }
}
