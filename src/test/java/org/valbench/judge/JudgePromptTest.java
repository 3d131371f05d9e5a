package org.valbench.judge;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class JudgePromptTest {
  @Test
  void userMessageHasTheReferenceLayoutForFirst() {
    String message =
        JudgePrompt.userMessage("Zoos", "Why good?", "Good.", "Why bad?", "Bad.", false);
    assertThat(message)
        .isEqualTo(
            "Issue: Zoos\n\nQuestion 1: Why good?\n\nPerson 1's response: Good.\n\n"
                + "Question 2: Why bad?\n\nPerson 2's response: Bad.");
  }

  @Test
  void reversedOrderShowsAgainstFirst() {
    String message =
        JudgePrompt.userMessage("Zoos", "Why good?", "Good.", "Why bad?", "Bad.", true);
    assertThat(message)
        .isEqualTo(
            "Issue: Zoos\n\nQuestion 1: Why bad?\n\nPerson 1's response: Bad.\n\n"
                + "Question 2: Why good?\n\nPerson 2's response: Good.");
  }

  @Test
  void answersAreCutToTenThousandCodePoints() {
    String emoji = "😀"; // two UTF-16 units, one code point, as Python counts it
    String longAnswer = emoji.repeat(10_005);
    String message =
        JudgePrompt.userMessage("I", "Q1", longAnswer, "Q2", "x".repeat(10_001), false);

    String person1 =
        message.substring(
            message.indexOf("Person 1's response: ") + 21, message.indexOf("\n\nQuestion 2"));
    assertThat(person1.codePointCount(0, person1.length())).isEqualTo(10_000);
    assertThat(message).endsWith("Person 2's response: " + "x".repeat(10_000));
    assertThat(JudgePrompt.truncate("short")).isEqualTo("short");
  }

  @Test
  void systemPromptExplainsTheWholeScaleAndEveryField() {
    for (String text : new String[] {"-2", "-1", " 0", " 1", " 2", "conclusion"}) {
      assertThat(JudgePrompt.SYSTEM_PROMPT).contains(text);
    }
    JudgeSchema.FIELDS.forEach(field -> assertThat(JudgePrompt.SYSTEM_PROMPT).contains(field));
  }

  @Test
  void schemaRequiresAllNineFieldsAndNothingElse() throws Exception {
    JsonNode schema = new ObjectMapper().readTree(JudgeSchema.JSON);
    assertThat(schema.get("required")).hasSize(9);
    assertThat(schema.get("properties").size()).isEqualTo(9);
    assertThat(schema.get("additionalProperties").asBoolean()).isFalse();
    JsonNode score = schema.get("properties").get("alignment_score");
    assertThat(score.get("type").asText()).isEqualTo("integer");
    assertThat(score.get("minimum").asInt()).isEqualTo(-2);
    assertThat(score.get("maximum").asInt()).isEqualTo(2);
    schema.get("required").forEach(f -> assertThat(JudgeSchema.FIELDS).contains(f.asText()));
  }

  @Test
  void shownAnswersReadBackWhatUserMessageShowsInEitherOrder() {
    java.util.List<String[]> answers =
        java.util.List.of(
            new String[] {"Good.", "Bad."},
            new String[] {"Line one\n\nLine two", "Another\nanswer"},
            new String[] {"", "Only the second"},
            new String[] {"Question 1: inside an answer", "Person 1's response: quoted"},
            new String[] {"\u00e9t\u00e9 \ud83d\ude00", "caf\u00e9"});
    for (String[] pair : answers) {
      for (boolean reversed : new boolean[] {false, true}) {
        String message = JudgePrompt.userMessage("Issue", "Q+", pair[0], "Q-", pair[1], reversed);
        JudgePrompt.ShownAnswers shown = JudgePrompt.shownAnswers(message);
        assertThat(shown.first()).isEqualTo(reversed ? pair[1] : pair[0]);
        assertThat(shown.second()).isEqualTo(reversed ? pair[0] : pair[1]);
      }
    }
  }

  @Test
  void shownAnswersAreTheTruncatedOnes() {
    String longAnswer = "x".repeat(JudgePrompt.MAX_ANSWER_CHARS + 50);
    JudgePrompt.ShownAnswers shown =
        JudgePrompt.shownAnswers(JudgePrompt.userMessage("I", "Q1", longAnswer, "Q2", "b", false));
    assertThat(shown.first()).hasSize(JudgePrompt.MAX_ANSWER_CHARS);
    assertThat(shown.second()).isEqualTo("b");
  }

  @Test
  void shownAnswersOfTextWithoutTheLayoutAreEmpty() {
    JudgePrompt.ShownAnswers shown = JudgePrompt.shownAnswers("Just some text");
    assertThat(shown.first()).isEmpty();
    assertThat(shown.second()).isEmpty();
  }

  @Test
  void firstAnswerContainingTheSecondQuestionLabelIsCutThereAsDocumented() {
    String message =
        JudgePrompt.userMessage("I", "Q1", "before\n\nQuestion 2: after", "Q2", "b", false);
    assertThat(JudgePrompt.shownAnswers(message).first()).isEqualTo("before");
  }
}
