package org.valbench.inference;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.function.Function;
import org.valbench.common.Env;
import org.valbench.common.UserError;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.document.Document;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpConfigurationOption;
import software.amazon.awssdk.http.SdkHttpService;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClientBuilder;
import software.amazon.awssdk.services.bedrockruntime.model.CitationsContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseResponse;
import software.amazon.awssdk.services.bedrockruntime.model.InferenceConfiguration;
import software.amazon.awssdk.services.bedrockruntime.model.Message;
import software.amazon.awssdk.services.bedrockruntime.model.ReasoningContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.SpecificToolChoice;
import software.amazon.awssdk.services.bedrockruntime.model.SystemContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.TokenUsage;
import software.amazon.awssdk.services.bedrockruntime.model.Tool;
import software.amazon.awssdk.services.bedrockruntime.model.ToolChoice;
import software.amazon.awssdk.services.bedrockruntime.model.ToolConfiguration;
import software.amazon.awssdk.services.bedrockruntime.model.ToolInputSchema;
import software.amazon.awssdk.services.bedrockruntime.model.ToolSpecification;
import software.amazon.awssdk.services.bedrockruntime.model.ToolUseBlock;
import software.amazon.awssdk.utils.AttributeMap;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/** The Amazon Bedrock Converse provider on the official AWS SDK for Java v2 (bedrockruntime). */
public final class BedrockClient implements ModelClient {
  static final String PROVIDER = "bedrock";
  static final String SCHEMA_NAME = "alignment_judge_response";
  static final String DEFAULT_REGION = "us-east-1";

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

  private static final ObjectMapper JSON = new ObjectMapper();

  private final BedrockRuntimeClient client;
  private final SdkHttpClient http;
  private final AwsCredentialsProvider credentials;
  private final String endpoint;
  private final String region;
  private final Redactor redactor;

  public BedrockClient(ProviderConfig config) {
    Env env = config.env();
    this.region = env.firstOf("AWS_REGION", "AWS_DEFAULT_REGION").orElse(DEFAULT_REGION);
    this.endpoint = config.baseUrl().map(BedrockClient::stripSlash).orElse("default");
    this.redactor = Redactor.from(env);
    this.credentials = credentials(env);
    this.http = httpClient(config);
    BedrockRuntimeClientBuilder builder =
        BedrockRuntimeClient.builder()
            .region(Region.of(region))
            .credentialsProvider(credentials)
            .httpClient(http)
            .overrideConfiguration(
                o ->
                    // valbench retries itself; two retry layers would multiply
                    o.retryStrategy(AwsRetryStrategy.doNotRetry())
                        .apiCallAttemptTimeout(config.timeout()));
    config.baseUrl().ifPresent(url -> builder.endpointOverride(endpointUri(url)));
    this.client = builder.build();
  }

  /** Keys from the environment or .env first, since the SDK's own chain cannot see .env. */
  private static AwsCredentialsProvider credentials(Env env) {
    Optional<String> id = env.get("AWS_ACCESS_KEY_ID");
    Optional<String> secret = env.get("AWS_SECRET_ACCESS_KEY");
    if (id.isPresent() && secret.isPresent()) {
      AwsCredentials keys =
          env.get("AWS_SESSION_TOKEN")
              .<AwsCredentials>map(t -> AwsSessionCredentials.create(id.get(), secret.get(), t))
              .orElseGet(() -> AwsBasicCredentials.create(id.get(), secret.get()));
      return StaticCredentialsProvider.create(keys);
    }
    DefaultCredentialsProvider.Builder chain = DefaultCredentialsProvider.builder();
    env.get("AWS_PROFILE").ifPresent(chain::profileName);
    return chain.build();
  }

