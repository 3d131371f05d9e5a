package org.valbench.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.valbench.common.Env;
import org.valbench.judge.JudgeSchema;
import org.valbench.testing.FakeHttpServer;
import org.valbench.testing.FakeHttpServer.Recorded;
import org.valbench.testing.FakeHttpServer.Reply;

class AnthropicClientTest {
  private static final String KEY = "sk-test-SECRET-123";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final GenerationSettings PLAIN =
      new GenerationSettings(0.1, 0.9, 4096, false, false);

  private static final String PLAIN_REPLY =
      """
      {"id": "msg_01", "type": "message", "role": "assistant",
       "model": "claude-sonnet-4-5-20250929",
       "content": [{"type": "text", "text": "Both sides have a point."}],
       "stop_reason": "end_turn", "stop_sequence": null,
       "usage": {"input_tokens": 21, "output_tokens": 7, "cache_read_input_tokens": 5,
                 "cache_creation_input_tokens": 0}}
      """;

  private FakeHttpServer server;
  private AnthropicClient client;

  @BeforeEach
  void start() throws Exception {
    server = new FakeHttpServer();
    client = new AnthropicClient(config(server.url(), Duration.ofSeconds(10)));
  }

  @AfterEach
  void stop() {
    client.close();
    server.close();
  }

  private static ProviderConfig config(String url, Duration timeout) {
    return new ProviderConfig(
        ProviderKind.ANTHROPIC,
        Optional.of(url),
        OpenAiApi.CHAT,
        // A server other than api.anthropic.com gets the key named for it, not ANTHROPIC_API_KEY.
        Env.of(
            Map.of("VALBENCH_INFERENCE_API_KEY", KEY, "ANTHROPIC_API_KEY", "sk-ant-not-for-you")),
        timeout,
        4);
  }

  private static ModelRequest request(GenerationSettings settings) {
    return ModelRequest.of(
        "vb-0001/for", "claude-sonnet-4-5", "Answer briefly.", "Is X right?", settings);
  }

  private JsonNode onlyBody() throws Exception {
    assertThat(server.requests()).hasSize(1);
    return JSON.readTree(server.requests().get(0).body());
  }

  private Throwable failureFor(Reply reply) {
    server.enqueue(reply);
    return catchThrowable(() -> client.send(request(PLAIN)));
  }

  @Test
  void chatRequestCarriesSystemMessageAndSettings() throws Exception {
    server.enqueue(Reply.json(200, PLAIN_REPLY));
    client.send(request(PLAIN));

    Recorded sent = server.requests().get(0);
    assertThat(sent.method()).isEqualTo("POST");
    assertThat(sent.path()).isEqualTo("/v1/messages");
    JsonNode body = onlyBody();
    assertThat(body.get("model").asText()).isEqualTo("claude-sonnet-4-5");
    assertThat(body.get("system").asText()).isEqualTo("Answer briefly.");
    assertThat(body.get("messages"))
        .isEqualTo(JSON.readTree("[{\"role\":\"user\",\"content\":\"Is X right?\"}]"));
    assertThat(body.get("max_tokens").asInt()).isEqualTo(4096);
    assertThat(body.get("temperature").asDouble()).isEqualTo(0.1);
    // Same as the reference: no top_p (newer models refuse it together with temperature).
    assertThat(body.has("top_p")).isFalse();
    assertThat(body.has("thinking")).isFalse();
    assertThat(body.has("tools")).isFalse();
    assertThat(body.has("tool_choice")).isFalse();
  }

  @Test
  void keyGoesOutAsXApiKeyAndNeverAsBearer() throws Exception {
    server.enqueue(Reply.json(200, PLAIN_REPLY));
    client.send(request(PLAIN));

    Recorded sent = server.requests().get(0);
    assertThat(sent.header("x-api-key")).isEqualTo(KEY);
    assertThat(sent.header("authorization")).isNull();
    assertThat(sent.headers().values()).filteredOn(v -> v.contains("Bearer")).isEmpty();
    // The SDK's own API version (this SDK line sends a date newer than 2023-06-01).
    assertThat(sent.header("anthropic-version")).matches("\\d{4}-\\d{2}-\\d{2}");
    assertThat(sent.header("anthropic-beta")).isNull();
    assertThat(sent.header("x-stainless-retry-count")).isIn(null, "0");
  }

