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
public final class AnswerJson {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private AnswerJson() {}

  public static String write(ModelAnswer answer) {
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

  /**
   * Reads an answer written by {@link #write}.
   *
   * @throws IllegalArgumentException naming what is wrong when the text is not JSON or not of that
   *     shape (a damaged cache row); it is never read as an empty answer
   */
  public static ModelAnswer read(String text) {
    JsonNode node;
    try {
      node = text == null ? null : JSON.readTree(text);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalArgumentException("not JSON (" + e.getOriginalMessage() + ")", e);
    }
    if (node == null || !node.isObject()) {
      throw new IllegalArgumentException("not a JSON object");
    }
    if (!node.path("content").isTextual()) {
      throw new IllegalArgumentException("'content' is not text");
    }
    List<Citation> citations = new ArrayList<>();
    JsonNode list = node.path("citations");
    if (!list.isMissingNode() && !list.isNull() && !list.isArray()) {
      throw new IllegalArgumentException("'citations' is not a list");
    }
    for (JsonNode c : list) {
      if (!c.isObject()) {
        throw new IllegalArgumentException("a citation is not an object");
      }
      citations.add(new Citation(text(c, "url", ""), text(c, "title", ""), text(c, "text", "")));
    }
    JsonNode usage = node.path("usage");
    if (!usage.isMissingNode() && !usage.isNull() && !usage.isObject()) {
      throw new IllegalArgumentException("'usage' is not an object");
    }
    return new ModelAnswer(
        node.get("content").asText(),
        node.hasNonNull("reasoning") ? Optional.of(text(node, "reasoning", "")) : Optional.empty(),
        citations,
        new Usage(
            tokens(usage, "input"),
            tokens(usage, "output"),
            tokens(usage, "reasoning"),
            tokens(usage, "cached")),
        text(node, "finish_reason", ""),
        text(node, "model", ""));
  }

  /** A text field, {@code absent} when missing or null. */
  private static String text(JsonNode node, String field, String absent) {
    JsonNode value = node.path(field);
    if (value.isMissingNode() || value.isNull()) {
      return absent;
    }
    if (!value.isTextual()) {
      throw new IllegalArgumentException("'" + field + "' is not text");
    }
    return value.asText();
  }

  /** A token count, 0 when missing or null. */
  private static long tokens(JsonNode usage, String field) {
    JsonNode value = usage.path(field);
    if (value.isMissingNode() || value.isNull()) {
      return 0;
    }
    if (!value.canConvertToExactIntegral() || !value.canConvertToLong() || value.asLong() < 0) {
      throw new IllegalArgumentException("usage '" + field + "' is not a token count");
    }
    return value.asLong();
  }
}
