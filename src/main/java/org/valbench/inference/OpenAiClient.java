package org.valbench.inference;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonField;
import com.openai.core.JsonValue;
import com.openai.core.ObjectMappers;
import com.openai.core.Timeout;
import com.openai.errors.OpenAIException;
import com.openai.errors.OpenAIIoException;
import com.openai.errors.OpenAIRetryableException;
import com.openai.errors.OpenAIServiceException;
import com.openai.models.ChatModel;
import com.openai.models.Reasoning;
import com.openai.models.ReasoningEffort;
import com.openai.models.ResponseFormatJsonSchema;
import com.openai.models.ResponsesModel;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionMessage;
import com.openai.models.completions.CompletionUsage;
import com.openai.models.responses.EasyInputMessage;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseFormatTextJsonSchemaConfig;
import com.openai.models.responses.ResponseInputItem;
import com.openai.models.responses.ResponseOutputItem;
import com.openai.models.responses.ResponseOutputMessage;
import com.openai.models.responses.ResponseOutputText;
import com.openai.models.responses.ResponseStatus;
import com.openai.models.responses.ResponseTextConfig;
import com.openai.models.responses.ResponseUsage;
import com.openai.models.responses.WebSearchTool;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.valbench.common.UserError;

/**
 * The OpenAI provider on the official openai-java SDK: the Responses API, or Chat Completions for
 * any OpenAI-compatible server (vLLM, llama.cpp, Ollama, gateways), as {@link OpenAiApi} says.
 */
public final class OpenAiClient implements ModelClient {
  static final String PROVIDER = "openai";
  static final String SCHEMA_NAME = "alignment_judge_response";

  /** Sent to a key-less OpenAI-compatible server: the SDK refuses to build without a key. */
  static final String PLACEHOLDER_KEY = "EMPTY";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration KEEP_ALIVE = Duration.ofMinutes(5);

  private final OpenAIClient client;
  private final OpenAiApi api;
  private final String baseUrl;
  private final Redactor redactor;

  public OpenAiClient(ProviderConfig config) {
    this.api = config.openAiApi();
    this.baseUrl = config.baseUrl().orElse(ProviderConfig.OPENAI_DEFAULT_BASE);
    this.redactor = Redactor.from(config.env());
    String key = config.env().get("OPENAI_API_KEY").orElseGet(() -> placeholderKey(baseUrl));
    Duration t = config.timeout();
    this.client =
        OpenAIOkHttpClient.builder()
            .baseUrl(baseUrl)
            .apiKey(key)
            .maxRetries(0) // valbench retries itself; two retry layers would multiply
            .timeout(Timeout.builder().connect(t).read(t).write(t).request(t).build())
            .maxIdleConnections(config.maxConnections())
            .keepAliveDuration(KEEP_ALIVE)
            .build();
  }

  private static String placeholderKey(String baseUrl) {
    if (baseUrl.contains("://api.openai.com")) {
      throw UserError.badInput(
          "OPENAI_API_KEY is not set (in the environment or .env); " + baseUrl + " needs it");
    }
    return PLACEHOLDER_KEY;
  }

  @Override
  public ModelAnswer send(ModelRequest request) throws Exception {
    try {
      return api == OpenAiApi.CHAT
          ? chatAnswer(client.chat().completions().create(chatParams(request)))
          : responsesAnswer(client.responses().create(responsesParams(request)));
    } catch (OpenAIException e) {
      throw new ClassifiedFailure(decide(e), ClassifiedFailure.ioCause(e));
    }
  }

  @Override
  public RetryDecision classify(Throwable error) {
    return error instanceof ClassifiedFailure failure ? failure.decision() : decide(error);
  }

  @Override
  public Map<String, Object> describe() {
    return Map.of("provider", PROVIDER, "endpoint", baseUrl, "api", api.cliName());
  }

  @Override
  public void close() {
    client.close();
  }

  @Override
  public String toString() {
    return "OpenAiClient[" + baseUrl + ", " + api + "]";
  }

