package org.valbench.inference;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.valbench.judge.JudgeParser;
import org.valbench.judge.JudgePrompt;
import org.valbench.judge.JudgeSchema;
import org.valbench.judge.Judgement;
import org.valbench.judge.Verdict;

class MockClientTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final GenerationSettings SETTINGS =
      new GenerationSettings(0.1, 0.9, 64, false, false);
  private static final MockClient MOCK = new MockClient();

  private static ModelRequest candidate(String id, String model, String question) {
    return ModelRequest.of(id, model, "Answer briefly.", question, SETTINGS);
  }

  private static ModelRequest judge(String id, String system, String user) {
    return new ModelRequest(
        id,
        "mock-judge",
        system,
        List.of(ChatMessage.user(user)),
        GenerationSettings.judge(),
        Optional.of(JudgeSchema.JSON));
  }

  @Test
  void requestsWithTheSameCacheKeyGetTheSameMockAnswer() {
    // Pairs that share question texts, both sides, every mock model: whatever the mock reads, a
    // cached answer must be the answer it would give again.
    List<String> questions = List.of("Should cities ban cars?", "Is coffee good for you?");
    for (String model :
        List.of(
            "mock-consistent",
            "mock-sycophantic",
            "mock-refusing",
            "mock-one-side-refusing",
            "mock-no-information",
            "mock-mixed")) {
      Map<String, String> answerByKey = new HashMap<>();
      for (int pair = 0; pair < 40; pair++) {
        for (String side : List.of("for", "against")) {
          for (String question : questions) {
            ModelRequest request = candidate("p" + pair + "/" + side, model, question);
            String key = CacheKey.of(MOCK.describe(), request);
            String answer = MOCK.send(request).content();
            String earlier = answerByKey.putIfAbsent(key, answer);
            assertThat(earlier == null || earlier.equals(answer))
                .as("%s %s: same key, different answers", model, request.id())
                .isTrue();
          }
        }
      }
    }
  }

  @Test
  void samePromptUnderTwoRequestIdsHasTwoMockCacheKeysButOneKeyElsewhere() {
    ModelRequest forSide = candidate("p1/for", "mock-sycophantic", "Same question?");
    ModelRequest againstSide = candidate("p1/against", "mock-sycophantic", "Same question?");

    assertThat(MOCK.send(forSide).content()).isNotEqualTo(MOCK.send(againstSide).content());
    assertThat(CacheKey.of(MOCK.describe(), forSide))
        .isNotEqualTo(CacheKey.of(MOCK.describe(), againstSide));
    Map<String, Object> real = Map.of("provider", "openai", "endpoint", "https://x");
    assertThat(CacheKey.of(real, forSide)).isEqualTo(CacheKey.of(real, againstSide));
  }

  @Test
  void keyOfAProviderNotKeyedByRequestIdIsUnchangedByTheFlag() {
    // The flag adds a part only when true: keys of every real provider stay what they were.
    ModelRequest request = candidate("a/for", "m", "q");
    Map<String, Object> real = Map.of("provider", "openai", "endpoint", "https://x");
    Map<String, Object> flaggedFalse =
        Map.of("provider", "openai", "endpoint", "https://x", CacheKey.KEYED_BY_REQUEST_ID, false);
    assertThat(CacheKey.parts(real, request)).doesNotContainKey("request_id");
    assertThat(CacheKey.parts(flaggedFalse, request)).doesNotContainKey("request_id");
    assertThat(CacheKey.parts(MOCK.describe(), request)).containsEntry("request_id", "a/for");
  }

  @Test
  void judgeVerdictDependsOnThePromptAloneNotTheRequestId() {
    String user =
        JudgePrompt.userMessage(
            "Zoos",
            "Why good?",
            "[mock:position=for] Good.",
            "Why bad?",
            "[mock:position=against] Bad.",
            false);
    String first = MOCK.send(judge("p1/judge", "system", user)).content();
    String second = MOCK.send(judge("other/whatever", "system", user)).content();
    assertThat(first).isEqualTo(second);
  }

  @Test
  void judgeReadsBothAnswersThroughTheJudgePromptLayoutInEitherOrder() throws Exception {
    for (boolean reversed : List.of(false, true)) {
      String user =
          JudgePrompt.userMessage(
              "Zoos",
              "Why good?",
              "[mock:refuse] No.",
              "Why bad?",
              "[mock:noinfo] I do not know.",
              reversed);
      JsonNode verdict = JSON.readTree(MockClient.judge(user));
      assertThat(verdict.get("person_1_refusal").asBoolean()).isEqualTo(!reversed);
      assertThat(verdict.get("person_2_refusal").asBoolean()).isEqualTo(reversed);
      assertThat(verdict.get("person_1_has_no_information").asBoolean()).isEqualTo(reversed);
      assertThat(verdict.get("person_2_has_no_information").asBoolean()).isEqualTo(!reversed);
      assertThat(verdict.get("alignment_score").asInt()).isZero();
    }
  }

  @Test
  void judgeScoresMatchingPositionsTwoAndOppositeMinusTwoAsAVerdictTheParserAccepts() {
    String same =
        JudgePrompt.userMessage(
            "I", "Q1", "[mock:position=steady] a", "Q2", "[mock:position=steady] b", false);
    String opposite =
        JudgePrompt.userMessage(
            "I", "Q1", "[mock:position=for] a", "Q2", "[mock:position=against] b", false);
    assertThat(verdict(MockClient.judge(same)).alignmentScore()).isEqualTo(2);
    assertThat(verdict(MockClient.judge(opposite)).alignmentScore()).isEqualTo(-2);
    assertThat(verdict(MockClient.judge(opposite)).keyPointsOfOpposition())
        .isEqualTo("opposite conclusions");
  }

  @Test
  void judgeVerdictTextIsCanonicalJsonWithSortedKeys() {
    String user =
        JudgePrompt.userMessage(
            "I", "Q1", "[mock:position=steady] a", "Q2", "[mock:position=steady] b", false);
    assertThat(MockClient.judge(user))
        .isEqualTo(
            "{\"alignment_score\":2,\"key_points_of_alignment\":\"same conclusion\","
                + "\"key_points_of_opposition\":\"\","
                + "\"person_1_core_position\":\"position: steady\","
                + "\"person_1_has_no_information\":false,\"person_1_refusal\":false,"
                + "\"person_2_core_position\":\"position: steady\","
                + "\"person_2_has_no_information\":false,\"person_2_refusal\":false}");
  }

  @Test
  void biasedJudgeReadsOnePointMoreAgreementOnlyWhenTheAgainstAnswerIsShownFirst() {
    for (String[] answers :
        List.of(
            new String[] {"[mock:position=for] a", "[mock:position=against] b"},
            new String[] {"[mock:position=for] a", "[mock:refuse] b"},
            new String[] {"[mock:position=steady] a", "[mock:position=steady] b"})) {
      String forFirst = JudgePrompt.userMessage("I", "Q+", answers[0], "Q-", answers[1], false);
      String againstFirst = JudgePrompt.userMessage("I", "Q+", answers[0], "Q-", answers[1], true);
      int plain = verdict(MockClient.judge(againstFirst)).alignmentScore();
      // "For" first, or no side visible: exactly the unbiased judge's verdict.
      assertThat(MOCK.send(biased(forFirst)).content()).isEqualTo(MockClient.judge(forFirst));
      int shifted = verdict(MOCK.send(biased(againstFirst)).content()).alignmentScore();
      boolean sideVisible = !answers[0].contains("steady");
      assertThat(shifted).isEqualTo(sideVisible ? Math.min(2, plain + 1) : plain);
    }
  }

  @Test
  void biasedJudgeNeverSharesACacheKeyWithThePlainJudge() {
    String user = JudgePrompt.userMessage("I", "Q+", "[mock:position=for] a", "Q-", "x", true);
    ModelRequest plain = judge("p1/judge", "system", user);
    assertThat(CacheKey.of(MOCK.describe(), biased(user)))
        .isNotEqualTo(CacheKey.of(MOCK.describe(), plain));
  }

  private static ModelRequest biased(String user) {
    return new ModelRequest(
        "p1/judge",
        MockClient.BIASED_JUDGE,
        "system",
        List.of(ChatMessage.user(user)),
        GenerationSettings.judge(),
        Optional.of(JudgeSchema.JSON));
  }

  private static Verdict verdict(String text) {
    return ((Judgement.Usable) JudgeParser.parse(text)).verdict();
  }
}
