package org.valbench.inference;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** {@link ModelAnswer} as JSON text, for the cache (readable with sqlite3 and jq). */
final class AnswerJson {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private AnswerJson() {}

  static String write(ModelAnswer answer) {
    ObjectNode node = JSON.createObjectNode();
    node.put("content", answer.content());
    answer.reasoning().ifPresent(r -> node.put("reasoning", r));
    ArrayNode citations = node.putArray("citations");
    for (Citation c : answer.citations()) {
      citations.addObject().put("url", c.url()).put("title", c.title()).put("text", c.text());
    }
    ObjectNode usage = node.putObject("usage");
    usage.put("input", answer.usage().inputTokens());
    usage.put("output", answer.usage().outputTokens());
    usage.put("reasoning", answer.usage().reasoningTokens());
    usage.put("cached", answer.usage().cachedTokens());
    node.put("finish_reason", answer.finishReason());
    node.put("model", answer.reportedModel());
    return node.toString();
  }

  static ModelAnswer read(String text) {
    try {
      JsonNode node = JSON.readTree(text);
      List<Citation> citations = new ArrayList<>();
      for (JsonNode c : node.path("citations")) {
        citations.add(
            new Citation(
                c.path("url").asText(), c.path("title").asText(), c.path("text").asText()));
      }
      JsonNode usage = node.path("usage");
      return new ModelAnswer(
          node.path("content").asText(),
          node.hasNonNull("reasoning")
              ? Optional.of(node.get("reasoning").asText())
              : Optional.empty(),
          citations,
          new Usage(
              usage.path("input").asLong(),
              usage.path("output").asLong(),
              usage.path("reasoning").asLong(),
              usage.path("cached").asLong()),
          node.path("finish_reason").asText(),
          node.path("model").asText());
    } catch (java.io.IOException e) {
      throw new IllegalStateException("unreadable cache entry: " + e.getMessage(), e);
    }
  }
}
