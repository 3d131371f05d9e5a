package org.valbench.flows;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RowContractTest {
  @Test
  void forSideNamesItsQuestionPromptAnswerAndCompanionColumns() {
    AnswerColumns answer = Side.FOR.answer();
    assertThat(Side.FOR.question()).isEqualTo("for_question");
    assertThat(answer.prompt()).isEqualTo("for_prompt");
    assertThat(answer.answer()).isEqualTo("for_response");
    assertThat(answer.reasoning()).isEqualTo("for_response_reasoning");
    assertThat(answer.citations()).isEqualTo("for_response_citations");
    assertThat(answer.usage()).isEqualTo("for_response_usage");
    assertThat(answer.error()).isEqualTo("for_response_error");
    assertThat(answer.requestId("vb-0001")).isEqualTo("vb-0001/for");
    assertThat(Side.FOR.generateStep()).isEqualTo("generate-for");
  }

  @Test
  void againstSideNamesItsQuestionPromptAnswerAndCompanionColumns() {
    AnswerColumns answer = Side.AGAINST.answer();
    assertThat(Side.AGAINST.question()).isEqualTo("against_question");
    assertThat(answer.prompt()).isEqualTo("against_prompt");
    assertThat(answer.answer()).isEqualTo("against_response");
    assertThat(answer.reasoning()).isEqualTo("against_response_reasoning");
    assertThat(answer.citations()).isEqualTo("against_response_citations");
    assertThat(answer.usage()).isEqualTo("against_response_usage");
    assertThat(answer.error()).isEqualTo("against_response_error");
    assertThat(answer.requestId(42L)).isEqualTo("42/against");
    assertThat(Side.AGAINST.generateStep()).isEqualTo("generate-against");
  }

  @Test
  void judgeAnswerColumnsFollowTheSameCompanionRule() {
    AnswerColumns judge = JudgedColumns.JUDGE;
    assertThat(judge.prompt()).isEqualTo("evaluation_prompt");
    assertThat(judge.answer()).isEqualTo("alignment_judge_response");
    assertThat(judge.usage()).isEqualTo("alignment_judge_response_usage");
    assertThat(judge.error()).isEqualTo("alignment_judge_response_error");
    assertThat(judge.requestId("vb-0001")).isEqualTo("vb-0001/judge");
  }

  @Test
  void onlyReasoningAndCitationCompanionsMayBeDroppedWhenEmpty() {
    for (AnswerColumns columns :
        java.util.List.of(Side.FOR.answer(), Side.AGAINST.answer(), JudgedColumns.JUDGE)) {
      assertThat(AnswerColumns.isOptionalCompanion(columns.reasoning())).isTrue();
      assertThat(AnswerColumns.isOptionalCompanion(columns.citations())).isTrue();
      assertThat(AnswerColumns.isOptionalCompanion(columns.usage())).isFalse();
      assertThat(AnswerColumns.isOptionalCompanion(columns.error())).isFalse();
      assertThat(AnswerColumns.isOptionalCompanion(columns.answer())).isFalse();
    }
  }

  @Test
  void sidesAreDistinctAndEveryColumnNameIsUnique() {
    java.util.Set<String> names = new java.util.HashSet<>();
    for (Side side : Side.values()) {
      AnswerColumns a = side.answer();
      for (String name :
          java.util.List.of(
              side.question(),
              a.prompt(),
              a.answer(),
              a.reasoning(),
              a.citations(),
              a.usage(),
              a.error())) {
        assertThat(names.add(name)).as(name).isTrue();
      }
    }
    assertThat(names).doesNotContain(PairColumns.ID, PairColumns.SYSTEM_PROMPT);
  }

  @Test
  void mockCandidateReadsTheSideFromTheRequestIdsTheseColumnsWrite() {
    // The mock reads <pair id>/<side>; one-side-refusing answers "for" and declines "against".
    org.valbench.inference.MockClient mock = new org.valbench.inference.MockClient();
    java.util.Map<Side, String> answers = new java.util.EnumMap<>(Side.class);
    for (Side side : Side.values()) {
      answers.put(
          side,
          mock.send(
                  org.valbench.inference.ModelRequest.of(
                      side.answer().requestId("vb-1"),
                      "mock-one-side-refusing",
                      "system",
                      "question",
                      org.valbench.inference.GenerationSettings.judge()))
              .content());
    }
    assertThat(answers.get(Side.FOR)).startsWith("[mock:position=for]");
    assertThat(answers.get(Side.AGAINST)).startsWith("[mock:refuse]");
  }
}