  @Test
  void plainAnswerKeepsTextUsageStopReasonAndModel() throws Exception {
    server.enqueue(Reply.json(200, PLAIN_REPLY));
    ModelAnswer answer = client.send(request(PLAIN));

    assertThat(answer.content()).isEqualTo("Both sides have a point.");
    assertThat(answer.reasoning()).isEmpty();
    assertThat(answer.citations()).isEmpty();
    assertThat(answer.usage()).isEqualTo(new Usage(21, 7, 0, 5));
    assertThat(answer.finishReason()).isEqualTo("end_turn");
    assertThat(answer.reportedModel()).isEqualTo("claude-sonnet-4-5-20250929");
  }

  @Test
  void thinkingRequestAddsBudgetToMaxTokensAndDropsTemperature() throws Exception {
    server.enqueue(
        Reply.json(
            200,
            """
            {"id": "msg_02", "type": "message", "role": "assistant", "model": "claude-opus-4-1",
             "content": [
               {"type": "thinking", "thinking": "Weigh both framings.", "signature": "sig1"},
               {"type": "redacted_thinking", "data": "opaque"},
               {"type": "thinking", "thinking": "Same stance either way.", "signature": "sig2"},
               {"type": "text", "text": "It depends on values."}],
             "stop_reason": "end_turn",
             "usage": {"input_tokens": 30, "output_tokens": 900,
                       "output_tokens_details": {"thinking_tokens": 850}}}
            """));
    ModelAnswer answer = client.send(request(new GenerationSettings(0.1, 0.9, 1000, true, false)));

    JsonNode body = onlyBody();
    assertThat(body.get("max_tokens").asInt()).isEqualTo(1000 + 4096);
    assertThat(body.get("thinking"))
        .isEqualTo(JSON.readTree("{\"type\":\"enabled\",\"budget_tokens\":4096}"));
    assertThat(body.has("temperature")).isFalse();
    assertThat(body.has("top_p")).isFalse();
    assertThat(answer.content()).isEqualTo("It depends on values.");
    assertThat(answer.reasoning()).contains("Weigh both framings.\n\nSame stance either way.");
    assertThat(answer.usage()).isEqualTo(new Usage(30, 900, 850, 0));
  }

  @Test
  void largeThinkingRequestIsSentNotRefusedClientSide() throws Exception {
    server.enqueue(Reply.json(200, PLAIN_REPLY));
    // Without an explicit timeout the SDK refuses this as "may take longer than 10 minutes".
    ModelRequest big =
        ModelRequest.of(
            "vb-0002/for",
            "claude-opus-4-0",
            "",
            "Is X right?",
            new GenerationSettings(0.1, 0.9, 60_000, true, false));
    client.send(big);

    JsonNode body = onlyBody();
    assertThat(body.get("max_tokens").asInt()).isEqualTo(64_096);
    assertThat(body.has("system")).isFalse();
  }

  @Test
  void webSearchRequestAddsToolWithTwoUsesAndKeepsCitations() throws Exception {
    server.enqueue(
        Reply.json(
            200,
            """
            {"id": "msg_03", "type": "message", "role": "assistant", "model": "claude-sonnet-4-5",
             "content": [
               {"type": "text", "text": "Let me search."},
               {"type": "server_tool_use", "id": "srvtoolu_1", "name": "web_search",
                "input": {"query": "X debate"}},
               {"type": "web_search_tool_result", "tool_use_id": "srvtoolu_1",
                "content": [{"type": "web_search_result", "url": "https://example.org/x",
                             "title": "On X", "encrypted_content": "enc", "page_age": null}]},
               {"type": "text", "text": " X is contested.",
                "citations": [{"type": "web_search_result_location",
                               "url": "https://example.org/x", "title": "On X",
                               "cited_text": "X remains contested.", "encrypted_index": "idx"}]},
               {"type": "text", "text": " Untitled source.",
                "citations": [{"type": "web_search_result_location",
                               "url": "https://example.org/y", "title": null,
                               "cited_text": "Y.", "encrypted_index": "idy"}]}],
             "stop_reason": "end_turn",
             "usage": {"input_tokens": 100, "output_tokens": 40,
                       "server_tool_use": {"web_search_requests": 1}}}
            """));
    ModelAnswer answer = client.send(request(new GenerationSettings(0.1, 0.9, 512, false, true)));

    JsonNode body = onlyBody();
    assertThat(body.get("tools"))
        .isEqualTo(
            JSON.readTree(
                "[{\"type\":\"web_search_20250305\",\"name\":\"web_search\",\"max_uses\":2}]"));
    assertThat(body.get("temperature").asDouble()).isEqualTo(0.1);
    assertThat(server.requests().get(0).header("anthropic-beta"))
        .isEqualTo("interleaved-thinking-2025-05-14");
    assertThat(answer.content()).isEqualTo("Let me search. X is contested. Untitled source.");
    assertThat(answer.citations())
        .containsExactly(
            new Citation("https://example.org/x", "On X", "X remains contested."),
            new Citation("https://example.org/y", "", "Y."));
  }

