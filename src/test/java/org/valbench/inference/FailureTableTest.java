package org.valbench.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.valbench.inference.FailureTable.Dialect;

/**
 * The failure table as pure data: status, error code, body words and cause in, decision out. The
 * provider tests check the same rules through each SDK against a fake HTTP server.
 */
class FailureTableTest {
  private static final String NOTE = "; the key from TEST_KEY was sent";

  private static RetryDecision answered(Dialect dialect, int status, String code, String body) {
    return FailureTable.decide(
        dialect, FailedAttempt.answered(status, name -> null, body, code), NOTE);
  }

  /** kind, rate-limited flag; the same row for every provider. */
  @ParameterizedTest(name = "{0} HTTP {1} -> {2}")
  @CsvSource({
    "OPENAI,    401, STOP,  false",
    "OPENAI,    403, STOP,  false",
    "OPENAI,    429, RETRY, true",
    "OPENAI,    408, RETRY, false",
    "OPENAI,    409, RETRY, false",
    "OPENAI,    500, RETRY, false",
    "OPENAI,    503, RETRY, false",
    "OPENAI,    400, FAIL,  false",
    "OPENAI,    404, FAIL,  false",
    "OPENAI,    422, FAIL,  false",
    "OPENAI,    402, FAIL,  false",
    "ANTHROPIC, 401, STOP,  false",
    "ANTHROPIC, 403, STOP,  false",
    "ANTHROPIC, 429, RETRY, true",
    "ANTHROPIC, 529, RETRY, false",
    "ANTHROPIC, 402, STOP,  false",
    "ANTHROPIC, 400, FAIL,  false",
    "BEDROCK,   401, STOP,  false",
    "BEDROCK,   429, RETRY, true",
    "BEDROCK,   500, RETRY, false",
    "BEDROCK,   400, FAIL,  false",
  })
  void statusAloneDecidesByTheSharedRows(
      Dialect dialect, int status, RetryDecision.Kind kind, boolean rateLimited) {
    RetryDecision decision = answered(dialect, status, "", "{\"error\": \"x\"}");

    assertThat(decision.kind()).isEqualTo(kind);
    assertThat(decision.rateLimited()).isEqualTo(rateLimited);
    assertThat(decision.unreachable()).isFalse();
  }

  @ParameterizedTest(name = "{0} HTTP {1} body {2} -> {3}")
  @CsvSource({
    "OPENAI,    429, '{\"code\": \"insufficient_quota\"}',            STOP,  ' (quota used up)'",
    "OPENAI,    429, '{\"code\": \"rate_limit_exceeded\"}',           RETRY, ''",
    "ANTHROPIC, 400, '{\"type\": \"billing_error\"}',                 STOP,  ' (billing: credit balance used up)'",
    "ANTHROPIC, 400, 'Your credit balance is too low to access it',  STOP,  ' (billing: credit balance used up)'",
    "ANTHROPIC, 429, '{\"type\": \"BILLING_ERROR\"}',                 STOP,  ' (billing: credit balance used up)'",
    "OPENAI,    400, '{\"type\": \"billing_error\"}',                 FAIL,  ''",
  })
  void bodyWordsDecideWhereTheProviderUsesThem(
      Dialect dialect, int status, String body, RetryDecision.Kind kind, String suffix) {
    RetryDecision decision = answered(dialect, status, "", body);

    assertThat(decision.kind()).isEqualTo(kind);
    assertThat(decision.message())
        .isEqualTo(
            dialect.provider
                + " answered HTTP "
                + status
                + ": "
                + HttpFailures.excerpt(body)
                + suffix);
  }

  @ParameterizedTest(name = "Bedrock HTTP {0} {1} -> {2}")
  @CsvSource({
    "400, ExpiredTokenException,         STOP,  false",
    "403, AccessDeniedException,         STOP,  false",
    "400, UnrecognizedClientException,   STOP,  false",
    "429, ThrottlingException,           RETRY, true",
    "400, ServiceQuotaExceededException, RETRY, true",
    "429, ModelNotReadyException,        RETRY, false",
    "503, ServiceUnavailableException,   RETRY, false",
    "424, ModelTimeoutException,         RETRY, false",
    "400, ValidationException,           FAIL,  false",
    "404, ResourceNotFoundException,     FAIL,  false",
    "500, SomethingNew,                  RETRY, false",
    "418, SomethingNew,                  FAIL,  false",
  })
  void bedrockErrorCodeDecidesBeforeTheStatus(
      int status, String code, RetryDecision.Kind kind, boolean rateLimited) {
    // Bedrock sends no API key, so it has no note to add to a refusal.
    RetryDecision decision =
        FailureTable.decide(
            Dialect.BEDROCK,
            FailedAttempt.answered(status, name -> null, "{\"message\": \"m\"}", code),
            "");

    assertThat(decision.kind()).isEqualTo(kind);
    assertThat(decision.rateLimited()).isEqualTo(rateLimited);
    assertThat(decision.message())
        .isEqualTo("bedrock answered HTTP " + status + " " + code + ": {\"message\": \"m\"}");
  }

