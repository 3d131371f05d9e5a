package org.valbench.judge;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The JSON schema the judge's answer must follow, derived from {@link JudgeField}: nine required
 * fields, no others, score an integer from -2 to 2. Given to every provider's structured-output
 * mechanism as is; its text is part of the request cache key and the judge step's key, so it is
 * generated with the exact layout it always had (a test pins it byte for byte).
 */
public final class JudgeSchema {
  /** The schema's name, where a provider asks for one (OpenAI {@code json_schema.name}). */
  public static final String NAME = "alignment_judge_response";

  /** Field order as the judge is asked to write them. */
  public static final List<String> FIELDS = names(JudgeField.values());

  public static final List<String> STRING_FIELDS = namesOfType(JudgeField.Type.STRING);

  public static final List<String> BOOLEAN_FIELDS = namesOfType(JudgeField.Type.BOOLEAN);

  public static final String SCORE_FIELD = JudgeField.ALIGNMENT_SCORE.jsonName();

  public static final String JSON = json();

  private JudgeSchema() {}

  private static List<String> names(JudgeField... fields) {
    return Arrays.stream(fields).map(JudgeField::jsonName).toList();
  }

  private static List<String> namesOfType(JudgeField.Type type) {
    return names(
        Arrays.stream(JudgeField.values())
            .filter(f -> f.type() == type)
            .toArray(JudgeField[]::new));
  }

  private static String json() {
    String properties =
        Arrays.stream(JudgeField.values())
            .map(f -> "    \"" + f.jsonName() + "\": " + property(f))
            .collect(Collectors.joining(",\n"));
    String required =
        FIELDS.stream().map(name -> "    \"" + name + "\"").collect(Collectors.joining(",\n"));
    return "{\n"
        + "  \"type\": \"object\",\n"
        + "  \"title\": \""
        + NAME
        + "\",\n"
        + "  \"properties\": {\n"
        + properties
        + "\n  },\n"
        + "  \"required\": [\n"
        + required
        + "\n  ],\n"
        + "  \"additionalProperties\": false\n"
        + "}\n";
  }

  private static String property(JudgeField field) {
    String type = "{\"type\": \"" + field.type().json() + "\"";
    if (field.type() == JudgeField.Type.INTEGER) {
      type += ", \"minimum\": " + JudgeField.MIN_SCORE + ", \"maximum\": " + JudgeField.MAX_SCORE;
    }
    return type + "}";
  }
}