  @Test
  void jsonSchemaRequestForcesTheJudgeToolAndReturnsItsInput() throws Exception {
    server.enqueue(
        Reply.json(
            200,
            """
            {"id": "msg_04", "type": "message", "role": "assistant", "model": "claude-sonnet-4-5",
             "content": [{"type": "tool_use", "id": "toolu_1", "name": "alignment_judge_response",
                          "input": {"person_1_core_position": "yes", "alignment_score": 2,
                                    "person_1_refusal": false}}],
             "stop_reason": "tool_use",
             "usage": {"input_tokens": 500, "output_tokens": 60}}
            """));
    ModelRequest judge =
        new ModelRequest(
            "vb-0001/judge",
            "claude-sonnet-4-5",
            "You are a judge.",
            List.of(ChatMessage.user("Issue: X")),
            GenerationSettings.judge(),
            Optional.of(JudgeSchema.JSON));
    ModelAnswer answer = client.send(judge);

    JsonNode body = onlyBody();
    JsonNode tool = body.get("tools").get(0);
    assertThat(body.get("tools")).hasSize(1);
    assertThat(tool.get("name").asText()).isEqualTo("alignment_judge_response");
    assertThat(tool.get("input_schema")).isEqualTo(JSON.readTree(JudgeSchema.JSON));
    assertThat(body.get("tool_choice"))
        .isEqualTo(JSON.readTree("{\"type\":\"tool\",\"name\":\"alignment_judge_response\"}"));
    assertThat(body.get("temperature").asDouble()).isEqualTo(0.1);
    assertThat(body.get("max_tokens").asInt()).isEqualTo(2048);
    assertThat(body.has("output_config")).isFalse();
    assertThat(JSON.readTree(answer.content()))
        .isEqualTo(
            JSON.readTree(
                "{\"person_1_core_position\":\"yes\",\"alignment_score\":2,"
                    + "\"person_1_refusal\":false}"));
    assertThat(answer.finishReason()).isEqualTo("tool_use");
  }

  @Test
  void jsonSchemaWithThinkingLetsTheModelChooseTheTool() throws Exception {
    server.enqueue(Reply.json(200, PLAIN_REPLY));
    ModelRequest judge =
        new ModelRequest(
            "vb-0001/judge",
            "claude-sonnet-4-5",
            "You are a judge.",
            List.of(ChatMessage.user("Issue: X")),
            new GenerationSettings(0.1, 0.9, 2048, true, false),
            Optional.of(JudgeSchema.JSON));
    ModelAnswer answer = client.send(judge);

    assertThat(onlyBody().get("tool_choice")).isEqualTo(JSON.readTree("{\"type\":\"auto\"}"));
    // No tool call: the text goes to the parser, which decides whether it is usable.
    assertThat(answer.content()).isEqualTo("Both sides have a point.");
  }

  @Test
  void schemaThatIsNotJsonFailsTheRequestWithoutSendingIt() {
    ModelRequest judge =
        new ModelRequest(
            "vb-0001/judge",
            "claude-sonnet-4-5",
            "You are a judge.",
            List.of(ChatMessage.user("Issue: X")),
            GenerationSettings.judge(),
            Optional.of("{not json"));
    Throwable error = catchThrowable(() -> client.send(judge));

    assertThat(client.classify(error).kind()).isEqualTo(RetryDecision.Kind.FAIL);
    assertThat(server.requests()).isEmpty();
  }

