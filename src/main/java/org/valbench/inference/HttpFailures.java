package org.valbench.inference;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.function.Function;

/**
 * Readers shared by the providers' failure handling: the retry-after headers, a one-line excerpt of
 * an error body, and what a refusal says about the key. The decision itself is {@link
 * FailureTable}'s.
 */
public final class HttpFailures {
  private HttpFailures() {}

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
