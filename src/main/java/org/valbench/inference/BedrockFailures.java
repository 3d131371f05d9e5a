package org.valbench.inference;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Set;
import java.util.function.Function;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;

/** Turns a Bedrock failure into a retry decision: its error code first, then the shared rule. */
final class BedrockFailures {
  private static final String PROVIDER = BedrockClient.PROVIDER;

  /** Error codes (x-amzn-ErrorType) meaning the credentials or permissions are refused. */
  private static final Set<String> STOP_CODES =
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
   * Throttling. Bedrock's docs say a ServiceQuotaExceededException may be resubmitted later, so it
   * slows the run down like throttling rather than stopping it.
   */
  private static final Set<String> RATE_LIMIT_CODES =
      Set.of("ThrottlingException", "TooManyRequestsException", "ServiceQuotaExceededException");

  /** Transient service states; ModelNotReadyException comes as a 429 but is not throttling. */
  private static final Set<String> RETRY_CODES =
      Set.of(
          "ServiceUnavailableException",
          "ModelNotReadyException",
          "InternalServerException",
          "ModelTimeoutException");

  private static final Set<String> FAIL_CODES =
      Set.of("ValidationException", "ResourceNotFoundException");

  private BedrockFailures() {}

  /** The decision for any failure of a Converse call, before redaction. */
  static RetryDecision decide(Throwable error) {
    if (error instanceof AwsServiceException e) {
      return classifyService(e.statusCode(), errorCode(e), name -> header(e, name), body(e));
    } else if (isMissingCredentials(error)) {
      return RetryDecision.stop(
          PROVIDER
              + ": no AWS credentials (set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY in the"
              + " environment or .env, or configure a profile): "
              + ClassifiedFailure.describe(error));
    } else if (isConnectionProblem(error)) {
      return ClassifiedFailure.connectionFailed(PROVIDER, error);
    }
    return RetryDecision.fail(PROVIDER + " request failed: " + ClassifiedFailure.describe(error));
  }

  /**
   * Bedrock's error code (the {@code x-amzn-ErrorType} header) decides first, because one status
   * means different things (a 429 is throttling or a model still loading; a 400 is a bad request or
   * an expired token); any other code falls back to the shared HTTP rule.
   */
  static RetryDecision classifyService(
      int status, String code, Function<String, String> header, String body) {
    RetryDecision shared = HttpFailures.classify(PROVIDER, status, header, body);
    String message =
        PROVIDER
            + " answered HTTP "
            + status
            + (code.isEmpty() ? "" : " " + code)
            + ": "
            + HttpFailures.excerpt(body);
    if (STOP_CODES.contains(code)) {
      return RetryDecision.stop(message);
    }
    if (RATE_LIMIT_CODES.contains(code)) {
      return RetryDecision.rateLimit(message, shared.retryAfter());
    }
    if (RETRY_CODES.contains(code)) {
      return RetryDecision.retryAfter(message, shared.retryAfter());
    }
    if (FAIL_CODES.contains(code)) {
      return RetryDecision.fail(message);
    }
    return shared.withMessage(message);
  }

  private static String errorCode(AwsServiceException e) {
    AwsErrorDetails details = e.awsErrorDetails();
    String code = details == null || details.errorCode() == null ? "" : details.errorCode();
    int colon = code.indexOf(':'); // the header's namespace suffix, should the SDK keep it
    return colon >= 0 ? code.substring(0, colon) : code;
  }

  private static String header(AwsServiceException e, String name) {
    AwsErrorDetails details = e.awsErrorDetails();
    if (details == null || details.sdkHttpResponse() == null) {
      return null;
    }
    return details.sdkHttpResponse().firstMatchingHeader(name).orElse(null);
  }

  private static String body(AwsServiceException e) {
    AwsErrorDetails details = e.awsErrorDetails();
    if (details != null && details.rawResponse() != null) {
      return details.rawResponse().asUtf8String();
    }
    return details == null || details.errorMessage() == null ? "" : details.errorMessage();
  }

  private static boolean isMissingCredentials(Throwable error) {
    String message = error.getMessage();
    return message != null && message.contains("Unable to load credentials");
  }

  private static boolean isConnectionProblem(Throwable error) {
    boolean io = false;
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof ApiCallAttemptTimeoutException || t instanceof ApiCallTimeoutException) {
        return true;
      }
      if (isParseError(t)) {
        return false;
      }
      io |= t instanceof IOException || t instanceof UncheckedIOException;
    }
    return io;
  }

  /**
   * The SDK's (shaded) JSON parser reports an unreadable body as an IOException, wrapped in an
   * UncheckedIOException; a server answering garbage is no dropped connection.
   */
  private static boolean isParseError(Throwable t) {
    return t.getClass().getName().contains(".jackson.");
  }
}