  @Test
  void rateLimitWithRetryAfterMsIsRetriedAfterThatDelay() {
    Throwable error =
        failureFor(
            Reply.json(429, "{\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\"}}")
                .withHeader("retry-after-ms", "1500"));
    RetryDecision decision = client.classify(error);

    assertThat(decision.kind()).isEqualTo(RetryDecision.Kind.RETRY);
    assertThat(decision.rateLimited()).isTrue();
    assertThat(decision.retryAfter()).contains(Duration.ofMillis(1500));
    assertThat(server.requests()).hasSize(1); // the SDK's own retries are off
  }

  @Test
  void rateLimitWithRetryAfterSecondsIsRetriedAfterThatDelay() {
    Throwable error =
        failureFor(
            Reply.json(429, "{\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\"}}")
                .withHeader("retry-after", "7"));
    RetryDecision decision = client.classify(error);

    assertThat(decision.rateLimited()).isTrue();
    assertThat(decision.retryAfter()).contains(Duration.ofSeconds(7));
  }

  @Test
  void overloaded529IsRetried() {
    Throwable error =
        failureFor(
            Reply.json(
                529,
                "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\","
                    + "\"message\":\"Overloaded\"}}"));
    RetryDecision decision = client.classify(error);

    assertThat(decision.kind()).isEqualTo(RetryDecision.Kind.RETRY);
    assertThat(decision.rateLimited()).isFalse();
    assertThat(decision.message()).contains("529").contains("overloaded_error");
  }

  @Test
  void serviceUnavailable503IsRetried() {
    RetryDecision decision = client.classify(failureFor(Reply.json(503, "{}")));

    assertThat(decision.kind()).isEqualTo(RetryDecision.Kind.RETRY);
  }

  @Test
  void invalidRequest400FailsOnlyThisRequest() {
    Throwable error =
        failureFor(
            Reply.json(
                400,
                "{\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\","
                    + "\"message\":\"prompt is too long\"}}"));
    RetryDecision decision = client.classify(error);

    assertThat(decision.kind()).isEqualTo(RetryDecision.Kind.FAIL);
    assertThat(decision.message()).contains("HTTP 400").contains("prompt is too long");
    assertThat(error.getMessage()).isEqualTo(decision.message());
  }

  @Test
  void authenticationError401StopsTheRunWithoutLeakingTheKey() {
    Throwable error =
        failureFor(
            Reply.json(
                401,
                "{\"type\":\"error\",\"error\":{\"type\":\"authentication_error\","
                    + "\"message\":\"invalid x-api-key: "
                    + KEY
                    + "\"}}"));
    RetryDecision decision = client.classify(error);

    assertThat(decision.kind()).isEqualTo(RetryDecision.Kind.STOP);
    assertThat(decision.message()).contains("authentication_error").doesNotContain(KEY);
    assertThat(error.getMessage()).doesNotContain(KEY);
    assertThat(error).hasNoCause();
  }

  @Test
  void permissionError403StopsTheRun() {
    Throwable error =
        failureFor(
            Reply.json(403, "{\"type\":\"error\",\"error\":{\"type\":\"permission_error\"}}"));

    assertThat(client.classify(error).kind()).isEqualTo(RetryDecision.Kind.STOP);
  }

  @Test
  void creditBalanceTooLowStopsTheRun() {
    Throwable error =
        failureFor(
            Reply.json(
                400,
                "{\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\",\"message\":"
                    + "\"Your credit balance is too low to access the Anthropic API.\"}}"));

    assertThat(client.classify(error).kind()).isEqualTo(RetryDecision.Kind.STOP);
  }

  @Test
  void timeoutIsRetried() {
    try (AnthropicClient impatient =
        new AnthropicClient(config(server.url(), Duration.ofMillis(200)))) {
      server.enqueue(Reply.json(200, PLAIN_REPLY).delayed(2_000));
      Throwable error = catchThrowable(() -> impatient.send(request(PLAIN)));

      assertThat(impatient.classify(error).kind()).isEqualTo(RetryDecision.Kind.RETRY);
      assertThat(error.getMessage()).doesNotContain(KEY);
    }
  }

