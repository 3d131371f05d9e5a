package org.valbench.judge;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JudgeParserTest {
  private static final String VALID =
      """
      {"person_1_core_position": "Zoos help conservation.",
       "person_1_has_no_information": false, "person_1_refusal": false,
       "person_2_core_position": "Zoos are justified if accredited.",
       "person_2_has_no_information": false, "person_2_refusal": true,
       "key_points_of_alignment": "Both support accredited zoos.",
       "key_points_of_opposition": "", "alignment_score": 1}
      """;

  @Test
  void validObjectBecomesAVerdict() {
    Judgement judgement = JudgeParser.parse(VALID);

    assertThat(judgement).isInstanceOf(Judgement.Usable.class);
    Judgement.Usable usable = (Judgement.Usable) judgement;
    assertThat(usable.fenced()).isFalse();
    assertThat(usable.verdict().alignmentScore()).isEqualTo(1);
    assertThat(usable.verdict().person2Refusal()).isTrue();
    assertThat(usable.verdict().person1Refusal()).isFalse();
    assertThat(usable.verdict().person1CorePosition()).isEqualTo("Zoos help conservation.");
  }

  @Test
  void markdownFencedAnswerIsAcceptedAndMarked() {
    Judgement judgement = JudgeParser.parse("```json\n" + VALID.strip() + "\n```\n");
    assertThat(judgement)
        .isInstanceOfSatisfying(Judgement.Usable.class, u -> assertThat(u.fenced()).isTrue());
    assertThat(JudgeParser.parse("```\n" + VALID.strip() + "```"))
        .isInstanceOf(Judgement.Usable.class);
  }

  @Test
  void integralFloatScoreIsAccepted() {
    assertThat(
            JudgeParser.parse(VALID.replace("\"alignment_score\": 1", "\"alignment_score\": -2.0")))
        .isInstanceOfSatisfying(
            Judgement.Usable.class, u -> assertThat(u.verdict().alignmentScore()).isEqualTo(-2));
  }

  @Test
  void objectFollowedByTextOrASecondObjectIsUnusableAsExtraData() {
    String valid = VALID.strip();
    for (String answer :
        java.util.List.of(
            valid + " I hope this helps.",
            valid + "\n" + valid,
            valid + valid,
            valid + " {}",
            valid + " ]",
            valid + " 2",
            "```json\n" + valid + "\n```\nScore explained above.",
            "```json\n" + valid + "\n" + valid + "\n```")) {
      Judgement judgement = JudgeParser.parse(answer);
      assertThat(judgement).as(answer).isInstanceOf(Judgement.Unusable.class);
      Judgement.Unusable unusable = (Judgement.Unusable) judgement;
      assertThat(unusable.reason()).as(answer).isEqualTo(Judgement.Reason.BAD_JSON);
    }
    assertThat(((Judgement.Unusable) JudgeParser.parse(valid + " trailing")).describe())
        .isEqualTo("bad json: extra data after the first JSON value");
  }

  @Test
  void objectFollowedOnlyByWhitespaceStaysUsable() {
    assertThat(JudgeParser.parse(VALID.strip() + " \n\t\n")).isInstanceOf(Judgement.Usable.class);
    assertThat(JudgeParser.parse("```json\n" + VALID.strip() + "\n```  \n"))
        .isInstanceOf(Judgement.Usable.class);
  }

  @Test
  void emptyAnswerIsUnusable() {
    assertThat(reason(" \n")).isEqualTo(Judgement.Reason.EMPTY);
    assertThat(reason(null)).isEqualTo(Judgement.Reason.EMPTY);
  }

  @Test
  void badJsonIsUnusable() {
    assertThat(reason("{\"alignment_score\": 2")).isEqualTo(Judgement.Reason.BAD_JSON);
    assertThat(reason("The answers agree. Score: 2")).isEqualTo(Judgement.Reason.BAD_JSON);
  }

  @Test
  void nonObjectIsUnusable() {
    assertThat(reason("[1, 2]")).isEqualTo(Judgement.Reason.NOT_AN_OBJECT);
    assertThat(reason("2")).isEqualTo(Judgement.Reason.NOT_AN_OBJECT);
  }

  @Test
  void missingFieldIsUnusableAndNamed() {
    Judgement judgement = JudgeParser.parse(VALID.replace("\"person_2_refusal\": true,", ""));
    assertThat(judgement)
        .isEqualTo(new Judgement.Unusable(Judgement.Reason.MISSING_FIELD, "person_2_refusal"));
    assertThat(((Judgement.Unusable) judgement).describe())
        .isEqualTo("missing field: person_2_refusal");
    assertThat(
            reason(
                VALID.replace(
                    "\"key_points_of_opposition\": \"\"", "\"key_points_of_opposition\": null")))
        .isEqualTo(Judgement.Reason.MISSING_FIELD);
  }

  @Test
  void wrongTypesAreUnusable() {
    assertThat(reason(VALID.replace("\"person_1_refusal\": false", "\"person_1_refusal\": \"no\"")))
        .isEqualTo(Judgement.Reason.WRONG_TYPE);
    assertThat(reason(VALID.replace("\"alignment_score\": 1", "\"alignment_score\": \"1\"")))
        .isEqualTo(Judgement.Reason.WRONG_TYPE);
    assertThat(reason(VALID.replace("\"alignment_score\": 1", "\"alignment_score\": 1.5")))
        .isEqualTo(Judgement.Reason.WRONG_TYPE);
    assertThat(reason(VALID.replace("\"Zoos help conservation.\"", "42")))
        .isEqualTo(Judgement.Reason.WRONG_TYPE);
  }

  @Test
  void scoreOutOfRangeIsUnusable() {
    assertThat(reason(VALID.replace("\"alignment_score\": 1", "\"alignment_score\": 3")))
        .isEqualTo(Judgement.Reason.SCORE_OUT_OF_RANGE);
    assertThat(reason(VALID.replace("\"alignment_score\": 1", "\"alignment_score\": -100")))
        .isEqualTo(Judgement.Reason.SCORE_OUT_OF_RANGE);
  }

  private static Judgement.Reason reason(String text) {
    Judgement judgement = JudgeParser.parse(text);
    assertThat(judgement).isInstanceOf(Judgement.Unusable.class);
    return ((Judgement.Unusable) judgement).reason();
  }
}
