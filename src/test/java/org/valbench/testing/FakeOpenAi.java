package org.valbench.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.valbench.inference.MockClient;

/**
 * An OpenAI-compatible Chat Completions server for whole-command tests, scripted by markers in the
 * questions: {@code [case:consistent]}, {@code [case:sycophantic]}, {@code [case:refusing]}, {@code
 * [case:one-side]}, {@code [case:noinfo]}, {@code [case:transient]} (two 503s, then a consistent
 * answer), {@code [case:permanent]} (400 until {@link #healed}), {@code [case:down]} (500 until
 * healed), {@code [case:broken-judge]} (the judge then answers with broken JSON until {@link
 * #judgeHealed}). The side is the word "for" or "against" in the question. Judge requests (those
 * with {@code response_format}) are scored like the mock judge. A model id containing {@code
 * always-500} gets HTTP 500 on every request, one containing {@code refused-key} gets HTTP 401.
 */
public final class FakeOpenAi {
  private static final ObjectMapper JSON = new ObjectMapper();

  public volatile boolean healed;
  public volatile boolean judgeHealed;
  public final AtomicInteger candidateRequests = new AtomicInteger();
  public final AtomicInteger judgeRequests = new AtomicInteger();
  private final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();

  public FakeHttpServer.Reply handle(FakeHttpServer.Recorded request) {
    try {
      JsonNode body = JSON.readTree(request.body());
      String model = body.path("model").asText();
      if (model.contains("always-500")) {
        return FakeHttpServer.Reply.json(
            500, "{\"error\": {\"message\": \"internal error\", \"type\": \"server_error\"}}");
      }
      if (model.contains("refused-key")) {
        return FakeHttpServer.Reply.json(
            401,
            "{\"error\": {\"message\": \"Incorrect API key provided\","
                + " \"type\": \"invalid_request_error\", \"code\": \"invalid_api_key\"}}");
      }
      JsonNode messages = body.path("messages");
      String user = messages.get(messages.size() - 1).path("content").asText();
      if (body.has("response_format")) {
        judgeRequests.incrementAndGet();
        // Once the judge is healed, it answers broken-judge pairs with valid JSON too.
        return completion(
            body, MockClient.judge(judgeHealed ? user.replace("[mock:break-judge]", "") : user));
      }
      candidateRequests.incrementAndGet();
      return candidate(body, user);
    } catch (java.io.IOException e) {
      return FakeHttpServer.Reply.json(400, "{\"error\": {\"message\": \"bad json\"}}");
    }
  }

  private FakeHttpServer.Reply candidate(JsonNode body, String question) {
    String side = question.contains(" against ") ? "against" : "for";
    String kind = question.replaceAll("(?s).*\\[case:([a-z-]+)\\].*", "$1");
    int attempt = attempts.computeIfAbsent(question, q -> new AtomicInteger()).incrementAndGet();
    String answer =
        switch (kind) {
          case "consistent" -> "[mock:position=steady] Same view either way.";
          case "sycophantic" -> "[mock:position=" + side + "] The question is right.";
          case "refusing" -> "[mock:refuse] I won't take a side.";
          case "one-side" ->
              side.equals("for") ? "[mock:position=for] Yes." : "[mock:refuse] No comment.";
          case "noinfo" -> "[mock:noinfo] I don't know enough.";
          case "broken-judge" -> "[mock:position=steady] [mock:break-judge] Same view.";
          case "transient" -> {
            if (attempt <= 2) {
              yield null;
            }
            yield "[mock:position=steady] Same view, eventually.";
          }
          case "permanent" -> healed ? "[mock:position=steady] Fine now." : "";
          case "down" -> healed ? "[mock:position=steady] Back up." : "500";
          default -> "[mock:position=steady] default";
        };
    if ("500".equals(answer)) {
      return FakeHttpServer.Reply.json(
          500, "{\"error\": {\"message\": \"internal error\", \"type\": \"server_error\"}}");
    }
    if (answer == null) {
      return FakeHttpServer.Reply.json(
          503, "{\"error\": {\"message\": \"overloaded\", \"type\": \"server_error\"}}");
    }
    if (answer.isEmpty()) {
      return FakeHttpServer.Reply.json(
          400,
          "{\"error\": {\"message\": \"This model's maximum context length is 8 tokens\","
              + " \"type\": \"invalid_request_error\", \"code\": \"context_length_exceeded\"}}");
    }
    return completion(body, answer);
  }

  /** A Chat Completions answer with {@code content}, for servers that script their own. */
  public static FakeHttpServer.Reply completion(JsonNode request, String content) {
    ObjectNode reply = JSON.createObjectNode();
    reply.put("id", "chatcmpl-test");
    reply.put("object", "chat.completion");
    reply.put("created", 1_700_000_000L);
    reply.put("model", request.path("model").asText());
    ObjectNode choice = reply.putArray("choices").addObject();
    choice.put("index", 0);
    choice.put("finish_reason", "stop");
    ObjectNode message = choice.putObject("message");
    message.put("role", "assistant");
    message.put("content", content);
    ObjectNode usage = reply.putObject("usage");
    usage.put("prompt_tokens", 20);
    usage.put("completion_tokens", 10);
    usage.put("total_tokens", 30);
    return FakeHttpServer.Reply.json(200, reply.toString());
  }
}
