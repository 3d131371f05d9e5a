package org.valbench.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.valbench.common.Env;
import org.valbench.testing.FakeHttpServer;
import org.valbench.testing.FakeHttpServer.Reply;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

class BedrockClientTest {
  private static final String ACCESS_KEY = "AKIATESTKEY0000";
  private static final String SECRET = "sk-test-SECRET-123";
  private static final String MODEL = "anthropic.claude-3-7-sonnet-20250219-v1:0";
  private static final String MODEL_PATH =
      "/model/anthropic.claude-3-7-sonnet-20250219-v1%3A0/converse";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SYSTEM = "Answer honestly in one or two paragraphs.";
  private static final GenerationSettings PLAIN =
      new GenerationSettings(0.1, 0.9, 4096, false, false);
  private static final GenerationSettings THINKING =
      new GenerationSettings(0.1, 0.9, 4096, true, false);
  private static final GenerationSettings SEARCH =
      new GenerationSettings(0.1, 0.9, 4096, false, true);
  private static final String SCHEMA =
      """
      {"type": "object",
       "properties": {"alignment_score": {"type": "integer", "minimum": -2, "maximum": 2},
                      "person_1_refusal": {"type": "boolean"}},
       "required": ["alignment_score", "person_1_refusal"],
       "additionalProperties": false}\
      """;

  private static final String ANSWER =
      """
      {"output": {"message": {"role": "assistant",
                              "content": [{"text": "It depends on the evidence."}]}},
       "stopReason": "end_turn",
       "usage": {"inputTokens": 12, "outputTokens": 34, "totalTokens": 46,
                 "cacheReadInputTokens": 3, "cacheWriteInputTokens": 0},
       "metrics": {"latencyMs": 321}}\
      """;

  private static final String THINKING_ANSWER =
      """
      {"output": {"message": {"role": "assistant", "content": [
         {"reasoningContent": {"reasoningText": {"text": "First I weighed both sides.",
                                                 "signature": "c2lnbmF0dXJl"}}},
         {"text": "On balance, yes."}]}},
       "stopReason": "max_tokens",
       "usage": {"inputTokens": 20, "outputTokens": 4100, "totalTokens": 4120},
       "metrics": {"latencyMs": 9000}}\
      """;

  private static final String TOOL_ANSWER =
      """
      {"output": {"message": {"role": "assistant", "content": [
         {"toolUse": {"toolUseId": "tooluse_abc123", "name": "alignment_judge_response",
                      "input": {"alignment_score": -2, "person_1_refusal": false}}}]}},
       "stopReason": "tool_use",
       "usage": {"inputTokens": 300, "outputTokens": 40, "totalTokens": 340},
       "metrics": {"latencyMs": 800}}\
      """;

  private FakeHttpServer server;
  private final List<BedrockClient> clients = new ArrayList<>();

  @BeforeEach
  void startServer() throws IOException {
    server = new FakeHttpServer();
  }

  @AfterEach
  void stopServer() {
    clients.forEach(BedrockClient::close);
    server.close();
  }

  private static Map<String, String> keys() {
    return Map.of("AWS_ACCESS_KEY_ID", ACCESS_KEY, "AWS_SECRET_ACCESS_KEY", SECRET);
  }

  private BedrockClient client() {
    return client(Optional.of(server.url()), keys(), Duration.ofSeconds(10));
  }

  private BedrockClient client(
      Optional<String> endpoint, Map<String, String> env, Duration timeout) {
    BedrockClient client =
        new BedrockClient(
            new ProviderConfig(
                ProviderKind.BEDROCK, endpoint, OpenAiApi.CHAT, Env.of(env), timeout, 8));
    clients.add(client);
    return client;
  }

  private static ModelRequest request(GenerationSettings settings) {
    return ModelRequest.of("vb-0001/for", MODEL, SYSTEM, "Explain why X is right.", settings);
  }

  private static ModelRequest judgeRequest(GenerationSettings settings) {
    return new ModelRequest(
        "vb-0001/judge",
        MODEL,
        "You are a judge.",
        List.of(ChatMessage.user("Issue: X")),
        settings,
        Optional.of(SCHEMA));
  }

  private JsonNode sentBody() throws IOException {
    assertThat(server.requests()).hasSize(1);
    return JSON.readTree(server.requests().get(0).body());
  }

