package org.valbench.inference;

import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The one rule from a failed attempt to a {@link RetryDecision}, for every provider. A pure table:
 * the first row that applies to the provider and matches the attempt decides. For an HTTP answer:
 * Bedrock's error code first (one status means different things there), then Anthropic's billing
 * refusal, then the shared status rules (401/403 stop; 429 is a rate limit unless the quota is used
 * up; 408, 409 and 5xx retry; any other 4xx fails only this request). Without an answer: missing
 * credentials stop, a server never reached is retried as unreachable, a lost connection is retried,
 * anything else fails only this request. Messages are not redacted here; the provider does that.
 */
final class FailureTable {
  private FailureTable() {}

  /** The providers whose SDK feeds the table; each may add rows of its own. */
  enum Dialect {
    OPENAI(OpenAiClient.PROVIDER, "no API key"),
    ANTHROPIC(AnthropicClient.PROVIDER, "no API key"),
    BEDROCK(
        BedrockClient.PROVIDER,
        "no AWS credentials (set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY in the environment or"
            + " .env, or configure a profile)");

    final String provider;
    final String noCredentials;

    Dialect(String provider, String noCredentials) {
      this.provider = provider;
      this.noCredentials = noCredentials;
    }
  }

  /** What a row does with the attempt. */
  private enum Action {
    STOP,
    RATE_LIMIT,
    RETRY,
    FAIL
  }

  /** One line of the table; {@code suffix} is added to the message (e.g. " (quota used up)"). */
  private record Row(
      Set<Dialect> dialects, Predicate<FailedAttempt> when, Action action, String suffix) {}

  private static final Set<Dialect> ALL = EnumSet.allOf(Dialect.class);
  private static final Set<Dialect> BEDROCK = EnumSet.of(Dialect.BEDROCK);
  private static final Set<Dialect> ANTHROPIC = EnumSet.of(Dialect.ANTHROPIC);

  /** Bedrock error codes meaning the credentials or permissions are refused. */
  private static final Set<String> BEDROCK_REFUSED =
      Set.of(
          "AccessDeniedException",
          "UnrecognizedClientException",
          "InvalidSignatureException",
          "IncompleteSignatureException",
          "MissingAuthenticationTokenException",
          "InvalidClientTokenId",
          "SignatureDoesNotMatch",
          "ExpiredTokenException",
          "ExpiredToken");

  /**
   * Bedrock throttling. Its docs say a ServiceQuotaExceededException may be resubmitted later, so
   * it slows the run down like throttling rather than stopping it.
   */
  private static final Set<String> BEDROCK_THROTTLED =
      Set.of("ThrottlingException", "TooManyRequestsException", "ServiceQuotaExceededException");

  /** Transient Bedrock states; ModelNotReadyException comes as a 429 but is not throttling. */
  private static final Set<String> BEDROCK_TRANSIENT =
      Set.of(
          "ServiceUnavailableException",
          "ModelNotReadyException",
          "InternalServerException",
          "ModelTimeoutException");

  private static final Set<String> BEDROCK_BAD_REQUEST =
      Set.of("ValidationException", "ResourceNotFoundException");

  /** The rows for an HTTP error answer, in order. */
  private static final List<Row> ANSWERED =
      List.of(
          new Row(BEDROCK, code(BEDROCK_REFUSED), Action.STOP, ""),
          new Row(BEDROCK, code(BEDROCK_THROTTLED), Action.RATE_LIMIT, ""),
          new Row(BEDROCK, code(BEDROCK_TRANSIENT), Action.RETRY, ""),
          new Row(BEDROCK, code(BEDROCK_BAD_REQUEST), Action.FAIL, ""),
          // An exhausted credit balance fails every request, so it stops the run like a bad key.
          new Row(
              ANTHROPIC,
              status(402).or(body("billing_error")).or(body("credit balance is too low")),
              Action.STOP,
              " (billing: credit balance used up)"),
          new Row(ALL, status(401, 403), Action.STOP, ""),
          new Row(
              ALL, status(429).and(body("insufficient_quota")), Action.STOP, " (quota used up)"),
          new Row(ALL, status(429), Action.RATE_LIMIT, ""),
          // 529 is Anthropic's overloaded_error.
          new Row(ALL, status(408, 409).or(a -> a.status() >= 500), Action.RETRY, ""),
          new Row(ALL, a -> true, Action.FAIL, ""));

  /**
   * The decision for {@code attempt} by {@code dialect}'s rows; {@code refusalNote} is added to the
   * message of a 401 or 403 (which key was sent, or how to name one), empty when there is nothing
   * to say.
   */
  static RetryDecision decide(Dialect dialect, FailedAttempt attempt, String refusalNote) {
    return switch (attempt.cause()) {
      case ANSWERED -> answered(dialect, attempt, refusalNote);
      case NO_CREDENTIALS ->
          RetryDecision.stop(
              dialect.provider + ": " + dialect.noCredentials + ": " + attempt.detail());
      case NEVER_REACHED ->
          RetryDecision.unreachable(dialect.provider + " connection failed: " + attempt.detail());
      case CONNECTION_LOST ->
          RetryDecision.retry(dialect.provider + " connection failed: " + attempt.detail());
      case OTHER -> RetryDecision.fail(dialect.provider + " request failed: " + attempt.detail());
    };
  }

  private static RetryDecision answered(
      Dialect dialect, FailedAttempt attempt, String refusalNote) {
    Row row =
        ANSWERED.stream()
            .filter(r -> r.dialects().contains(dialect) && r.when().test(attempt))
            .findFirst()
            .orElseThrow(); // the last row matches everything
    int status = attempt.status();
    // Bedrock's message is its headline alone: the error code already says what happened.
    String message =
        headline(dialect, attempt)
            + (dialect == Dialect.BEDROCK ? "" : row.suffix())
            + (status == 401 || status == 403 ? refusalNote : "");
    Optional<Duration> after = HttpFailures.retryAfter(attempt::header);
    return switch (row.action()) {
      case STOP -> RetryDecision.stop(message);
      case RATE_LIMIT -> RetryDecision.rateLimit(message, after);
      case RETRY -> RetryDecision.retryAfter(message, after);
      case FAIL -> RetryDecision.fail(message);
    };
  }

  /**
   * "openai answered HTTP 429: {excerpt of the body}"; Bedrock names its error code after the
   * status and always has a colon (its bodies are never empty in practice).
   */
  private static String headline(Dialect dialect, FailedAttempt attempt) {
    String excerpt = HttpFailures.excerpt(attempt.body());
    String code = attempt.errorCode().isEmpty() ? "" : " " + attempt.errorCode();
    boolean colon = !excerpt.isEmpty() || dialect == Dialect.BEDROCK;
    return dialect.provider
        + " answered HTTP "
        + attempt.status()
        + code
        + (colon ? ": " + excerpt : "");
  }

  private static Predicate<FailedAttempt> code(Set<String> codes) {
    return a -> codes.contains(a.errorCode());
  }

  private static Predicate<FailedAttempt> status(int... statuses) {
    return a -> Arrays.stream(statuses).anyMatch(s -> s == a.status());
  }

  private static Predicate<FailedAttempt> body(String words) {
    return a -> a.body().toLowerCase(Locale.ROOT).contains(words);
  }
}
