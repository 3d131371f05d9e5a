package org.valbench.inference;

import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.JsonValue;
import com.anthropic.core.LogLevel;
import com.anthropic.core.ObjectMappers;
import com.anthropic.core.Timeout;
import com.anthropic.errors.AnthropicException;
import com.anthropic.errors.AnthropicIoException;
import com.anthropic.errors.AnthropicRetryableException;
import com.anthropic.errors.AnthropicServiceException;
import com.anthropic.models.messages.ContentBlock;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.StopReason;
import com.anthropic.models.messages.TextBlock;
import com.anthropic.models.messages.TextCitation;
import com.anthropic.models.messages.ToolUseBlock;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.valbench.common.Urls;
import org.valbench.common.UserError;
import org.valbench.judge.JudgeSchema;

/** The Anthropic Messages provider on the official anthropic-java SDK. */
public final class AnthropicClient implements ModelClient {
  static final String PROVIDER = "anthropic";
  static final String DEFAULT_BASE = "https://api.anthropic.com";
  static final String KEY_VARIABLE = "ANTHROPIC_API_KEY";

  private static final Duration KEEP_ALIVE = Duration.ofMinutes(5);

  private final com.anthropic.client.AnthropicClient client;
  private final String baseUrl;
  private final Redactor redactor;
  private final Optional<ApiKey> key;

  public AnthropicClient(ProviderConfig config) {
    this.baseUrl = stripSlash(config.baseUrl().orElse(DEFAULT_BASE));
    this.redactor = config.redactor();
    Duration t = config.timeout();
    AnthropicOkHttpClient.Builder builder =
        AnthropicOkHttpClient.builder()
            .baseUrl(baseUrl)
            .maxRetries(0) // valbench retries itself; two retry layers would multiply
            // An explicit timeout also stops the SDK refusing large non-streaming max_tokens.
            .timeout(Timeout.builder().connect(t).read(t).write(t).request(t).build())
            .maxIdleConnections(config.maxConnections())
            .keepAliveDuration(KEEP_ALIVE)
            .logLevel(LogLevel.OFF); // not ANTHROPIC_LOG: valbench reads the environment once
    // The SDK's apiKey() goes out as "Authorization: Bearer" in 3.x; the Messages API and
    // gateways expect x-api-key, and the SDK adds no credential when this header is present.
    this.key = apiKey(config, baseUrl);
    key.ifPresent(k -> builder.putHeader("X-Api-Key", k.value()));
    this.client = builder.build();
  }

  /** The key by {@link ProviderConfig#apiKey}'s rule; api.anthropic.com requires one. */
  private static Optional<ApiKey> apiKey(ProviderConfig config, String baseUrl) {
    Optional<ApiKey> key = config.apiKey(KEY_VARIABLE, DEFAULT_BASE);
    if (key.isEmpty() && config.isOwnApi(DEFAULT_BASE)) {
      throw UserError.badInput(
          KEY_VARIABLE + " is not set (in the environment or .env); " + baseUrl + " needs it");
    }
    return key;
  }

  private static String stripSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  @Override
  public ModelAnswer send(ModelRequest request) throws Exception {
    MessageCreateParams params = AnthropicParams.build(request);
    try {
      return answer(client.messages().create(params), request.jsonSchema().isPresent());
    } catch (AnthropicException e) {
      throw new ClassifiedFailure(decide(e), ClassifiedFailure.ioCause(e));
    }
  }

  @Override
  public RetryDecision classify(Throwable error) {
    return error instanceof ClassifiedFailure failure ? failure.decision() : decide(error);
  }

  @Override
  public Map<String, Object> describe() {
    Map<String, Object> description = new LinkedHashMap<>();
    description.put("provider", PROVIDER);
    description.put("endpoint", Urls.withoutCredentials(baseUrl));
    return description;
  }

  @Override
  public void close() {
    client.close();
  }

  @Override
  public String toString() {
    return "AnthropicClient[" + Urls.withoutCredentials(baseUrl) + "]";
  }