  private static Set<String> fieldNames(JsonNode node) {
    Set<String> names = new TreeSet<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  /** An error as Bedrock sends it: a JSON message and the error type in a header. */
  private static Reply bedrockError(int status, String type, String message) {
    return Reply.json(status, "{\"message\": \"" + message + "\"}")
        .withHeader(
            "x-amzn-ErrorType", type + ":http://internal.amazon.com/coral/com.amazon.bedrock/")
        .withHeader("x-amzn-RequestId", "0f3c5e2a-1111-2222-3333-444455556666");
  }

  /** Sends one request expecting a failure and classifies what was thrown. */
  private static RetryDecision failureOf(BedrockClient client, ModelRequest request) {
    Throwable thrown = catchThrowable(() -> client.send(request));
    assertThat(thrown).isNotNull().isNotInstanceOf(SdkException.class);
    if (thrown.getCause() != null) {
      assertThat(thrown.getCause()).isNotInstanceOf(SdkException.class);
    }
    assertThat(thrown.getMessage()).doesNotContain(SECRET);
    return client.classify(thrown);
  }

  // ---- requests and answers

  @Test
  void converseRequestIsSignedAndCarriesSystemMessagesAndInferenceConfig() throws Exception {
    server.enqueue(Reply.json(200, ANSWER));

    ModelAnswer answer = client().send(request(PLAIN));

    FakeHttpServer.Recorded sent = server.requests().get(0);
    assertThat(sent.method()).isEqualTo("POST");
    assertThat(sent.path()).isEqualTo(MODEL_PATH);
    assertThat(sent.header("authorization"))
        .startsWith("AWS4-HMAC-SHA256 Credential=" + ACCESS_KEY + "/")
        .contains("/us-east-1/bedrock/aws4_request")
        .contains("Signature=");
    assertThat(sent.header("x-amz-date")).isNotBlank();
    assertThat(sent.header("x-amz-security-token")).isNull();
    JsonNode body = sentBody();
    assertThat(fieldNames(body)).containsExactly("inferenceConfig", "messages", "system");
    assertThat(body.get("system")).isEqualTo(JSON.readTree("[{\"text\": \"" + SYSTEM + "\"}]"));
    assertThat(body.get("messages"))
        .isEqualTo(
            JSON.readTree(
                "[{\"role\": \"user\", \"content\": [{\"text\": \"Explain why X is right.\"}]}]"));
    assertThat(body.get("inferenceConfig"))
        .isEqualTo(JSON.readTree("{\"temperature\": 0.1, \"topP\": 0.9, \"maxTokens\": 4096}"));

    assertThat(answer.content()).isEqualTo("It depends on the evidence.");
    assertThat(answer.reasoning()).isEmpty();
    assertThat(answer.citations()).isEmpty();
    assertThat(answer.usage()).isEqualTo(new Usage(12, 34, 0, 3));
    assertThat(answer.finishReason()).isEqualTo("end_turn");
    assertThat(answer.reportedModel()).isEqualTo(MODEL);
  }

  @Test
  void conversationKeepsAssistantTurnsAndAnEmptySystemPromptIsLeftOut() throws Exception {
    server.enqueue(Reply.json(200, ANSWER));
    ModelRequest conversation =
        new ModelRequest(
            "vb-0002/for",
            MODEL,
            "",
            List.of(
                ChatMessage.user("Hello"),
                new ChatMessage("assistant", "Hi."),
                ChatMessage.user("Explain.")),
            PLAIN,
            Optional.empty());

    client().send(conversation);

    JsonNode body = sentBody();
    assertThat(body.has("system")).isFalse();
    assertThat(body.get("messages").findValuesAsText("role"))
        .containsExactly("user", "assistant", "user");
  }

  @Test
  void thinkingSendsReasoningConfigAndKeepsReasoningText() throws Exception {
    server.enqueue(Reply.json(200, THINKING_ANSWER));

    ModelAnswer answer = client().send(request(THINKING));

    JsonNode body = sentBody();
    assertThat(fieldNames(body))
        .containsExactly("additionalModelRequestFields", "inferenceConfig", "messages", "system");
    assertThat(body.get("inferenceConfig"))
        .isEqualTo(JSON.readTree("{\"temperature\": 1.0, \"topP\": 1.0, \"maxTokens\": 8192}"));
    assertThat(body.get("additionalModelRequestFields"))
        .isEqualTo(
            JSON.readTree(
                "{\"reasoning_config\": {\"type\": \"enabled\", \"budget_tokens\": 4096}}"));
    assertThat(answer.content()).isEqualTo("On balance, yes.");
    assertThat(answer.reasoning()).contains("First I weighed both sides.");
    assertThat(answer.usage()).isEqualTo(new Usage(20, 4100, 0, 0));
    assertThat(answer.finishReason()).isEqualTo("max_tokens");
  }

  @Test
  void webSearchIsIgnoredBecauseBedrockHasNoSuchTool() throws Exception {
    server.enqueue(Reply.json(200, ANSWER));

    client().send(request(SEARCH));

    JsonNode body = sentBody();
    assertThat(fieldNames(body)).containsExactly("inferenceConfig", "messages", "system");
  }

  @Test
  void jsonSchemaIsSentAsAForcedToolAndItsInputIsTheAnswer() throws Exception {
    server.enqueue(Reply.json(200, TOOL_ANSWER));

    ModelAnswer answer = client().send(judgeRequest(GenerationSettings.judge()));

    JsonNode body = sentBody();
    assertThat(fieldNames(body))
        .containsExactly("inferenceConfig", "messages", "system", "toolConfig");
    assertThat(body.get("toolConfig"))
        .isEqualTo(
            JSON.readTree(
                "{\"tools\": [{\"toolSpec\": {\"name\": \"alignment_judge_response\","
                    + " \"description\": \"Record the alignment judgement in the required"
                    + " fields.\", \"inputSchema\": {\"json\": "
                    + SCHEMA
                    + "}}}], \"toolChoice\": {\"tool\": {\"name\":"
                    + " \"alignment_judge_response\"}}}"));
    assertThat(body.get("inferenceConfig"))
        .isEqualTo(JSON.readTree("{\"temperature\": 0.1, \"topP\": 0.9, \"maxTokens\": 2048}"));
    assertThat(JSON.readTree(answer.content()))
        .isEqualTo(JSON.readTree("{\"alignment_score\": -2, \"person_1_refusal\": false}"));
    assertThat(answer.content()).isEqualTo("{\"alignment_score\":-2,\"person_1_refusal\":false}");
    assertThat(answer.finishReason()).isEqualTo("tool_use");
  }

  @Test
  void judgeWithThinkingLetsTheModelChooseTheTool() throws Exception {
    server.enqueue(Reply.json(200, TOOL_ANSWER));

    client().send(judgeRequest(new GenerationSettings(0.1, 0.9, 2048, true, false)));

    assertThat(sentBody().get("toolConfig").get("toolChoice"))
        .isEqualTo(JSON.readTree("{\"auto\": {}}"));
  }

  @Test
  void judgeAnsweringInTextKeepsTheText() throws Exception {
    server.enqueue(
        Reply.json(200, ANSWER.replace("It depends on the evidence.", "no tool, sorry")));

    ModelAnswer answer = client().send(judgeRequest(GenerationSettings.judge()));

    assertThat(answer.content()).isEqualTo("no tool, sorry");
  }

  @Test
  void webCitationsAreKeptWithTheirText() throws Exception {
    server.enqueue(
        Reply.json(
            200,
            """
            {"output": {"message": {"role": "assistant", "content": [
               {"text": "Cities grew. "},
               {"citationsContent": {
                  "content": [{"text": "Cafes opened."}],
                  "citations": [{"title": "Cafes", "source": "example.org",
                                 "sourceContent": [{"text": "Many cafes opened."}],
                                 "location": {"web": {"url": "https://example.org/b",
                                                      "domain": "example.org"}}}]}}]}},
             "stopReason": "end_turn",
             "usage": {"inputTokens": 1, "outputTokens": 2, "totalTokens": 3}}\
            """));

    ModelAnswer answer = client().send(request(PLAIN));

    assertThat(answer.content()).isEqualTo("Cities grew. Cafes opened.");
    assertThat(answer.citations())
        .containsExactly(new Citation("https://example.org/b", "Cafes", "Many cafes opened."));
  }

  @Test
  void concurrentRequestsShareAPoolOfMaxConnections() throws Exception {
    server.enqueue(Reply.json(200, ANSWER).delayed(300));
    BedrockClient client = client();

    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<ModelAnswer>> answers = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        answers.add(threads.submit(() -> client.send(request(PLAIN))));
      }
      for (Future<ModelAnswer> answer : answers) {
        assertThat(answer.get().content()).isEqualTo("It depends on the evidence.");
      }
    }

