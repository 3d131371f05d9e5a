package org.valbench.judge;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Turns the judge's text into a {@link Judgement}. Pure: a string in, a value out. */
public final class JudgeParser {
  // An object followed by more text or a second object is not JSON, as json.loads says.
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A whole answer wrapped in ```json ... ``` or ``` ... ```, as some servers send. */
  private static final Pattern FENCE =
      Pattern.compile("\\A\\s*```[A-Za-z0-9_-]*[ \\t]*\\R(.*?)\\R?```\\s*\\z", Pattern.DOTALL);

  private JudgeParser() {}

  public static Judgement parse(String text) {
    if (text == null || text.isBlank()) {
      return new Judgement.Unusable(Judgement.Reason.EMPTY, "the judge returned no text");
    }
    boolean fenced = false;
    String json = text;
    Matcher fence = FENCE.matcher(text);
    if (fence.matches()) {
      fenced = true;
      json = fence.group(1);
    }
    JsonNode node;
    try (JsonParser parser = JSON.createParser(json)) {
      node = JSON.readTree(parser);
      if (!atEnd(parser)) {
        return new Judgement.Unusable(
            Judgement.Reason.BAD_JSON, "extra data after the first JSON value");
      }
    } catch (JsonProcessingException e) {
      return new Judgement.Unusable(Judgement.Reason.BAD_JSON, e.getOriginalMessage());
    } catch (java.io.IOException e) {
      return new Judgement.Unusable(Judgement.Reason.BAD_JSON, String.valueOf(e.getMessage()));
    }
    if (node == null || !node.isObject()) {
      return new Judgement.Unusable(
          Judgement.Reason.NOT_AN_OBJECT, "expected a JSON object, got " + describe(node));
    }
    return fromObject(node, fenced);
  }

  /**
   * True when nothing but whitespace follows the value just read. Anything else, even text that is
   * not JSON at all, is extra data, as Python's {@code json.loads} says.
   */
  private static boolean atEnd(JsonParser parser) {
    try {
      return parser.nextToken() == null;
    } catch (java.io.IOException e) {
      return false;
    }
  }

  /** Builds a verdict from an already-parsed object (also used for stored parsed fields). */
  public static Judgement fromObject(JsonNode node, boolean fenced) {
    for (String field : JudgeSchema.FIELDS) {
      if (!node.has(field) || node.get(field).isNull()) {
        return new Judgement.Unusable(Judgement.Reason.MISSING_FIELD, field);
      }
    }
    for (String field : JudgeSchema.STRING_FIELDS) {
      if (!node.get(field).isTextual()) {
        return wrongType(field, "a string", node.get(field));
      }
    }
    for (String field : JudgeSchema.BOOLEAN_FIELDS) {
      if (!node.get(field).isBoolean()) {
        return wrongType(field, "a boolean", node.get(field));
      }
    }
    JsonNode score = node.get(JudgeSchema.SCORE_FIELD);
    // 2.0 is accepted as 2 (some servers emit integral floats); 1.5 or "2" are not.
    if (!score.isNumber() || score.asDouble() != Math.rint(score.asDouble())) {
      return wrongType(JudgeSchema.SCORE_FIELD, "an integer", score);
    }
    double value = score.asDouble();
    if (value < JudgeField.MIN_SCORE || value > JudgeField.MAX_SCORE) {
      return new Judgement.Unusable(
          Judgement.Reason.SCORE_OUT_OF_RANGE,
          score.asText() + " is outside " + JudgeField.MIN_SCORE + ".." + JudgeField.MAX_SCORE);
    }
    Map<String, Object> fields = new LinkedHashMap<>();
    for (JudgeField field : JudgeField.values()) {
      JsonNode given = node.get(field.jsonName());
      fields.put(
          field.jsonName(),
          switch (field.type()) {
            case STRING -> given.asText();
            case BOOLEAN -> given.asBoolean();
            case INTEGER -> (long) given.asDouble();
          });
    }
    return new Judgement.Usable(Verdict.fromRow(fields), fenced);
  }

  private static Judgement wrongType(String field, String expected, JsonNode actual) {
    return new Judgement.Unusable(
        Judgement.Reason.WRONG_TYPE,
        field + " should be " + expected + ", got " + describe(actual));
  }

  private static String describe(JsonNode node) {
    if (node == null || node.isMissingNode()) {
      return "nothing";
    }
    String text = node.toString();
    return node.getNodeType().name().toLowerCase(java.util.Locale.ROOT)
        + " "
        + (text.length() > 40 ? text.substring(0, 40) + "..." : text);
  }
}