  // ---- classification

  private RetryDecision decide(Throwable error) {
    RetryDecision decision =
        FailureTable.decide(
            FailureTable.Dialect.ANTHROPIC, attempt(error), HttpFailures.keyNote(key));
    return decision.withMessage(redactor.redact(decision.message()));
  }

  /** What the SDK's exception says about the attempt, for the shared table. */
  private static FailedAttempt attempt(Throwable error) {
    if (error instanceof AnthropicServiceException e) {
      return FailedAttempt.answered(e.statusCode(), name -> header(e, name), body(e), "");
    }
    return FailedAttempt.noAnswer(
        isConnectionProblem(error)
            ? ClassifiedFailure.connectionCause(error)
            : FailedAttempt.Cause.OTHER,
        ClassifiedFailure.describe(error));
  }

  private static String header(AnthropicServiceException e, String name) {
    List<String> values = e.headers().values(name);
    return values.isEmpty() ? null : values.get(0);
  }

  /** The error body as the SDK parsed it; empty when it was not JSON. */
  private static String body(AnthropicServiceException e) {
    try {
      JsonValue body = e.body();
      return body.isMissing() ? "" : ObjectMappers.jsonMapper().writeValueAsString(body);
    } catch (JsonProcessingException | RuntimeException unreadable) {
      return "";
    }
  }

  private static boolean isConnectionProblem(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof AnthropicIoException
          || t instanceof AnthropicRetryableException
          || t instanceof IOException
          || t instanceof UncheckedIOException) {
        return true;
      }
    }
    return false;
  }

  // ---- answer

  private static ModelAnswer answer(Message message, boolean judged) {
    StringBuilder text = new StringBuilder();
    List<String> thinking = new ArrayList<>();
    List<Citation> citations = new ArrayList<>();
    Optional<String> toolInput = Optional.empty();
    for (ContentBlock block : message._content().asKnown().orElse(List.of())) {
      block.text().ifPresent(t -> collectText(t, text, citations));
      block.thinking().ifPresent(t -> t._thinking().asKnown().ifPresent(thinking::add));
      if (judged && toolInput.isEmpty()) {
        toolInput = block.toolUse().filter(u -> JudgeSchema.NAME.equals(name(u))).map(u -> json(u));
      }
    }
    String reasoning = String.join("\n\n", thinking).strip();
    return new ModelAnswer(
        toolInput.orElse(text.toString()),
        reasoning.isEmpty() ? Optional.empty() : Optional.of(reasoning),
        citations,
        usage(message),
        message._stopReason().asKnown().map(StopReason::asString).orElse(""),
        message._model().asKnown().map(m -> m.asString()).orElse(""));
  }

  private static void collectText(TextBlock block, StringBuilder text, List<Citation> citations) {
    text.append(block._text().asKnown().orElse(""));
    for (TextCitation c : block._citations().asKnown().orElse(List.of())) {
      c.webSearchResultLocation()
          .ifPresent(
              w ->
                  citations.add(
                      new Citation(
                          w._url().asKnown().orElse(""),
                          w._title().asKnown().orElse(""),
                          w._citedText().asKnown().orElse(""))));
    }
  }

  private static String name(ToolUseBlock block) {
    return block._name().asKnown().orElse("");
  }

  private static String json(ToolUseBlock block) {
    try {
      return ObjectMappers.jsonMapper().writeValueAsString(block._input());
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Usage usage(Message message) {
    return message
        ._usage()
        .asKnown()
        .map(
            u ->
                new Usage(
                    u._inputTokens().asKnown().orElse(0L),
                    u._outputTokens().asKnown().orElse(0L),
                    u._outputTokensDetails()
                        .asKnown()
                        .flatMap(d -> d._thinkingTokens().asKnown())
                        .orElse(0L),
                    u._cacheReadInputTokens().asKnown().orElse(0L)))
        .orElse(Usage.NONE);
  }
}
