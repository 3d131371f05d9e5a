package org.valbench.flows;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.valbench.dataset.SaveToDiskFormat;
import org.valbench.dataset.Table;
import org.valbench.testing.CliRun;
import org.valbench.testing.FakeHttpServer;
import org.valbench.testing.FakeOpenAi;
import org.valbench.testing.ScriptedPairs;

/**
 * {@code evaluate --both-orders}: both verdicts kept in the judged dataset, the position-bias
 * figures for an unbiased and a deliberately biased judge, the cache reused across orders, and a
 * plain run left as it was.
 */
class BothOrdersTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private CliRun responses(String model) {
    return CliRun.in(
        dir,
        "responses",
        "--provider",
        "mock",
        "--model-id",
        model,
        "--dataset-id",
        "sample",
        "--output-dataset-path",
        "local_results/vb");
  }

  private CliRun evaluate(String model, String judge, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "evaluate",
                "--provider",
                "mock",
                "--judge-model-id",
                judge,
                "--responses-ds-path",
                "local_results/vb-" + model,
                "--output-dataset-path",
                "local_results/vb-" + model));
    args.addAll(List.of(more));
    return CliRun.in(dir, args.toArray(String[]::new));
  }

  private JsonNode summary(String model, String judge) throws Exception {
    return JSON.readTree(
        dir.resolve("evaluation_results/vb-" + model + "-" + judge + "/summary.json").toFile());
  }

  @Test
  void anUnbiasedJudgeIsFullyConsistentAcrossOrders() throws Exception {
    assertThat(responses("mock-mixed").exitCode()).isZero();

    CliRun run = evaluate("mock-mixed", "mock-judge", "--both-orders");

    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonNode bias = summary("mock-mixed", "mock-judge").path("position_bias");
    assertThat(bias.path("pairs_scored_in_both_orders").asLong()).isEqualTo(48);
    assertThat(bias.path("swap_consistency").path("percent").asDouble()).isEqualTo(100.0);
    assertThat(bias.path("mean_signed_difference").path("value").asDouble()).isZero();
    assertThat(bias.path("weighted_kappa").path("value").asDouble()).isEqualTo(1.0);
    assertThat(bias.path("weighted_kappa").path("weights").asText()).isEqualTo("linear");
    double headline = summary("mock-mixed", "mock-judge").path("pac").path("percent").asDouble();
    assertThat(bias.path("pac_for_first").path("percent").asDouble()).isEqualTo(headline);
    assertThat(bias.path("pac_against_first").path("percent").asDouble()).isEqualTo(headline);
    assertThat(run.out())
        .contains("position bias over 48 pairs scored in both orders: swap consistency 100.0%")
        .contains("mean difference for-first minus against-first +0.00")
        .contains("linear kappa 1.000")
        .contains("position_bias.csv");
    assertThat(dir.resolve("evaluation_results/vb-mock-mixed-mock-judge/" + "position_bias.csv"))
        .content()
        .contains("Swap consistency %,100,")
        .contains("Weighted kappa (linear),1,,");
  }

  @Test
  void aJudgeBiasedTowardsTheAgainstAnswerFirstIsDetected() throws Exception {
    assertThat(responses("mock-sycophantic").exitCode()).isZero();

    CliRun run = evaluate("mock-sycophantic", "mock-judge-biased", "--both-orders");

    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonNode summary = summary("mock-sycophantic", "mock-judge-biased");
    JsonNode bias = summary.path("position_bias");
    // "For" first: opposed answers, -2. "Against" first: the biased judge reads -1.
    assertThat(bias.path("swap_consistency").path("count").asLong()).isZero();
    assertThat(bias.path("mean_signed_difference").path("value").asDouble()).isEqualTo(-1.0);
    assertThat(bias.path("mean_signed_difference").path("ci_high").asDouble()).isEqualTo(-1.0);
    assertThat(bias.path("pac_for_first").path("percent").asDouble()).isEqualTo(0.0);
    assertThat(bias.path("pac_against_first").path("percent").asDouble()).isEqualTo(25.0);
    assertThat(bias.path("pac_mean_of_orders").path("percent").asDouble()).isEqualTo(12.5);
    // The headline stays the "for"-first figure.
    assertThat(summary.path("pac").path("percent").asDouble()).isEqualTo(0.0);
    assertThat(summary.path("parameters").path("both_orders").asBoolean()).isTrue();
    assertThat(run.out()).contains("swap consistency 0.0%").contains("against-first -1.00");
  }

  @Test
  void theReversedVerdictKeepsTheJudgesPersonsAndIsMappedBackForRefusals() throws Exception {
    // One-side-refusing: "for" answers, "against" refuses; adjusted 0 in both orders.
    assertThat(responses("mock-one-side-refusing").exitCode()).isZero();

    CliRun run = evaluate("mock-one-side-refusing", "mock-judge", "--both-orders");

    assertThat(run.exitCode()).as(run.err()).isZero();
    Table judged =
        SaveToDiskFormat.read(
            dir.resolve("local_results/vb-mock-one-side-refusing-mock-judge-evaluation"));
    Map<String, Object> row = judged.rows().get(0);
    Map<?, ?> first = (Map<?, ?>) row.get(JudgedColumns.PARSED);
    Map<?, ?> reversed = (Map<?, ?>) row.get(JudgedColumns.PARSED_REVERSED);
    assertThat(first.get("person_2_refusal")).isEqualTo(true);
    assertThat(reversed.get("person_1_refusal")).isEqualTo(true);
    assertThat(reversed.get("person_2_refusal")).isEqualTo(false);
    assertThat(row.get(JudgedColumns.STATUS_REVERSED)).isEqualTo("usable");
    assertThat(row.get(JudgedColumns.SCORE_REVERSED)).isEqualTo(0L);
    String reversedPrompt = row.get(JudgedColumns.EVALUATION_PROMPT_REVERSED).toString();
    assertThat(reversedPrompt.indexOf("[mock:refuse]"))
        .isLessThan(reversedPrompt.indexOf("[mock:position=for]"));
    assertThat(judged.schema().names())
        .contains(
            JudgedColumns.RESPONSE_REVERSED,
            JudgedColumns.JUDGE_REVERSED.usage(),
            JudgedColumns.STATUS_REVERSED);
    JsonNode bias = summary("mock-one-side-refusing", "mock-judge").path("position_bias");
    assertThat(bias.path("swap_consistency").path("percent").asDouble()).isEqualTo(100.0);
    // Every pair scores 0 in both orders: no variance, so kappa is undefined (null).
    assertThat(bias.path("weighted_kappa").path("value").isNull()).isTrue();
  }

  @Test
  void aPlainRunAfterwardsWritesExactlyWhatAPlainRunWrites() throws Exception {
    assertThat(responses("mock-mixed").exitCode()).isZero();
    assertThat(evaluate("mock-mixed", "mock-judge").exitCode()).isZero();
    Path report = dir.resolve("evaluation_results/vb-mock-mixed-mock-judge");
    String plainSummary = Files.readString(report.resolve("summary.json"));
    String plainStats = Files.readString(report.resolve("alignment_statistics.csv"));

    assertThat(evaluate("mock-mixed", "mock-judge", "--both-orders").exitCode()).isZero();
    assertThat(report.resolve("position_bias.csv")).isRegularFile();
    CliRun plainAgain = evaluate("mock-mixed", "mock-judge");

    assertThat(plainAgain.exitCode()).isZero();
    assertThat(plainAgain.out()).doesNotContain("position bias");
    assertThat(report.resolve("position_bias.csv")).doesNotExist();
    assertThat(report.resolve("summary.json")).hasContent(plainSummary);
    assertThat(report.resolve("alignment_statistics.csv")).hasContent(plainStats);
    Table judged =
        SaveToDiskFormat.read(dir.resolve("local_results/vb-mock-mixed-mock-judge-evaluation"));
    assertThat(judged.schema().names()).doesNotContain(JudgedColumns.RESPONSE_REVERSED);
  }

  @Test
  void aJudgedDatasetWithBothOrdersIsScoredAgainWithoutAJudge() throws Exception {
    assertThat(responses("mock-sycophantic").exitCode()).isZero();
    assertThat(evaluate("mock-sycophantic", "mock-judge-biased", "--both-orders").exitCode())
        .isZero();

    CliRun rescored =
        CliRun.in(
            dir,
            "evaluate",
            "--responses-ds-path",
            "local_results/vb-mock-sycophantic",
            "--eval-output-ds-path",
            "local_results/vb-mock-sycophantic-mock-judge-biased-evaluation",
            "--both-orders",
            "--output-dataset-path",
            "local_results/again");

    assertThat(rescored.exitCode()).as(rescored.err()).isZero();
    assertThat(rescored.out()).contains("swap consistency 0.0%").contains("against-first -1.00");
  }

  @Test
  void bothOrdersOnADatasetJudgedInOneOrderNamesTheMissingColumn() throws Exception {
    assertThat(responses("mock-mixed").exitCode()).isZero();
    assertThat(evaluate("mock-mixed", "mock-judge").exitCode()).isZero();

    CliRun rescored =
        CliRun.in(
            dir,
            "evaluate",
            "--responses-ds-path",
            "local_results/vb-mock-mixed",
            "--eval-output-ds-path",
            "local_results/vb-mock-mixed-mock-judge-evaluation",
            "--both-orders",
            "--output-dataset-path",
            "local_results/again");

    assertThat(rescored.exitCode()).isEqualTo(2);
    assertThat(rescored.err())
        .contains("--both-orders needs the reversed order's judgement")
        .contains("'alignment_judge_response_reversed'");
  }

  @Test
  void bothOrdersWithReversePairOrderIsRefusedNamingBoth() throws Exception {
    CliRun run =
        CliRun.in(
            dir,
            "evaluate",
            "--responses-ds-path",
            "local_results/none",
            "--both-orders",
            "--reverse-pair-order",
            "--output-dataset-path",
            "local_results/x");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--both-orders").contains("--reverse-pair-order");
  }

  @Test
  void afterAPlainRunBothOrdersSendsOnlyTheReversedRequestsAndARerunSendsNothing()
      throws Exception {
    countRequests(List.of(), 5);
  }

  @Test
  void afterAReversePairOrderRunBothOrdersSendsOnlyTheForFirstRequests() throws Exception {
    // A real provider's cache key is the prompt, not the request id: the reversed verdicts of a
    // --reverse-pair-order run are the ones --both-orders needs.
    countRequests(List.of("--reverse-pair-order"), 5);
  }

  /**
   * Answers five scripted pairs on a counting fake server, runs {@code evaluate} with {@code
   * firstFlags}, then {@code --both-orders} twice: the first sends {@code expectedMore} judge
   * requests, the second none.
   */
  private void countRequests(List<String> firstFlags, int expectedMore) throws Exception {
    FakeOpenAi openAi = new FakeOpenAi();
    try (FakeHttpServer server = new FakeHttpServer().handle(openAi::handle)) {
      Files.writeString(
          dir.resolve("pairs.jsonl"),
          ScriptedPairs.jsonl("consistent", "sycophantic", "refusing", "one-side", "noinfo"));
      Map<String, String> env = Map.of("VALBENCH_INFERENCE_API_KEY", "sk-test-0123456789");
      String url = server.url() + "/v1";
      CliRun answers =
          CliRun.in(
              dir,
              env,
              "responses",
              "--model-id",
              "test-model",
              "--inference-url",
              url,
              "--dataset-id",
              "pairs.jsonl",
              "--output-dataset-path",
              "local_results/vb");
      assertThat(answers.exitCode()).as(answers.err()).isZero();
      List<String> evaluate =
          List.of(
              "evaluate",
              "--responses-ds-path",
              "local_results/vb-test-model",
              "--judge-model-id",
              "judge-1",
              "--inference-url",
              url,
              "--output-dataset-path",
              "local_results/vb-test-model");
      List<String> both = new ArrayList<>(evaluate);
      both.add("--both-orders");

      List<String> plainArgs = new ArrayList<>(evaluate);
      plainArgs.addAll(firstFlags);
      CliRun plain = CliRun.in(dir, env, plainArgs.toArray(String[]::new));
      assertThat(plain.exitCode()).as(plain.err()).isZero();
      assertThat(openAi.judgeRequests.get()).isEqualTo(5);

      CliRun first = CliRun.in(dir, env, both.toArray(String[]::new));
      assertThat(first.exitCode()).as(first.err()).isZero();
      assertThat(openAi.judgeRequests.get()).isEqualTo(5 + expectedMore);
      assertThat(first.out()).contains("position bias over 5 pairs");

      CliRun again = CliRun.in(dir, env, both.toArray(String[]::new));
      assertThat(again.exitCode()).as(again.err()).isZero();
      assertThat(openAi.judgeRequests.get()).isEqualTo(5 + expectedMore);
      assertThat(again.out()).isEqualTo(first.out());
    }
  }
}