  // ---- classification

  private RetryDecision decide(Throwable error) {
    RetryDecision decision;
    if (error instanceof OpenAIServiceException e) {
      decision = HttpFailures.classify(PROVIDER, e.statusCode(), name -> header(e, name), body(e));
    } else if (isConnectionProblem(error)) {
      decision = RetryDecision.retry(PROVIDER + " connection failed: " + describeError(error));
    } else {
      decision = RetryDecision.fail(PROVIDER + " request failed: " + describeError(error));
    }
    return new RetryDecision(
        decision.kind(),
        redactor.redact(decision.message()),
        decision.retryAfter(),
        decision.rateLimited());
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

  /** One line: the SDK's message, and the I/O (or root) cause that says what really happened. */
  private static String describeError(Throwable error) {
    Throwable cause = ClassifiedFailure.ioCause(error);
    if (cause == null) {
      cause = error;
      while (cause.getCause() != null && cause.getCause() != cause) {
        cause = cause.getCause();
      }
    }
    String text = error.getClass().getSimpleName() + ": " + error.getMessage();
    if (cause != error) {
      text += " (" + cause.getClass().getSimpleName() + ": " + cause.getMessage() + ")";
    }
    return HttpFailures.excerpt(text);
  }

  // ---- Chat Completions

  private static ChatCompletionCreateParams chatParams(ModelRequest request) {
    GenerationSettings s = request.settings();
    ChatCompletionCreateParams.Builder params =
        ChatCompletionCreateParams.builder().model(request.model());
    if (!request.systemPrompt().isEmpty()) {
      params.addSystemMessage(request.systemPrompt());
    }
    for (ChatMessage m : request.messages()) {
      switch (m.role()) {
        case "user" -> params.addUserMessage(m.content());
        case "assistant" -> params.addAssistantMessage(m.content());
        case "system" -> params.addSystemMessage(m.content());
        default ->
            throw new IllegalArgumentException("unsupported message role '" + m.role() + "'");
      }
    }
    // Thinking and web search add nothing here, as in the reference implementation: a thinking
    // model on vLLM reasons anyway, and Chat Completions has no general web-search tool.
    params.temperature(s.temperature()).topP(s.topP()).maxCompletionTokens(s.maxTokens());
    request
        .jsonSchema()
        .ifPresent(
            schema ->
                params.responseFormat(
                    ResponseFormatJsonSchema.builder()
                        .jsonSchema(
                            ResponseFormatJsonSchema.JsonSchema.builder()
                                .name(SCHEMA_NAME)
                                .schema(
                                    ResponseFormatJsonSchema.JsonSchema.Schema.builder()
                                        .additionalProperties(schemaFields(schema))
                                        .build())
                                .strict(true)
                                .build())
                        .build()));
    return params.build();
  }

  private static ModelAnswer chatAnswer(ChatCompletion completion) throws ClassifiedFailure {
    List<ChatCompletion.Choice> choices = completion._choices().asKnown().orElse(List.of());
    if (choices.isEmpty()) {
      throw new ClassifiedFailure(RetryDecision.fail(PROVIDER + " answered with no choices"), null);
    }
    ChatCompletion.Choice choice = choices.get(0);
    ChatCompletionMessage message = choice.message();
    String content = message.content().or(message::refusal).orElse("");
    return new ModelAnswer(
        content,
        chatReasoning(message),
        chatCitations(message, content),
        chatUsage(completion._usage().asKnown()),
        choice
            ._finishReason()
            .asKnown()
            .map(ChatCompletion.Choice.FinishReason::asString)
            .orElse(""),
        completion._model().asKnown().orElse(""));
  }

  /**
   * vLLM's non-standard field: {@code reasoning} now, {@code reasoning_content} before late 2025.
   */
  private static Optional<String> chatReasoning(ChatCompletionMessage message) {
    Map<String, JsonValue> extra = message._additionalProperties();
    for (String field : List.of("reasoning", "reasoning_content")) {
      Optional<String> text = Optional.ofNullable(extra.get(field)).flatMap(JsonValue::asString);
      if (text.isPresent() && !text.get().isBlank()) {
        return text;
      }
    }
    return Optional.empty();
  }

  private static List<Citation> chatCitations(ChatCompletionMessage message, String content) {
    List<Citation> citations = new ArrayList<>();
    for (ChatCompletionMessage.Annotation a : message._annotations().asKnown().orElse(List.of())) {
      a._urlCitation()
          .asKnown()
          .ifPresent(
              c ->
                  citations.add(
                      citation(content, c._url(), c._title(), c._startIndex(), c._endIndex())));
    }
    return citations;
  }

  private static Usage chatUsage(Optional<CompletionUsage> reported) {
    if (reported.isEmpty()) {
      return Usage.NONE;
    }
    CompletionUsage u = reported.get();
    return new Usage(
        count(u._promptTokens()),
        count(u._completionTokens()),
        u._completionTokensDetails().asKnown().map(d -> count(d._reasoningTokens())).orElse(0L),
        u._promptTokensDetails().asKnown().map(d -> count(d._cachedTokens())).orElse(0L));
  }

  // ---- Responses API

  private static ResponseCreateParams responsesParams(ModelRequest request) {
    GenerationSettings s = request.settings();
    List<ResponseInputItem> input = new ArrayList<>();
    for (ChatMessage m : request.messages()) {
      input.add(
          ResponseInputItem.ofEasyInputMessage(
              EasyInputMessage.builder()
                  .role(EasyInputMessage.Role.of(m.role()))
                  .content(m.content())
                  .build()));
    }
    ResponseCreateParams.Builder params =
        ResponseCreateParams.builder()
            .model(request.model())
            .inputOfResponse(input)
            .maxOutputTokens(s.maxTokens());
    if (!request.systemPrompt().isEmpty()) {
      params.instructions(request.systemPrompt());
    }
    if (s.thinking()) {
      // Reasoning models reject temperature and top_p (same rule as the reference).
      params.reasoning(
          Reasoning.builder()
              .effort(ReasoningEffort.MEDIUM)
              .summary(Reasoning.Summary.AUTO)
              .build());
    } else {
      params.temperature(s.temperature()).topP(s.topP());
    }
    if (s.webSearch()) {
      params.addTool(WebSearchTool.builder().type(WebSearchTool.Type.WEB_SEARCH).build());
    }
    request.jsonSchema().ifPresent(schema -> params.text(textFormat(schema)));
    return params.build();
  }

  private static ResponseTextConfig textFormat(String schema) {
    return ResponseTextConfig.builder()
        .format(
            ResponseFormatTextJsonSchemaConfig.builder()
                .name(SCHEMA_NAME)
                .schema(
                    ResponseFormatTextJsonSchemaConfig.Schema.builder()
                        .additionalProperties(schemaFields(schema))
                        .build())
                .strict(true)
                .build())
        .build();
  }

  private static ModelAnswer responsesAnswer(Response response) throws ClassifiedFailure {
    String status = response._status().asKnown().map(ResponseStatus::asString).orElse("");
    if (status.equals("failed")) {
      throw new ClassifiedFailure(failedResponse(response), null);
    }
    StringBuilder text = new StringBuilder();
    StringBuilder refusal = new StringBuilder();
    List<Citation> citations = new ArrayList<>();
    List<String> summaries = new ArrayList<>();
    for (ResponseOutputItem item : response._output().asKnown().orElse(List.of())) {
      item.message().ifPresent(m -> collectMessage(m, text, refusal, citations));
      item.reasoning()
          .flatMap(r -> r._summary().asKnown())
          .ifPresent(list -> list.forEach(s -> s._text().asKnown().ifPresent(summaries::add)));
    }
    String reasoning = String.join("\n", summaries).strip();
    return new ModelAnswer(
        text.isEmpty() ? refusal.toString() : text.toString(),
        reasoning.isEmpty() ? Optional.empty() : Optional.of(reasoning),
        citations,
        responsesUsage(response._usage().asKnown()),
        finishReason(response, status),
        response._model().asKnown().map(OpenAiClient::modelName).orElse(""));
  }

  private static void collectMessage(
      ResponseOutputMessage message,
      StringBuilder text,
      StringBuilder refusal,
      List<Citation> citations) {
    for (ResponseOutputMessage.Content part : message._content().asKnown().orElse(List.of())) {
      part.refusal().ifPresent(r -> r._refusal().asKnown().ifPresent(refusal::append));
      Optional<ResponseOutputText> output = part.outputText();
      if (output.isEmpty()) {
        continue;
      }
      String partText = output.get()._text().asKnown().orElse("");
      text.append(partText);
      for (ResponseOutputText.Annotation a :
          output.get()._annotations().asKnown().orElse(List.of())) {
        a.urlCitation()
            .ifPresent(
                c ->
                    citations.add(
                        citation(partText, c._url(), c._title(), c._startIndex(), c._endIndex())));
      }
    }
  }

  private static RetryDecision failedResponse(Response response) {
    String code =
        response
            ._error()
            .asKnown()
            .flatMap(e -> e._code().asKnown())
            .map(c -> c.asString())
            .orElse("");
    String message = response._error().asKnown().flatMap(e -> e._message().asKnown()).orElse("");
    String text =
        PROVIDER + " response failed: " + code + (message.isEmpty() ? "" : ": " + message);
    return code.equals("server_error") || code.equals("rate_limit_exceeded")
        ? RetryDecision.retry(text)
        : RetryDecision.fail(text);
  }

  /** The status, or why the response is incomplete (e.g. {@code max_output_tokens}). */
  private static String finishReason(Response response, String status) {
    if (status.equals("incomplete")) {
      return response
          ._incompleteDetails()
          .asKnown()
          .flatMap(d -> d._reason().asKnown())
          .map(r -> r.asString())
          .orElse(status);
    }
    return status;
  }

  private static Usage responsesUsage(Optional<ResponseUsage> reported) {
    if (reported.isEmpty()) {
      return Usage.NONE;
    }
    ResponseUsage u = reported.get();
    return new Usage(
        count(u._inputTokens()),
        count(u._outputTokens()),
        u._outputTokensDetails().asKnown().map(d -> count(d._reasoningTokens())).orElse(0L),
        u._inputTokensDetails().asKnown().map(d -> count(d._cachedTokens())).orElse(0L));
  }

  private static String modelName(ResponsesModel model) {
    return model
        .string()
        .or(() -> model.chat().map(ChatModel::asString))
        .or(() -> model.only().map(m -> m.asString()))
        .orElse("");
  }

  // ---- shared helpers

  /** The top-level fields of a JSON schema, as the SDK's schema builders take them. */
  private static Map<String, JsonValue> schemaFields(String schema) {
    JsonNode node;
    try {
      node = JSON.readTree(schema);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("the response JSON schema is not valid JSON", e);
    }
    if (!node.isObject()) {
      throw new IllegalArgumentException("the response JSON schema must be a JSON object");
    }
    Map<String, JsonValue> fields = new LinkedHashMap<>();
    node.properties().forEach(e -> fields.put(e.getKey(), JsonValue.fromJsonNode(e.getValue())));
    return fields;
  }

  /** A url_citation; its text is the cited span, indexed in code points as the API counts. */
  private static Citation citation(
      String text,
      JsonField<String> url,
      JsonField<String> title,
      JsonField<Long> start,
      JsonField<Long> end) {
    int length = text.codePointCount(0, text.length());
    int from = (int) Math.min(Math.max(0, count(start)), length);
    int to = (int) Math.min(Math.max(from, count(end)), length);
    String span = text.substring(text.offsetByCodePoints(0, from), text.offsetByCodePoints(0, to));
    return new Citation(url.asKnown().orElse(""), title.asKnown().orElse(""), span);
  }

  private static long count(JsonField<Long> field) {
    return Math.max(0, field.asKnown().orElse(0L));
  }
}
