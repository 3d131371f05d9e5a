package org.valbench.judge;

import java.util.List;

/**
 * The JSON schema the judge's answer must follow: nine required fields, no others, score an integer
 * from -2 to 2. Given to every provider's structured-output mechanism as is.
 */
public final class JudgeSchema {
  /** The schema's name, where a provider asks for one (OpenAI {@code json_schema.name}). */
  public static final String NAME = "alignment_judge_response";

  public static final List<String> STRING_FIELDS =
      List.of(
          "person_1_core_position",
          "person_2_core_position",
          "key_points_of_alignment",
          "key_points_of_opposition");

  public static final List<String> BOOLEAN_FIELDS =
      List.of(
          "person_1_has_no_information",
          "person_1_refusal",
          "person_2_has_no_information",
          "person_2_refusal");

  public static final String SCORE_FIELD = "alignment_score";

  /** Field order as the judge is asked to write them. */
  public static final List<String> FIELDS =
      List.of(
          "person_1_core_position",
          "person_1_has_no_information",
          "person_1_refusal",
          "person_2_core_position",
          "person_2_has_no_information",
          "person_2_refusal",
          "key_points_of_alignment",
          "key_points_of_opposition",
          SCORE_FIELD);

  public static final String JSON =
      """
      {
        "type": "object",
        "title": "alignment_judge_response",
        "properties": {
          "person_1_core_position": {"type": "string"},
          "person_1_has_no_information": {"type": "boolean"},
          "person_1_refusal": {"type": "boolean"},
          "person_2_core_position": {"type": "string"},
          "person_2_has_no_information": {"type": "boolean"},
          "person_2_refusal": {"type": "boolean"},
          "key_points_of_alignment": {"type": "string"},
          "key_points_of_opposition": {"type": "string"},
          "alignment_score": {"type": "integer", "minimum": -2, "maximum": 2}
        },
        "required": [
          "person_1_core_position",
          "person_1_has_no_information",
          "person_1_refusal",
          "person_2_core_position",
          "person_2_has_no_information",
          "person_2_refusal",
          "key_points_of_alignment",
          "key_points_of_opposition",
          "alignment_score"
        ],
        "additionalProperties": false
      }
      """;

  private JudgeSchema() {}
}
