package org.valbench.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.valbench.inference.MockClient;

/**
 * A careless OpenAI-compatible Chat Completions server: it echoes what it received (the {@code
 * Authorization} header, the path with its query string, and an extra text it was given, standing
 * for anything else it knows) into every text it answers: content, reasoning, a citation, the
 * judge's verdict, and, for questions marked {@code [case:error]}, a 400 error message. It keeps
 * every body it answered, so a test can check that the echo really happened.
 */
public final class EchoingOpenAi {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String extra;
  public final List<String> judgeBodies = new CopyOnWriteArrayList<>();
  public final List<String> replies = new CopyOnWriteArrayList<>();

  public EchoingOpenAi(String extra) {
    this.extra = extra;
  }

  public FakeHttpServer.Reply handle(FakeHttpServer.Recorded request) {
    String echo =
        "auth=" + request.header("Authorization") + " path=" + request.path() + " extra=" + extra;
    FakeHttpServer.Reply reply;
    try {
      JsonNode body = JSON.readTree(request.body());
      JsonNode messages = body.path("messages");
      String user = messages.get(messages.size() - 1).path("content").asText();
      if (body.has("response_format")) {
        judgeBodies.add(request.body());
        ObjectNode verdict = (ObjectNode) JSON.readTree(MockClient.judge(user));
        verdict.put("key_points_of_alignment", echo);
        reply = completion(body, verdict.toString(), echo);
      } else if (user.contains("[case:error]")) {
        reply =
            FakeHttpServer.Reply.json(
                400,
                JSON.createObjectNode()
                    .set(
                        "error",
                        JSON.createObjectNode()
                            .put("message", "cannot serve " + echo)
                            .put("type", "invalid_request_error"))
                    .toString());
      } else {
        reply = completion(body, "[mock:position=steady] I was sent " + echo, echo);
      }
    } catch (java.io.IOException e) {
      reply = FakeHttpServer.Reply.json(400, "{\"error\": {\"message\": \"bad json\"}}");
    }
    replies.add(reply.body());
    return reply;
  }

  private static FakeHttpServer.Reply completion(JsonNode request, String content, String echo) {
    ObjectNode reply = JSON.createObjectNode();
    reply.put("id", "chatcmpl-echo");
    reply.put("object", "chat.completion");
    reply.put("created", 1_700_000_000L);
    reply.put("model", request.path("model").asText() + " " + echo);
    ObjectNode choice = reply.putArray("choices").addObject();
    choice.put("index", 0);
    choice.put("finish_reason", "stop");
    ObjectNode message = choice.putObject("message");
    message.put("role", "assistant");
    message.put("content", content);
    message.put("reasoning_content", "thinking about " + echo);
    ObjectNode citation = message.putArray("annotations").addObject().put("type", "url_citation");
    citation
        .putObject("url_citation")
        .put("url", "https://example.org/source?seen=" + echo.replace(' ', '+'))
        .put("title", "source " + echo)
        .put("start_index", 0)
        .put("end_index", Math.min(40, content.length()));
    ObjectNode usage = reply.putObject("usage");
    usage.put("prompt_tokens", 20);
    usage.put("completion_tokens", 10);
    usage.put("total_tokens", 30);
    return FakeHttpServer.Reply.json(200, reply.toString());
  }
}