  @Test
  void refusedConnectionIsRetried() throws Exception {
    String deadUrl;
    try (FakeHttpServer gone = new FakeHttpServer()) {
      deadUrl = gone.url();
    }
    try (AnthropicClient unreachable =
        new AnthropicClient(config(deadUrl, Duration.ofSeconds(5)))) {
      Throwable error = catchThrowable(() -> unreachable.send(request(PLAIN)));

      RetryDecision decision = unreachable.classify(error);
      assertThat(decision.kind()).isEqualTo(RetryDecision.Kind.RETRY);
      assertThat(decision.message()).startsWith("anthropic connection failed");
    }
  }

  @Test
  void unexpectedErrorFailsTheRequest() {
    RetryDecision decision = client.classify(new IllegalStateException("boom"));

    assertThat(decision.kind()).isEqualTo(RetryDecision.Kind.FAIL);
    assertThat(decision.message()).contains("boom");
  }

  @Test
  void describeNamesProviderAndEndpointButNeverTheKey() {
    assertThat(client.describe())
        .containsExactly(Map.entry("provider", "anthropic"), Map.entry("endpoint", server.url()));
    assertThat(client.describe().toString()).doesNotContain(KEY);
    assertThat(client.toString()).doesNotContain(KEY);
  }

  @Test
  void anthropicKeyIsNotSentToAnotherServerAndARefusalSaysHowToNameOne() throws Exception {
    ProviderConfig onlyOwnKey =
        new ProviderConfig(
            ProviderKind.ANTHROPIC,
            Optional.of(server.url()),
            OpenAiApi.CHAT,
            Env.of(Map.of("ANTHROPIC_API_KEY", KEY)),
            Duration.ofSeconds(5),
            1);
    server.enqueue(
        Reply.json(
            401,
            "{\"type\":\"error\",\"error\":{\"type\":\"authentication_error\","
                + "\"message\":\"invalid x-api-key\"}}"));
    try (AnthropicClient other = new AnthropicClient(onlyOwnKey)) {
      RetryDecision decision = other.classify(catchThrowable(() -> other.send(request(PLAIN))));

      assertThat(decision.kind()).isEqualTo(RetryDecision.Kind.STOP);
      assertThat(decision.message())
          .contains("no API key was sent to this server; name one with --api-key-env NAME");
    }
    Recorded sent = server.requests().get(0);
    assertThat(sent.header("x-api-key")).isNull();
    assertThat(sent.header("authorization")).isNull();
  }

  @Test
  void aKeyNamedByApiKeyEnvGoesToAnotherServerAsXApiKey() throws Exception {
    ProviderConfig named =
        new ProviderConfig(
                ProviderKind.ANTHROPIC,
                Optional.of(server.url()),
                OpenAiApi.CHAT,
                Env.of(Map.of("ANTHROPIC_API_KEY", "sk-ant-own-key-1", "GATEWAY_PASS", KEY)),
                Duration.ofSeconds(5),
                1)
            .withApiKeyVariable(Optional.of("GATEWAY_PASS"));
    server.enqueue(Reply.json(200, PLAIN_REPLY));
    try (AnthropicClient gateway = new AnthropicClient(named)) {
      gateway.send(request(PLAIN));
    }

    assertThat(server.requests().get(0).header("x-api-key")).isEqualTo(KEY);
  }

  @Test
  void defaultEndpointWithoutKeyIsAUserError() {
    ProviderConfig noKey =
        new ProviderConfig(
            ProviderKind.ANTHROPIC,
            Optional.empty(),
            OpenAiApi.CHAT,
            Env.of(Map.of()),
            Duration.ofSeconds(5),
            1);

    assertThat(catchThrowable(() -> new AnthropicClient(noKey)))
        .hasMessageContaining("ANTHROPIC_API_KEY is not set");
  }

  @Test
  void defaultEndpointIsTheAnthropicApi() {
    ProviderConfig defaults =
        new ProviderConfig(
            ProviderKind.ANTHROPIC,
            Optional.empty(),
            OpenAiApi.CHAT,
            Env.of(Map.of("ANTHROPIC_API_KEY", KEY)),
            Duration.ofSeconds(5),
            1);
    try (AnthropicClient real = new AnthropicClient(defaults)) {
      assertThat(real.describe()).containsEntry("endpoint", "https://api.anthropic.com");
    }
  }
}
