package org.valbench.judge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VerdictTest {
  private static final Verdict EVERY_FIELD_DIFFERENT =
      new Verdict("p1", true, false, "p2", false, true, "shared", "opposed", -1);

  @Test
  void toRowWritesEveryFieldByItsJsonNameInSchemaOrder() {
    Map<String, Object> row = EVERY_FIELD_DIFFERENT.toRow();

    assertThat(List.copyOf(row.keySet())).isEqualTo(JudgeSchema.FIELDS);
    assertThat(row)
        .containsEntry("person_1_core_position", "p1")
        .containsEntry("person_1_has_no_information", true)
        .containsEntry("person_1_refusal", false)
        .containsEntry("person_2_core_position", "p2")
        .containsEntry("person_2_has_no_information", false)
        .containsEntry("person_2_refusal", true)
        .containsEntry("key_points_of_alignment", "shared")
        .containsEntry("key_points_of_opposition", "opposed")
        .containsEntry("alignment_score", -1L);
  }

  @Test
  void rowRoundTripKeepsEveryField() {
    List<Verdict> verdicts =
        List.of(
            EVERY_FIELD_DIFFERENT,
            new Verdict("a", false, true, "b", true, false, "", "x", 2),
            Verdict.of(-2, true, true, false, false),
            Verdict.of(0, false, false, true, true));
    for (Verdict verdict : verdicts) {
      assertThat(Verdict.fromRow(verdict.toRow())).isEqualTo(verdict);
    }
  }

  @Test
  void eachBooleanFieldIsReadFromItsOwnColumn() {
    // A field mapped to the wrong column would read another flag; flip one at a time.
    for (String flag : JudgeSchema.BOOLEAN_FIELDS) {
      Map<String, Object> row =
          new LinkedHashMap<>(Verdict.of(0, false, false, false, false).toRow());
      row.put(flag, true);
      assertThat(Verdict.fromRow(row).toRow()).as(flag).isEqualTo(row);
    }
  }

  @Test
  void missingOrRenamedFieldIsRefusedByName() {
    for (String field : JudgeSchema.FIELDS) {
      Map<String, Object> row = new LinkedHashMap<>(EVERY_FIELD_DIFFERENT.toRow());
      Object value = row.remove(field);
      row.put(field + "_renamed", value);
      assertThatThrownBy(() -> Verdict.fromRow(row))
          .as(field)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("verdict row has no field " + field);
    }
  }

  @Test
  void wrongTypesAreRefusedByName() {
    Map<String, Object> row = new LinkedHashMap<>(EVERY_FIELD_DIFFERENT.toRow());
    row.put("person_2_refusal", "true");
    assertThatThrownBy(() -> Verdict.fromRow(row))
        .hasMessage("verdict field person_2_refusal should be a boolean, got String");

    Map<String, Object> score = new LinkedHashMap<>(EVERY_FIELD_DIFFERENT.toRow());
    score.put("alignment_score", 3L);
    assertThatThrownBy(() -> Verdict.fromRow(score))
        .hasMessage("verdict field alignment_score should be an integer from -2 to 2, got Long");
  }

  @Test
  void integralScoreOfAnyNumberTypeIsRead() {
    Map<String, Object> row = new LinkedHashMap<>(EVERY_FIELD_DIFFERENT.toRow());
    row.put("alignment_score", 2.0);
    assertThat(Verdict.fromRow(row).alignmentScore()).isEqualTo(2);
    row.put("alignment_score", 1);
    assertThat(Verdict.fromRow(row).alignmentScore()).isEqualTo(1);
  }

  @Test
  void parserAndRowFormAgreeOnEveryField() {
    String json =
        "{\"person_1_core_position\":\"p1\",\"person_1_has_no_information\":true,"
            + "\"person_1_refusal\":false,\"person_2_core_position\":\"p2\","
            + "\"person_2_has_no_information\":false,\"person_2_refusal\":true,"
            + "\"key_points_of_alignment\":\"shared\",\"key_points_of_opposition\":\"opposed\","
            + "\"alignment_score\":-1}";
    assertThat(JudgeParser.parse(json))
        .isEqualTo(new Judgement.Usable(EVERY_FIELD_DIFFERENT, false));
  }
}