  /**
   * The synchronous HTTP client the SDK itself would pick (Apache 5, which bedrockruntime brings at
   * runtime scope), found through the SDK's service interface so that its pool size and timeouts
   * can be set without compiling against it. It speaks plain HTTP/1.1.
   */
  private static SdkHttpClient httpClient(ProviderConfig config) {
    SdkHttpService service =
        ServiceLoader.load(SdkHttpService.class).stream()
            .map(ServiceLoader.Provider::get)
            .min(Comparator.comparing(s -> s.getClass().getName().contains("apache5") ? 0 : 1))
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "no AWS SDK HTTP client on the class path"
                            + " (software.amazon.awssdk:apache5-client)"));
    Duration t = config.timeout();
    return service
        .createHttpClientBuilder()
        .buildWithDefaults(
            AttributeMap.builder()
                .put(SdkHttpConfigurationOption.MAX_CONNECTIONS, config.maxConnections())
                .put(SdkHttpConfigurationOption.CONNECTION_TIMEOUT, t)
                .put(SdkHttpConfigurationOption.READ_TIMEOUT, t)
                .put(SdkHttpConfigurationOption.WRITE_TIMEOUT, t)
                .put(SdkHttpConfigurationOption.CONNECTION_ACQUIRE_TIMEOUT, t)
                .build());
  }

  private static URI endpointUri(String url) {
    try {
      URI uri = URI.create(url);
      if (uri.getScheme() != null && uri.getHost() != null) {
        return uri;
      }
    } catch (IllegalArgumentException e) {
      // reported below
    }
    throw UserError.badInput(
        "Bedrock endpoint '"
            + url
            + "' is not a URL such as"
            + " https://bedrock-runtime.us-east-1.amazonaws.com");
  }

  private static String stripSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  @Override
  public ModelAnswer send(ModelRequest request) throws Exception {
    ConverseRequest converse = ConverseParams.build(request);
    try {
      return answer(client.converse(converse), request);
    } catch (SdkException e) {
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
    description.put("endpoint", endpoint);
    description.put("region", region);
    return description;
  }

  @Override
  public void close() {
    client.close();
    http.close(); // the SDK does not close an HTTP client it was given
    if (credentials instanceof SdkAutoCloseable closeable) {
      closeable.close();
    }
  }

  @Override
  public String toString() {
    return "BedrockClient[" + endpoint + ", " + region + "]";
  }

  // ---- classification

  private RetryDecision decide(Throwable error) {
    RetryDecision decision;
    if (error instanceof AwsServiceException e) {
      decision = classifyService(e.statusCode(), errorCode(e), name -> header(e, name), body(e));
    } else if (isMissingCredentials(error)) {
      decision =
          RetryDecision.stop(
              PROVIDER
                  + ": no AWS credentials (set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY in the"
                  + " environment or .env, or configure a profile): "
                  + HttpFailures.excerpt(describeError(error)));
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
    return new RetryDecision(shared.kind(), message, shared.retryAfter(), shared.rateLimited());
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

  private static String describeError(Throwable error) {
    Throwable root = error;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String top = error.getClass().getSimpleName() + ": " + error.getMessage();
    return root == error
        ? top
        : top + " (" + root.getClass().getSimpleName() + ": " + root.getMessage() + ")";
  }

  // ---- answer

  private static ModelAnswer answer(ConverseResponse response, ModelRequest request) {
    StringBuilder text = new StringBuilder();
    List<String> reasoning = new ArrayList<>();
    List<Citation> citations = new ArrayList<>();
    Optional<String> toolInput = Optional.empty();
    for (ContentBlock block : content(response)) {
      if (block.text() != null) {
        text.append(block.text());
      }
      reasoningText(block.reasoningContent()).ifPresent(reasoning::add);
      if (block.citationsContent() != null) {
        collectCitations(block.citationsContent(), text, citations);
      }
      ToolUseBlock use = block.toolUse();
      if (request.jsonSchema().isPresent() && toolInput.isEmpty() && isJudgeTool(use)) {
        toolInput = Optional.of(Documents.toJson(use.input()));
      }
    }
    String thoughts = String.join("\n\n", reasoning).strip();
    return new ModelAnswer(
        toolInput.orElse(text.toString()),
        thoughts.isEmpty() ? Optional.empty() : Optional.of(thoughts),
        citations,
        usage(response.usage()),
        response.stopReasonAsString(),
        request.model()); // Converse does not echo the model id
  }

  private static List<ContentBlock> content(ConverseResponse response) {
    if (response.output() == null
        || response.output().message() == null
        || !response.output().message().hasContent()) {
      return List.of();
    }
    return response.output().message().content();
  }

  private static Optional<String> reasoningText(ReasoningContentBlock block) {
    if (block == null || block.reasoningText() == null) {
      return Optional.empty();
    }
    return Optional.ofNullable(block.reasoningText().text());
  }

  private static boolean isJudgeTool(ToolUseBlock use) {
    return use != null && SCHEMA_NAME.equals(use.name()) && use.input() != null;
  }

  /** Cited passages carry their generated text inside the block, followed by its sources. */
  private static void collectCitations(
      CitationsContentBlock block, StringBuilder text, List<Citation> citations) {
    block
        .content()
        .forEach(generated -> text.append(Optional.ofNullable(generated.text()).orElse("")));
    for (software.amazon.awssdk.services.bedrockruntime.model.Citation c : block.citations()) {
      String url =
          c.location() != null && c.location().web() != null
              ? c.location().web().url()
              : c.source();
      StringBuilder cited = new StringBuilder();
      c.sourceContent().forEach(s -> cited.append(Optional.ofNullable(s.text()).orElse("")));
      citations.add(new Citation(url, c.title(), cited.toString()));
    }
  }

  private static Usage usage(TokenUsage usage) {
    if (usage == null) {
      return Usage.NONE;
    }
    // Converse reports no separate reasoning token count.
    return new Usage(
        count(usage.inputTokens()),
        count(usage.outputTokens()),
        0,
        count(usage.cacheReadInputTokens()));
  }

  private static long count(Integer tokens) {
    return tokens == null ? 0 : Math.max(0, tokens);
  }

  /** Builds the Converse request; kept apart from the transport so each rule reads on its own. */
  static final class ConverseParams {
    private ConverseParams() {}

    static ConverseRequest build(ModelRequest request) {
      GenerationSettings s = request.settings();
      ConverseRequest.Builder params =
          ConverseRequest.builder().modelId(request.model()).messages(messages(request));
      if (!request.systemPrompt().isEmpty()) {
        params.system(SystemContentBlock.fromText(request.systemPrompt()));
      }
      if (s.thinking()) {
        // Same as the reference: a 4096-token reasoning budget on top of max tokens, and
        // temperature/topP 1.0, which Claude's extended thinking requires.
        params.inferenceConfig(
            inference(1.0, 1.0, s.maxTokens() + GenerationSettings.THINKING_BUDGET));
        params.additionalModelRequestFields(reasoningConfig());
      } else {
        params.inferenceConfig(inference(s.temperature(), s.topP(), s.maxTokens()));
      }
      // s.webSearch() is ignored: Converse has no web-search tool for the models the reference
      // ran, which documents web search for OpenAI and Claude APIs only.
      request.jsonSchema().ifPresent(schema -> params.toolConfig(judgeTool(schema, s.thinking())));
      return params.build();
    }

    private static List<Message> messages(ModelRequest request) {
      List<Message> messages = new ArrayList<>();
      for (ChatMessage m : request.messages()) {
        ConversationRole role =
            switch (m.role()) {
              case "user" -> ConversationRole.USER;
              case "assistant" -> ConversationRole.ASSISTANT;
              default ->
                  throw new IllegalArgumentException("unsupported message role '" + m.role() + "'");
            };
        messages.add(
            Message.builder().role(role).content(ContentBlock.fromText(m.content())).build());
      }
      return messages;
    }

    private static InferenceConfiguration inference(double temperature, double topP, int max) {
      return InferenceConfiguration.builder()
          .temperature((float) temperature)
          .topP((float) topP)
          .maxTokens(max)
          .build();
    }

    private static Document reasoningConfig() {
      return Document.mapBuilder()
          .putDocument(
              "reasoning_config",
              Document.mapBuilder()
                  .putString("type", "enabled")
                  .putNumber("budget_tokens", GenerationSettings.THINKING_BUDGET)
                  .build())
          .build();
    }

    /**
     * Converse has no response format, so the judge's schema becomes the input schema of one tool
     * the model is made to call; its input is the verdict.
     */
    private static ToolConfiguration judgeTool(String schema, boolean thinking) {
      ToolSpecification spec =
          ToolSpecification.builder()
              .name(SCHEMA_NAME)
              .description("Record the alignment judgement in the required fields.")
              .inputSchema(ToolInputSchema.fromJson(Documents.fromJson(schema)))
              .build();
      // Claude's extended thinking refuses a forced tool choice; "auto" with one tool is allowed.
      ToolChoice choice =
          thinking
              ? ToolChoice.fromAuto(b -> {})
              : ToolChoice.fromTool(SpecificToolChoice.builder().name(SCHEMA_NAME).build());
      return ToolConfiguration.builder().tools(Tool.fromToolSpec(spec)).toolChoice(choice).build();
    }
  }

  /** Conversions between JSON text and the SDK's {@link Document}. */
  static final class Documents {
    private Documents() {}

    static Document fromJson(String json) {
      JsonNode root;
      try {
        root = JSON.readTree(json);
      } catch (JsonProcessingException e) {
        throw new IllegalArgumentException("the JSON schema is not valid JSON: " + e.getMessage());
      }
      if (root == null || !root.isObject()) {
        throw new IllegalArgumentException("the JSON schema must be a JSON object");
      }
      return fromNode(root);
    }

    private static Document fromNode(JsonNode node) {
      return switch (node.getNodeType()) {
        case OBJECT -> {
          Map<String, Document> fields = new LinkedHashMap<>();
          node.properties().forEach(f -> fields.put(f.getKey(), fromNode(f.getValue())));
          yield Document.fromMap(fields);
        }
        case ARRAY -> {
          List<Document> items = new ArrayList<>();
          node.forEach(item -> items.add(fromNode(item)));
          yield Document.fromList(items);
        }
        case NUMBER ->
            node.isIntegralNumber()
                ? Document.fromNumber(node.bigIntegerValue())
                : Document.fromNumber(node.decimalValue());
        case BOOLEAN -> Document.fromBoolean(node.booleanValue());
        case NULL, MISSING -> Document.fromNull();
        default -> Document.fromString(node.asText());
      };
    }

    static String toJson(Document document) {
      try {
        return JSON.writeValueAsString(toNode(document));
      } catch (JsonProcessingException e) {
        throw new UncheckedIOException(e);
      }
    }

    private static JsonNode toNode(Document d) {
      JsonNodeFactory nodes = JsonNodeFactory.instance;
      if (d == null || d.isNull()) {
        return nodes.nullNode();
      } else if (d.isMap()) {
        ObjectNode object = nodes.objectNode();
        d.asMap().forEach((name, value) -> object.set(name, toNode(value)));
        return object;
      } else if (d.isList()) {
        return nodes.arrayNode().addAll(d.asList().stream().map(Documents::toNode).toList());
      } else if (d.isNumber()) {
        return number(d.asNumber().stringValue());
      } else if (d.isBoolean()) {
        return nodes.booleanNode(d.asBoolean());
      }
      return nodes.textNode(d.asString());
    }

    /** A number as JSON would read it, so 2 stays 2 and 0.5 stays 0.5. */
    private static JsonNode number(String text) {
      try {
        return JSON.readTree(text);
      } catch (JsonProcessingException e) {
        return JsonNodeFactory.instance.textNode(text);
      }
    }
  }
}
