package org.valbench.judge;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.valbench.common.Hashing;

class JudgeSchemaTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * The schema text as valbench has always sent it. It is hashed into the request cache key and the
   * judge step's key, so a change of even one space would make every cached judge answer miss.
   */
  private static final String SENT_SINCE_THE_FIRST_RELEASE =
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

  @Test
  void derivedSchemaTextIsByteForByteTheOneCacheKeysWereMadeWith() {
    assertThat(JudgeSchema.JSON).isEqualTo(SENT_SINCE_THE_FIRST_RELEASE);
    assertThat(Hashing.sha256Hex(JudgeSchema.JSON))
        .isEqualTo("58802a6e81f5a74e00f0f7e04e4e5c6381e64bbc34d9e79f665c28e07cffd6a3");
  }

  @Test
  void schemaListsExactlyTheJudgeFieldsInOrderWithTheirTypes() throws Exception {
    JsonNode schema = JSON.readTree(JudgeSchema.JSON);
    List<String> properties = new ArrayList<>();
    schema.get("properties").fieldNames().forEachRemaining(properties::add);
    List<String> required = new ArrayList<>();
    schema.get("required").forEach(n -> required.add(n.asText()));
    List<String> fields = Arrays.stream(JudgeField.values()).map(JudgeField::jsonName).toList();

    assertThat(properties).isEqualTo(fields);
    assertThat(required).isEqualTo(fields);
    for (JudgeField field : JudgeField.values()) {
      assertThat(schema.get("properties").get(field.jsonName()).get("type").asText())
          .as(field.jsonName())
          .isEqualTo(field.type().json());
    }
    JsonNode score = schema.get("properties").get("alignment_score");
    assertThat(score.get("minimum").asInt()).isEqualTo(-2);
    assertThat(score.get("maximum").asInt()).isEqualTo(2);
    assertThat(schema.get("additionalProperties").asBoolean(true)).isFalse();
    assertThat(schema.get("title").asText()).isEqualTo(JudgeSchema.NAME);
  }

  @Test
  void fieldListsByTypeComeFromTheOneFieldList() {
    assertThat(JudgeSchema.FIELDS).hasSize(9).doesNotHaveDuplicates();
    assertThat(JudgeSchema.STRING_FIELDS)
        .containsExactly(
            "person_1_core_position",
            "person_2_core_position",
            "key_points_of_alignment",
            "key_points_of_opposition");
    assertThat(JudgeSchema.BOOLEAN_FIELDS)
        .containsExactly(
            "person_1_has_no_information",
            "person_1_refusal",
            "person_2_has_no_information",
            "person_2_refusal");
    assertThat(JudgeSchema.SCORE_FIELD).isEqualTo("alignment_score");
    List<String> all = new ArrayList<>(JudgeSchema.STRING_FIELDS);
    all.addAll(JudgeSchema.BOOLEAN_FIELDS);
    all.add(JudgeSchema.SCORE_FIELD);
    assertThat(all).containsExactlyInAnyOrderElementsOf(JudgeSchema.FIELDS);
  }

  @Test
  void judgeInstructionsNameEveryField() {
    for (JudgeField field : JudgeField.values()) {
      assertThat(JudgePrompt.SYSTEM_PROMPT)
          .contains(field.jsonName() + " (" + field.type().json() + ")");
    }
  }
}
