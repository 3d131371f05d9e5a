package org.valbench.inference;

import java.io.IOException;
import java.io.UncheckedIOException;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;

/**
 * Reads a Bedrock failure off the AWS SDK's exception (status, error code, headers, body, or what
 * went wrong without an answer) for the shared {@link FailureTable}.
 */
final class BedrockFailures {
  private BedrockFailures() {}

  /** The decision for any failure of a Converse call, before redaction. */
  static RetryDecision decide(Throwable error) {
    return FailureTable.decide(FailureTable.Dialect.BEDROCK, attempt(error), "");
  }

  /** What the SDK's exception says about the attempt. */
  static FailedAttempt attempt(Throwable error) {
    if (error instanceof AwsServiceException e) {
      return FailedAttempt.answered(e.statusCode(), name -> header(e, name), body(e), errorCode(e));
    }
    FailedAttempt.Cause cause;
    if (isMissingCredentials(error)) {
      cause = FailedAttempt.Cause.NO_CREDENTIALS;
    } else if (isConnectionProblem(error)) {
      cause = ClassifiedFailure.connectionCause(error);
    } else {
      cause = FailedAttempt.Cause.OTHER;
    }
    return FailedAttempt.noAnswer(cause, ClassifiedFailure.describe(error));
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