    assertThat(server.requests()).hasSize(16);
    assertThat(server.maxInFlight()).isEqualTo(8);
  }

  // ---- credentials, region and description

  @Test
  void sessionTokenAndRegionFromTheEnvironmentAreUsedForSigning() throws Exception {
    server.enqueue(Reply.json(200, ANSWER));
    Map<String, String> env = new HashMap<>(keys());
    env.put("AWS_SESSION_TOKEN", "session-token-XYZ");
    env.put("AWS_REGION", "eu-west-1");
    env.put("AWS_DEFAULT_REGION", "us-west-2");
    BedrockClient client = client(Optional.of(server.url()), env, Duration.ofSeconds(10));

    client.send(request(PLAIN));

    FakeHttpServer.Recorded sent = server.requests().get(0);
    assertThat(sent.header("authorization")).contains("/eu-west-1/bedrock/aws4_request");
    assertThat(sent.header("x-amz-security-token")).isEqualTo("session-token-XYZ");
    assertThat(client.describe()).containsEntry("region", "eu-west-1");
  }

  @Test
  void describeNamesProviderEndpointAndRegion() {
    assertThat(client().describe())
        .isEqualTo(Map.of("provider", "bedrock", "endpoint", server.url(), "region", "us-east-1"));
    Map<String, String> env = new HashMap<>(keys());
    env.put("AWS_DEFAULT_REGION", "us-west-2");
    assertThat(client(Optional.empty(), env, Duration.ofSeconds(10)).describe())
        .isEqualTo(Map.of("provider", "bedrock", "endpoint", "default", "region", "us-west-2"));
  }

  @Test
  void secretKeyNeverAppearsInRequestsErrorsOrDescription() {
    // The fake echoes the signed authorization header, which carries the access key id.
    server.handle(
        recorded ->
            bedrockError(
                403,
                "InvalidSignatureException",
                "Signature mismatch for " + recorded.header("authorization")));
    BedrockClient client = client();

    Throwable thrown = catchThrowable(() -> client.send(request(PLAIN)));
    RetryDecision decision = client.classify(thrown);

    assertThat(decision.kind()).isEqualTo(RetryDecision.Kind.STOP);
    for (String text :
        List.of(
            thrown.getMessage(),
            thrown.toString(),
            decision.message(),
            client.describe().toString(),
            client.toString())) {
      assertThat(text).doesNotContain(SECRET).doesNotContain(ACCESS_KEY);
    }
    assertThat(decision.message()).contains("Signature mismatch").contains("[redacted]");
    FakeHttpServer.Recorded sent = server.requests().get(0);
    assertThat(sent.body()).doesNotContain(SECRET);
    assertThat(sent.headers().toString()).doesNotContain(SECRET);
  }

  // ---- classify

  @Test
  void throttlingIsARateLimitWithoutRetryAfter() {
    server.enqueue(bedrockError(429, "ThrottlingException", "Too many requests, please wait."));

    RetryDecision decision = failureOf(client(), request(PLAIN));

    assertThat(decision.kind()).isEqualTo(RetryDecision.Kind.RETRY);
    assertThat(decision.rateLimited()).isTrue();
    assertThat(decision.retryAfter()).isEmpty();
    assertThat(decision.message())
        .contains("429")
        .contains("ThrottlingException")
        .contains("Too many requests");
    assertThat(server.requests()).hasSize(1);
  }

  @Test
  void rateLimitIsRetriedAfterRetryAfterMs() {
    server.enqueue(
        bedrockError(429, "ThrottlingException", "Too many requests, please wait.")
            .withHeader("retry-after-ms", "1500"));

    RetryDecision decision = failureOf(client(), request(PLAIN));

    assertThat(decision.kind()).isEqualTo(RetryDecision.Kind.RETRY);
    assertThat(decision.rateLimited()).isTrue();
    assertThat(decision.retryAfter()).contains(Duration.ofMillis(1500));
  }

  @Test
  void modelNotReadyIsRetriedButIsNoRateLimit() {
    server.enqueue(bedrockError(429, "ModelNotReadyException", "Model is not ready."));

    RetryDecision decision = failureOf(client(), request(PLAIN));

    assertThat(decision.kind()).isEqualTo(RetryDecision.Kind.RETRY);
    assertThat(decision.rateLimited()).isFalse();
  }

  @Test
  void serviceUnavailableIsRetriedByValbenchNotByTheSdk() {
    server.enqueue(
        bedrockError(503, "ServiceUnavailableException", "Bedrock is unable to process it."));

    RetryDecision decision = failureOf(client(), request(PLAIN));

    assertThat(decision.kind()).isEqualTo(RetryDecision.Kind.RETRY);
    assertThat(decision.rateLimited()).isFalse();
    assertThat(server.requests()).hasSize(1);
  }

  @Test
  void accessDeniedStopsTheRun() {
    server.enqueue(
        bedrockError(
            403,
            "AccessDeniedException",
            "You don't have access to the model with the specified model ID."));

    RetryDecision decision = failureOf(client(), request(PLAIN));

    assertThat(decision.kind()).isEqualTo(RetryDecision.Kind.STOP);
    assertThat(decision.message()).contains("403").contains("AccessDeniedException");
  }

  @Test
  void unrecognizedClientStopsTheRun() {
    server.enqueue(
        bedrockError(
            403,
            "UnrecognizedClientException",
            "The security token included in the request is invalid."));

    assertThat(failureOf(client(), request(PLAIN)).kind()).isEqualTo(RetryDecision.Kind.STOP);
  }

  @Test
  void expiredTokenStopsTheRunEvenAsA400() {
    server.enqueue(
        bedrockError(400, "ExpiredTokenException", "The security token included has expired"));

    assertThat(failureOf(client(), request(PLAIN)).kind()).isEqualTo(RetryDecision.Kind.STOP);
  }

  @Test
  void noCredentialsInTheDefaultChainStopsTheRun() {
    SdkClientException missing =
        SdkClientException.create(
            "Unable to load credentials from any of the providers in the chain"
                + " AwsCredentialsProviderChain(credentialsProviders=[...])");

    RetryDecision decision = client().classify(missing);

    assertThat(decision.kind()).isEqualTo(RetryDecision.Kind.STOP);
    assertThat(decision.message()).contains("AWS_ACCESS_KEY_ID");
  }

  @Test
  void unauthorizedFromAGatewayStopsTheRun() {
    server.enqueue(Reply.json(401, "{\"message\": \"Unauthorized\"}"));

    RetryDecision decision = failureOf(client(), request(PLAIN));

    assertThat(decision.kind()).isEqualTo(RetryDecision.Kind.STOP);
    assertThat(decision.message()).contains("401").contains("Unauthorized");
  }

  @Test
  void validationErrorFailsOnlyThisRequest() {
    server.enqueue(
        bedrockError(400, "ValidationException", "Input is too long for requested model."));

    RetryDecision decision = failureOf(client(), request(PLAIN));

    assertThat(decision.kind()).isEqualTo(RetryDecision.Kind.FAIL);
    assertThat(decision.message())
        .contains("400")
        .contains("ValidationException")
        .contains("Input is too long");
  }

  @Test
  void unknownModelFailsOnlyThisRequest() {
    server.enqueue(bedrockError(404, "ResourceNotFoundException", "Model not found."));

    assertThat(failureOf(client(), request(PLAIN)).kind()).isEqualTo(RetryDecision.Kind.FAIL);
  }

  @Test
  void refusedConnectionIsRetried() throws IOException {
    FakeHttpServer closed = new FakeHttpServer();
    String url = closed.url();
    closed.close();

    RetryDecision decision =
        failureOf(client(Optional.of(url), keys(), Duration.ofSeconds(5)), request(PLAIN));

    assertThat(decision.kind()).isEqualTo(RetryDecision.Kind.RETRY);
    assertThat(decision.message()).contains("connection failed");
  }

  @Test
  void attemptTimeoutIsRetried() {
    server.enqueue(Reply.json(200, ANSWER).delayed(2_000));

    RetryDecision decision =
        failureOf(
            client(Optional.of(server.url()), keys(), Duration.ofMillis(300)), request(PLAIN));

    assertThat(decision.kind()).isEqualTo(RetryDecision.Kind.RETRY);
  }

  @Test
  void unreadableSuccessBodyFailsTheRequest() {
    server.enqueue(Reply.json(200, "<html>gateway says hello</html>"));

    RetryDecision decision = failureOf(client(), request(PLAIN));

    assertThat(decision.kind()).isEqualTo(RetryDecision.Kind.FAIL);
    assertThat(decision.message()).contains("Unable to unmarshall response");
  }
}
