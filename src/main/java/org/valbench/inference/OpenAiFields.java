package org.valbench.inference;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.core.JsonField;
import com.openai.core.JsonValue;
import java.util.LinkedHashMap;
import java.util.Map;

/** Schema fields, url citations and token counts in openai-java's JSON types, for both APIs. */
final class OpenAiFields {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private OpenAiFields() {}

  /** The top-level fields of a JSON schema, as the SDK's schema builders take them. */
  static Map<String, JsonValue> schemaFields(String schema) {
    // The judge sends one schema 115K times: parse it once.
    return PARSED.computeIfAbsent(schema, OpenAiFields::parseSchema);
  }

  private static final Map<String, Map<String, JsonValue>> PARSED =
      new java.util.concurrent.ConcurrentHashMap<>();

  private static Map<String, JsonValue> parseSchema(String schema) {
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
    return java.util.Collections.unmodifiableMap(fields);
  }

  /** A url_citation; its text is the cited span, indexed in code points as the API counts. */
  static Citation citation(
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

  static long count(JsonField<Long> field) {
    return Math.max(0, field.asKnown().orElse(0L));
  }
}
