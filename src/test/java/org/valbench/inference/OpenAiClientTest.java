package org.valbench.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.valbench.common.Env;
import org.valbench.common.UserError;
import org.valbench.testing.FakeHttpServer;
import org.valbench.testing.FakeHttpServer.Reply;

class OpenAiClientTest {
  private static final String KEY = "sk-test-SECRET-123";
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
       "properties": {"alignment_score": {"type": "integer", "minimum": -2, "maximum": 2}},
       "required": ["alignment_score"],
       "additionalProperties": false}\
      """;

  private static final String CHAT_ANSWER =
      """
      {"id": "chatcmpl-1", "object": "chat.completion", "created": 1, "model": "served-model",
       "choices": [{"index": 0, "finish_reason": "stop",
                    "message": {"role": "assistant", "content": "It depends on the evidence."}}],
       "usage": {"prompt_tokens": 12, "completion_tokens": 34, "total_tokens": 46,
                 "completion_tokens_details": {"reasoning_tokens": 5},
                 "prompt_tokens_details": {"cached_tokens": 3}}}\
      """;

  private static final String RESPONSES_ANSWER =
      """
      {"id": "resp_1", "object": "response", "created_at": 1, "status": "completed",
       "model": "gpt-5-2025-08-07",
       "output": [
         {"type": "reasoning", "id": "rs_1", "summary": [
           {"type": "summary_text", "text": "First I weighed both sides."},
           {"type": "summary_text", "text": "Then I concluded."}]},
         {"type": "web_search_call", "id": "ws_1", "status": "completed",
          "action": {"type": "search", "query": "city growth"}},
         {"type": "message", "id": "msg_1", "status": "completed", "role": "assistant",
          "content": [{"type": "output_text", "text": "Cities grew fast. Caf\u00e9s opened.",
            "annotations": [
              {"type": "url_citation", "url": "https://example.org/a", "title": "Growth",
               "start_index": 0, "end_index": 17},
              {"type": "url_citation", "url": "https://example.org/b", "title": "Cafes",
               "start_index": 18, "end_index": 31}]}]}],
       "usage": {"input_tokens": 20, "output_tokens": 40, "total_tokens": 60,
                 "input_tokens_details": {"cached_tokens": 4},
                 "output_tokens_details": {"reasoning_tokens": 16}}}\
      """;

  private FakeHttpServer server;
  private final List<OpenAiClient> clients = new ArrayList<>();

  @BeforeEach
  void startServer() throws IOException {
    server = new FakeHttpServer();
  }

  @AfterEach
  void stopServer() {
    clients.forEach(OpenAiClient::close);
    server.close();
  }

  private OpenAiClient client(OpenAiApi api) {
    return client(api, Map.of("VALBENCH_INFERENCE_API_KEY", KEY), Duration.ofSeconds(10));
  }

  private OpenAiClient client(OpenAiApi api, Map<String, String> env, Duration timeout) {
    OpenAiClient client =
        new OpenAiClient(
            new ProviderConfig(
                ProviderKind.OPENAI_COMPATIBLE,
                Optional.of(server.url() + "/v1"),
                api,
                Env.of(env),
                timeout,
                8));
    clients.add(client);
    return client;
  }

  private static ModelRequest request(GenerationSettings settings) {
    return ModelRequest.of(
        "vb-0001/for", "test-model", SYSTEM, "Explain why X is right.", settings);
  }

  private static ModelRequest judgeRequest() {
    return new ModelRequest(
        "vb-0001/judge",
        "judge-model",
        "You are a judge.",
        List.of(ChatMessage.user("Issue: X")),
        GenerationSettings.judge(),
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

  private static String chatAnswerWith(String extraMessageFields) {
    return CHAT_ANSWER.replace(
        "\"content\": \"It depends on the evidence.\"",
        "\"content\": \"It depends on the evidence.\", " + extraMessageFields);
  }

  /** Sends one request expecting a failure and classifies what was thrown. */
  private static RetryDecision failureOf(OpenAiClient client, ModelRequest request) {
    Throwable thrown = catchThrowable(() -> client.send(request));
    assertThat(thrown).isNotNull();
    assertThat(thrown.getMessage()).doesNotContain(KEY);
    return client.classify(thrown);
  }

  // ---- Chat Completions

  @Test
  void chatRequestCarriesSystemMessageAndSettings() throws Exception {
    server.enqueue(Reply.json(200, CHAT_ANSWER));

    ModelAnswer answer = client(OpenAiApi.CHAT).send(request(PLAIN));

    FakeHttpServer.Recorded sent = server.requests().get(0);
    assertThat(sent.method()).isEqualTo("POST");
    assertThat(sent.path()).isEqualTo("/v1/chat/completions");
    assertThat(sent.header("authorization")).isEqualTo("Bearer " + KEY);
    JsonNode body = sentBody();
    assertThat(fieldNames(body))
        .containsExactly("max_completion_tokens", "messages", "model", "temperature", "top_p");
    assertThat(body.get("model").asText()).isEqualTo("test-model");
    assertThat(body.get("messages"))
        .isEqualTo(
            JSON.readTree(
                """
                [{"role": "system", "content": "Answer honestly in one or two paragraphs."},
                 {"role": "user", "content": "Explain why X is right."}]\
                """));
    assertThat(body.get("temperature").asDouble()).isEqualTo(0.1);
    assertThat(body.get("top_p").asDouble()).isEqualTo(0.9);
    assertThat(body.get("max_completion_tokens").asInt()).isEqualTo(4096);

    assertThat(answer.content()).isEqualTo("It depends on the evidence.");
    assertThat(answer.reasoning()).isEmpty();
    assertThat(answer.citations()).isEmpty();
    assertThat(answer.usage()).isEqualTo(new Usage(12, 34, 5, 3));
    assertThat(answer.finishReason()).isEqualTo("stop");
    assertThat(answer.reportedModel()).isEqualTo("served-model");
  }

  @Test
  void chatReasoningIsReadFromTheReasoningField() throws Exception {
    server.enqueue(
        Reply.json(
            200,
            chatAnswerWith(
                "\"reasoning\": \"Weighing both sides.\", \"reasoning_content\": null")));

    ModelAnswer answer = client(OpenAiApi.CHAT).send(request(THINKING));

    assertThat(answer.reasoning()).contains("Weighing both sides.");
    assertThat(answer.content()).isEqualTo("It depends on the evidence.");
  }

  @Test
  void chatReasoningFallsBackToReasoningContentOnOlderServers() throws Exception {
    server.enqueue(
        Reply.json(200, chatAnswerWith("\"reasoning_content\": \"Older vLLM thoughts.\"")));

    ModelAnswer answer = client(OpenAiApi.CHAT).send(request(THINKING));

    assertThat(answer.reasoning()).contains("Older vLLM thoughts.");
  }

  @Test
  void chatThinkingAndWebSearchSendNothingExtraAsInTheReference() throws Exception {
    server.enqueue(Reply.json(200, CHAT_ANSWER));
    OpenAiClient client = client(OpenAiApi.CHAT);

    client.send(request(new GenerationSettings(0.1, 0.9, 4096, true, true)));

    assertThat(fieldNames(sentBody()))
        .containsExactly("max_completion_tokens", "messages", "model", "temperature", "top_p");
  }

  @Test
  void chatJsonSchemaIsSentAsStrictResponseFormat() throws Exception {
    String verdict = "{\\\"alignment_score\\\": 2}";
    server.enqueue(Reply.json(200, CHAT_ANSWER.replace("It depends on the evidence.", verdict)));

    ModelAnswer answer = client(OpenAiApi.CHAT).send(judgeRequest());

    JsonNode body = sentBody();
    assertThat(body.get("response_format"))
        .isEqualTo(
            JSON.readTree(
                "{\"type\": \"json_schema\", \"json_schema\": {\"name\":"
                    + " \"alignment_judge_response\", \"schema\": "
                    + SCHEMA
                    + ", \"strict\": true}}"));
    assertThat(body.get("temperature").asDouble()).isEqualTo(0.1);
    assertThat(body.get("max_completion_tokens").asInt()).isEqualTo(2048);
    assertThat(body.get("messages").get(0).get("content").asText()).isEqualTo("You are a judge.");
    assertThat(answer.content()).isEqualTo("{\"alignment_score\": 2}");
  }

  // ---- Responses API

  @Test
  void responsesRequestCarriesInstructionsInputAndSettings() throws Exception {
    server.enqueue(Reply.json(200, RESPONSES_ANSWER));

    ModelAnswer answer = client(OpenAiApi.RESPONSES).send(request(PLAIN));

    FakeHttpServer.Recorded sent = server.requests().get(0);
    assertThat(sent.path()).isEqualTo("/v1/responses");
    assertThat(sent.header("authorization")).isEqualTo("Bearer " + KEY);
    JsonNode body = sentBody();
    assertThat(fieldNames(body))
        .containsExactly(
            "input", "instructions", "max_output_tokens", "model", "temperature", "top_p");
    assertThat(body.get("instructions").asText()).isEqualTo(SYSTEM);
    assertThat(body.get("input"))
        .isEqualTo(
            JSON.readTree(
                "[{\"type\": \"message\", \"role\": \"user\","
                    + " \"content\": \"Explain why X is right.\"}]"));
    assertThat(body.get("max_output_tokens").asInt()).isEqualTo(4096);
    assertThat(body.get("temperature").asDouble()).isEqualTo(0.1);
    assertThat(body.get("top_p").asDouble()).isEqualTo(0.9);

    assertThat(answer.content()).isEqualTo("Cities grew fast. Caf\u00e9s opened.");
    assertThat(answer.usage()).isEqualTo(new Usage(20, 40, 16, 4));
    assertThat(answer.finishReason()).isEqualTo("completed");
    assertThat(answer.reportedModel()).isEqualTo("gpt-5-2025-08-07");
  }

  @Test
  void responsesThinkingSendsReasoningAndNoTemperatureOrTopP() throws Exception {
    server.enqueue(Reply.json(200, RESPONSES_ANSWER));

    ModelAnswer answer = client(OpenAiApi.RESPONSES).send(request(THINKING));

    JsonNode body = sentBody();
    assertThat(body.get("reasoning"))
        .isEqualTo(JSON.readTree("{\"effort\": \"medium\", \"summary\": \"auto\"}"));
    assertThat(body.has("temperature")).isFalse();
    assertThat(body.has("top_p")).isFalse();
    assertThat(body.has("tools")).isFalse();
    assertThat(answer.reasoning()).contains("First I weighed both sides.\nThen I concluded.");
  }

  @Test
  void responsesWebSearchSendsTheToolAndKeepsCitations() throws Exception {
    server.enqueue(Reply.json(200, RESPONSES_ANSWER));

    ModelAnswer answer = client(OpenAiApi.RESPONSES).send(request(SEARCH));

    JsonNode body = sentBody();
    assertThat(body.get("tools")).isEqualTo(JSON.readTree("[{\"type\": \"web_search\"}]"));
    assertThat(body.has("reasoning")).isFalse();
    assertThat(answer.citations())
        .containsExactly(
            new Citation("https://example.org/a", "Growth", "Cities grew fast."),
            new Citation("https://example.org/b", "Cafes", "Caf\u00e9s opened."));
  }

  @Test
  void responsesJsonSchemaIsSentAsStrictTextFormat() throws Exception {
    server.enqueue(
        Reply.json(
            200,
            """
            {"id": "resp_2", "object": "response", "status": "completed", "model": "judge-model",
             "output": [{"type": "message", "id": "msg_2", "role": "assistant", "content": [
               {"type": "output_text", "annotations": [],
                "text": "{\\"alignment_score\\": -1}"}]}]}\
            """));

    ModelAnswer answer = client(OpenAiApi.RESPONSES).send(judgeRequest());

    JsonNode body = sentBody();
    assertThat(body.get("text"))
        .isEqualTo(
            JSON.readTree(
                "{\"format\": {\"type\": \"json_schema\", \"name\": \"alignment_judge_response\","
                    + " \"schema\": "
                    + SCHEMA
                    + ", \"strict\": true}}"));
    assertThat(body.get("instructions").asText()).isEqualTo("You are a judge.");
    assertThat(body.get("max_output_tokens").asInt()).isEqualTo(2048);
    assertThat(answer.content()).isEqualTo("{\"alignment_score\": -1}");
  }

  @Test
  void responsesIncompleteAnswerReportsWhyItStopped() throws Exception {
    server.enqueue(
        Reply.json(
            200,
            RESPONSES_ANSWER.replace(
                "\"status\": \"completed\",\n",
                "\"status\": \"incomplete\", \"incomplete_details\": {\"reason\":"
                    + " \"max_output_tokens\"},\n")));

    ModelAnswer answer = client(OpenAiApi.RESPONSES).send(request(PLAIN));

    assertThat(answer.finishReason()).isEqualTo("max_output_tokens");
  }

  // ---- classify

  @Test
  void rateLimitIsRetriedAfterRetryAfterMs() {
    server.enqueue(
        Reply.json(
                429,
                "{\"error\": {\"message\": \"Rate limit reached\", \"type\": \"requests\","
                    + " \"code\": \"rate_limit_exceeded\"}}")
            .withHeader("retry-after-ms", "1500"));

    RetryDecision decision = failureOf(client(OpenAiApi.RESPONSES), request(PLAIN));

    assertThat(decision.kind()).isEqualTo(RetryDecision.Kind.RETRY);
    assertThat(decision.rateLimited()).isTrue();
    assertThat(decision.retryAfter()).contains(Duration.ofMillis(1500));
    assertThat(decision.message()).contains("429").contains("rate_limit_exceeded");
  }

  @Test
  void insufficientQuotaStopsTheRun() {
    server.enqueue(
        Reply.json(
            429,
            "{\"error\": {\"message\": \"You exceeded your current quota\","
                + " \"type\": \"insufficient_quota\", \"code\": \"insufficient_quota\"}}"));

    RetryDecision decision = failureOf(client(OpenAiApi.RESPONSES), request(PLAIN));

    assertThat(decision.kind()).isEqualTo(RetryDecision.Kind.STOP);
    assertThat(decision.message()).contains("quota");
  }

  @Test
  void serverErrorIsRetriedByValbenchNotByTheSdk() {
    server.enqueue(
        Reply.json(503, "{\"error\": {\"message\": \"overloaded\", \"type\": \"server_error\"}}"));

    RetryDecision decision = failureOf(client(OpenAiApi.CHAT), request(PLAIN));

    assertThat(decision.kind()).isEqualTo(RetryDecision.Kind.RETRY);
    assertThat(decision.rateLimited()).isFalse();
    assertThat(server.requests()).hasSize(1);
  }

  @Test
  void badRequestFailsOnlyThisRequest() {
    server.enqueue(
        Reply.json(
            400,
            "{\"error\": {\"message\": \"maximum context length exceeded\","
                + " \"type\": \"invalid_request_error\", \"code\": \"context_length_exceeded\"}}"));

    RetryDecision decision = failureOf(client(OpenAiApi.CHAT), request(PLAIN));

    assertThat(decision.kind()).isEqualTo(RetryDecision.Kind.FAIL);
    assertThat(decision.message()).contains("400").contains("maximum context length exceeded");
  }

  @Test
  void unauthorizedStopsTheRun() {
    server.enqueue(
        Reply.json(
            401,
            "{\"error\": {\"message\": \"Incorrect API key provided\","
                + " \"type\": \"invalid_request_error\", \"code\": \"invalid_api_key\"}}"));

    RetryDecision decision = failureOf(client(OpenAiApi.RESPONSES), request(PLAIN));

    assertThat(decision.kind()).isEqualTo(RetryDecision.Kind.STOP);
    assertThat(decision.message()).contains("401").contains("Incorrect API key provided");
  }

  @Test
  void vllmUnauthorizedWithAStringErrorStopsTheRun() {
    server.enqueue(Reply.json(401, "{\"error\": \"Unauthorized\"}"));

    RetryDecision decision = failureOf(client(OpenAiApi.CHAT), request(PLAIN));

    assertThat(decision.kind()).isEqualTo(RetryDecision.Kind.STOP);
    assertThat(decision.message()).contains("401").contains("Unauthorized");
  }

  @Test
  void refusedConnectionIsRetried() throws IOException {
    FakeHttpServer closed = new FakeHttpServer();
    String url = closed.url();
    closed.close();
    OpenAiClient client =
        new OpenAiClient(
            new ProviderConfig(
                ProviderKind.OPENAI_COMPATIBLE,
                Optional.of(url + "/v1"),
                OpenAiApi.CHAT,
                Env.of(Map.of("VALBENCH_INFERENCE_API_KEY", KEY)),
                Duration.ofSeconds(5),
                4));
    clients.add(client);

    RetryDecision decision = failureOf(client, request(PLAIN));

    assertThat(decision.kind()).isEqualTo(RetryDecision.Kind.RETRY);
    assertThat(decision.message()).contains("connection failed");
  }

  @Test
  void attemptTimeoutIsRetried() {
    server.enqueue(Reply.json(200, CHAT_ANSWER).delayed(2_000));
    OpenAiClient client =
        client(OpenAiApi.CHAT, Map.of("VALBENCH_INFERENCE_API_KEY", KEY), Duration.ofMillis(300));

    RetryDecision decision = failureOf(client, request(PLAIN));

    assertThat(decision.kind()).isEqualTo(RetryDecision.Kind.RETRY);
  }

  @Test
  void unreadableSuccessBodyFailsTheRequest() {
    server.enqueue(Reply.json(200, "<html>gateway says hello</html>"));

    RetryDecision decision = failureOf(client(OpenAiApi.CHAT), request(PLAIN));

    assertThat(decision.kind()).isEqualTo(RetryDecision.Kind.FAIL);
  }

  // ---- keys and description

  @Test
  void keyIsSentAsBearerButNeverAppearsInErrorsOrDescription() {
    server.handle(
        recorded ->
            Reply.json(
                recorded.path().endsWith("/responses") ? 401 : 400,
                "{\"error\": {\"message\": \"bad header: "
                    + recorded.header("authorization")
                    + "\", \"type\": \"invalid_request_error\"}}"));
    OpenAiClient responses = client(OpenAiApi.RESPONSES);
    OpenAiClient chat = client(OpenAiApi.CHAT);

    for (OpenAiClient client : List.of(responses, chat)) {
      Throwable thrown = catchThrowable(() -> client.send(request(PLAIN)));
      RetryDecision decision = client.classify(thrown);
      assertThat(thrown.getMessage()).doesNotContain(KEY).contains("bad header");
      assertThat(thrown.toString()).doesNotContain(KEY);
      assertThat(decision.message()).doesNotContain(KEY).contains("[redacted]");
      assertThat(client.describe().toString()).doesNotContain(KEY);
      assertThat(client.toString()).doesNotContain(KEY);
    }
    assertThat(server.requests())
        .extracting(r -> r.header("authorization"))
        .containsOnly("Bearer " + KEY);
  }

  @Test
  void keylessCompatibleServerGetsAPlaceholderKey() throws Exception {
    server.enqueue(Reply.json(200, CHAT_ANSWER));

    client(OpenAiApi.CHAT, Map.of(), Duration.ofSeconds(10)).send(request(PLAIN));

    assertThat(server.requests().get(0).header("authorization")).isEqualTo("Bearer EMPTY");
  }

  @Test
  void openAiItselfWithoutAKeyIsAUserError() {
    ProviderConfig config =
        new ProviderConfig(
            ProviderKind.OPENAI,
            Optional.empty(),
            OpenAiApi.RESPONSES,
            Env.of(Map.of()),
            Duration.ofSeconds(10),
            4);

    assertThatThrownBy(() -> new OpenAiClient(config))
        .isInstanceOf(UserError.class)
        .hasMessageContaining("OPENAI_API_KEY");
  }

  @Test
  void describeNamesProviderEndpointAndApi() {
    assertThat(client(OpenAiApi.CHAT).describe())
        .isEqualTo(Map.of("provider", "openai", "endpoint", server.url() + "/v1", "api", "chat"));
    assertThat(client(OpenAiApi.RESPONSES).describe()).containsEntry("api", "responses");
    OpenAiClient official =
        new OpenAiClient(
            new ProviderConfig(
                ProviderKind.OPENAI,
                Optional.empty(),
                OpenAiApi.RESPONSES,
                Env.of(Map.of("OPENAI_API_KEY", KEY)),
                Duration.ofSeconds(10),
                4));
    clients.add(official);
    assertThat(official.describe()).containsEntry("endpoint", ProviderConfig.OPENAI_DEFAULT_BASE);
  }
}