  @Test
  void errorCodesOfOneProviderMeanNothingToAnother() {
    assertThat(answered(Dialect.OPENAI, 400, "ExpiredTokenException", "{}").kind())
        .isEqualTo(RetryDecision.Kind.FAIL);
  }

  @ParameterizedTest(name = "{0} HTTP {1}: note {2}")
  @CsvSource({
    "OPENAI,    401, true",
    "OPENAI,    403, true",
    "OPENAI,    429, false",
    "ANTHROPIC, 401, true",
    "ANTHROPIC, 500, false",
    "BEDROCK,   401, true",
  })
  void theKeyNoteGoesOnRefusalsOnly(Dialect dialect, int status, boolean noted) {
    assertThat(answered(dialect, status, "", "{}").message().endsWith(NOTE)).isEqualTo(noted);
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource({
    "retry-after-ms, 1500, 1500",
    "retry-after,    2,    2000",
    "retry-after,    0.5,  500",
    "Retry-After-Ms, 250,  250",
    "retry-after,    soon, -1",
  })
  void retryAfterHeadersSetTheWaitOfRetriedAnswers(String header, String value, long millis) {
    Optional<Duration> expected =
        millis < 0 ? Optional.empty() : Optional.of(Duration.ofMillis(millis));
    for (int status : new int[] {429, 503}) {
      FailedAttempt attempt =
          new FailedAttempt(
              status, Map.of(header, value), "", "", FailedAttempt.Cause.ANSWERED, "");

      assertThat(FailureTable.decide(Dialect.OPENAI, attempt, "").retryAfter()).isEqualTo(expected);
    }
  }

  @Test
  void retryAfterMsWinsOverRetryAfter() {
    FailedAttempt attempt =
        FailedAttempt.answered(
            429, Map.of("retry-after-ms", "100", "retry-after", "9")::get, "", "");

    assertThat(FailureTable.decide(Dialect.ANTHROPIC, attempt, "").retryAfter())
        .contains(Duration.ofMillis(100));
  }

  @ParameterizedTest(name = "{0} {1} -> {2}")
  @CsvSource({
    "OPENAI,    NEVER_REACHED,   RETRY, true,  'openai connection failed: ConnectException: refused'",
    "ANTHROPIC, NEVER_REACHED,   RETRY, true,  'anthropic connection failed: ConnectException: refused'",
    "BEDROCK,   NEVER_REACHED,   RETRY, true,  'bedrock connection failed: ConnectException: refused'",
    "OPENAI,    CONNECTION_LOST, RETRY, false, 'openai connection failed: ConnectException: refused'",
    "BEDROCK,   CONNECTION_LOST, RETRY, false, 'bedrock connection failed: ConnectException: refused'",
    "OPENAI,    OTHER,           FAIL,  false, 'openai request failed: ConnectException: refused'",
    "BEDROCK,   OTHER,           FAIL,  false, 'bedrock request failed: ConnectException: refused'",
  })
  void withoutAnAnswerTheCauseDecides(
      Dialect dialect,
      FailedAttempt.Cause cause,
      RetryDecision.Kind kind,
      boolean unreachable,
      String message) {
    RetryDecision decision =
        FailureTable.decide(
            dialect, FailedAttempt.noAnswer(cause, "ConnectException: refused"), NOTE);

    assertThat(decision.kind()).isEqualTo(kind);
    assertThat(decision.unreachable()).isEqualTo(unreachable);
    assertThat(decision.rateLimited()).isFalse();
    assertThat(decision.message()).isEqualTo(message);
  }

  @Test
  void missingAwsCredentialsStopTheRunAndSayWhereToPutThem() {
    RetryDecision decision =
        FailureTable.decide(
            Dialect.BEDROCK,
            FailedAttempt.noAnswer(FailedAttempt.Cause.NO_CREDENTIALS, "SdkClientException: none"),
            "");

    assertThat(decision.kind()).isEqualTo(RetryDecision.Kind.STOP);
    assertThat(decision.message())
        .startsWith("bedrock: no AWS credentials (set AWS_ACCESS_KEY_ID")
        .endsWith("): SdkClientException: none");
  }

  @Test
  void anEmptyBodyLeavesNoDanglingColonExceptOnBedrock() {
    assertThat(answered(Dialect.OPENAI, 500, "", "").message())
        .isEqualTo("openai answered HTTP 500");
    assertThat(answered(Dialect.BEDROCK, 500, "", "").message())
        .isEqualTo("bedrock answered HTTP 500: ");
  }

  @Test
  void anAttemptHasAStatusExactlyWhenTheServerAnswered() {
    assertThatThrownBy(() -> FailedAttempt.answered(0, name -> null, "", ""))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> FailedAttempt.noAnswer(FailedAttempt.Cause.ANSWERED, "x"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
