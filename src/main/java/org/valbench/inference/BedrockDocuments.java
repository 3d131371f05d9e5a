package org.valbench.inference;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.document.Document;

/** Conversions between JSON text and the AWS SDK's {@link Document}. */
final class BedrockDocuments {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private BedrockDocuments() {}

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
      return nodes.arrayNode().addAll(d.asList().stream().map(BedrockDocuments::toNode).toList());
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
