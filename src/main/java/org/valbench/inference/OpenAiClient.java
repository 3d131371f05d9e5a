package org.valbench.inference;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.ObjectMappers;
import com.openai.core.Timeout;
import com.openai.errors.OpenAIException;
import com.openai.errors.OpenAIIoException;
import com.openai.errors.OpenAIRetryableException;
import com.openai.errors.OpenAIServiceException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.valbench.common.Urls;
import org.valbench.common.UserError;

/**
 * The OpenAI provider on the official openai-java SDK: the Responses API, or Chat Completions for
 * any OpenAI-compatible server (vLLM, llama.cpp, Ollama, gateways), as {@link OpenAiApi} says.
 */
public final class OpenAiClient implements ModelClient {
  static final String PROVIDER = "openai";

  /**
   * Sent when no key may go to the server (see {@link ProviderConfig#apiKey}): the SDK refuses to
   * build without a key, and a key-less server ignores it.
   */
  static final String PLACEHOLDER_KEY = "EMPTY";

  static final String KEY_VARIABLE = "OPENAI_API_KEY";

  private static final int BATCH_CALL_RETRIES = 4;

  private static final Duration KEEP_ALIVE = Duration.ofMinutes(5);

  private final OpenAIClient client;
  private final OpenAiApi api;
  private final String baseUrl;
  private final Redactor redactor;
  private final Optional<ApiKey> key;

  public OpenAiClient(ProviderConfig config) {
    this.api = config.openAiApi();
    this.baseUrl = config.baseUrl().orElse(ProviderConfig.OPENAI_DEFAULT_BASE);
    this.redactor = config.redactor();
    this.key = config.apiKey(KEY_VARIABLE, ProviderConfig.OPENAI_DEFAULT_BASE);
    if (key.isEmpty() && config.isOwnApi(ProviderConfig.OPENAI_DEFAULT_BASE)) {
      throw UserError.badInput(
          KEY_VARIABLE
              + " is not set (in the environment or .env); "
              + Urls.withoutCredentials(baseUrl)
              + " needs it");
    }
    Duration t = config.timeout();
    this.client =
        OpenAIOkHttpClient.builder()
            .baseUrl(baseUrl)
            .apiKey(key.map(ApiKey::value).orElse(PLACEHOLDER_KEY))
            .maxRetries(0) // valbench retries itself; two retry layers would multiply
            .timeout(Timeout.builder().connect(t).read(t).write(t).request(t).build())
            .maxIdleConnections(config.maxConnections())
            .keepAliveDuration(KEEP_ALIVE)
            .build();
  }

  @Override
  public ModelAnswer send(ModelRequest request) throws Exception {
    try {
      return api == OpenAiApi.CHAT
          ? OpenAiChatCalls.answer(
              client.chat().completions().create(OpenAiChatCalls.params(request)))
          : OpenAiResponsesCalls.answer(
              client.responses().create(OpenAiResponsesCalls.params(request)));
    } catch (OpenAIException e) {
      throw new ClassifiedFailure(decide(e), ClassifiedFailure.ioCause(e));
    }
  }

  /**
   * This provider's batch API, on the same endpoint and key; its control calls (upload, create,
   * poll) are retried by the SDK, since the batch transport has no attempt loop of its own.
   */
  BatchApi batchApi() {
    return new OpenAiBatchApi(
        client.withOptions(options -> options.maxRetries(BATCH_CALL_RETRIES)), api, baseUrl);
  }

  @Override
  public RetryDecision classify(Throwable error) {
    return error instanceof ClassifiedFailure failure ? failure.decision() : decide(error);
  }

  @Override
  public Map<String, Object> describe() {
    return Map.of(
        "provider", PROVIDER, "endpoint", Urls.withoutCredentials(baseUrl), "api", api.cliName());
  }

  @Override
  public void close() {
    client.close();
  }

  @Override
  public String toString() {
    return "OpenAiClient[" + Urls.withoutCredentials(baseUrl) + ", " + api + "]";
  }

  // ---- classification

  private RetryDecision decide(Throwable error) {
    RetryDecision decision =
        FailureTable.decide(FailureTable.Dialect.OPENAI, attempt(error), HttpFailures.keyNote(key));
    return decision.withMessage(redactor.redact(decision.message()));
  }

  /** What the SDK's exception says about the attempt, for the shared table. */
  private static FailedAttempt attempt(Throwable error) {
    if (error instanceof OpenAIServiceException e) {
      return FailedAttempt.answered(e.statusCode(), name -> header(e, name), body(e), "");
    }
    return FailedAttempt.noAnswer(
        isConnectionProblem(error)
            ? ClassifiedFailure.connectionCause(error)
            : FailedAttempt.Cause.OTHER,
        ClassifiedFailure.describe(error));
  }

  private static String header(OpenAIServiceException e, String name) {
    List<String> values = e.headers().values(name);
    return values.isEmpty() ? null : values.get(0);
  }

  /**
   * The error as the SDK parsed it: OpenAI's error object, or whatever the server put under "error"
   * (vLLM sends a bare string), or the whole JSON body; empty when it was not JSON.
   */
  private static String body(OpenAIServiceException e) {
    try {
      JsonValue body = e.body();
      return body.isMissing() ? "" : ObjectMappers.jsonMapper().writeValueAsString(body);
    } catch (JsonProcessingException | RuntimeException unreadable) {
      return "";
    }
  }

  /**
   * I/O errors, timeouts and dropped connections, also while the body was read; but a body that
   * arrived whole and is not JSON (a gateway's HTML page) will not improve on retry.
   */
  private static boolean isConnectionProblem(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof JsonProcessingException) {
        return false;
      }
      if (t instanceof OpenAIIoException
          || t instanceof OpenAIRetryableException
          || t instanceof IOException
          || t instanceof UncheckedIOException) {
        return true;
      }
    }
    return false;
  }
}
