package org.valbench.flows;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.valbench.dataset.ColumnType;
import org.valbench.dataset.SaveToDiskFormat;
import org.valbench.dataset.Table;
import org.valbench.testing.CliRun;

/** Whole commands on the offline mock provider, whose behaviour (and so PAC) is known. */
class MockPipelineTest {
  @TempDir Path dir;

  private CliRun responses(String model, String... more) {
    List<String> args =
        new java.util.ArrayList<>(
            List.of(
                "responses",
                "--provider",
                "mock",
                "--model-id",
                model,
                "--dataset-id",
                "sample",
                "--output-dataset-path",
                "local_results/vb"));
    args.addAll(List.of(more));
    return CliRun.in(dir, args.toArray(String[]::new));
  }

  private CliRun evaluate(String responses, String... more) {
    return evaluateTo(responses, responses, more);
  }

  private CliRun evaluateTo(String responses, String output, String... more) {
    List<String> args =
        new java.util.ArrayList<>(
            List.of(
                "evaluate",
                "--provider",
                "mock",
                "--judge-model-id",
                "mock-judge",
                "--responses-ds-path",
                responses,
                "--output-dataset-path",
                output));
    args.addAll(List.of(more));
    return CliRun.in(dir, args.toArray(String[]::new));
  }

  private Map<String, String> statistics(String reportDir) throws Exception {
    Map<String, String> stats = new java.util.LinkedHashMap<>();
    for (String line :
        Files.readAllLines(dir.resolve(reportDir).resolve("alignment_statistics.csv"))
            .subList(1, 12)) {
      stats.put(
          line.substring(0, line.lastIndexOf(',')), line.substring(line.lastIndexOf(',') + 1));
    }
    return stats;
  }

  @ParameterizedTest(name = "{0} gives PAC {1}")
  @CsvSource({
    "mock-consistent, 100, 0, 0",
    "mock-sycophantic, 0, 0, 0",
    "mock-refusing, 100, 100, 0",
    "mock-one-side-refusing, 50, 0, 0",
    "mock-no-information, 100, 0, 100"
  })
  void knownBehaviourGivesKnownFigures(
      String model, String pac, String bothRefuse, String bothNoInfo) throws Exception {
    assertThat(responses(model).exitCode()).isZero();
    CliRun judged = evaluate("local_results/vb-" + model);

    assertThat(judged.exitCode()).as(judged.err()).isZero();
    Map<String, String> stats = statistics("evaluation_results/vb-" + model + "-mock-judge");
    assertThat(stats.get("Valid examples")).isEqualTo("48");
    assertThat(stats.get("Mean alignment %")).isEqualTo(pac);
    assertThat(stats.get("Issue level Both Position Refusal rate")).isEqualTo(bothRefuse);
    assertThat(stats.get("Issue level Both Position No Information rate")).isEqualTo(bothNoInfo);
  }

  @Test
  void responsesDatasetHasTheDesignColumnsInInputOrder() throws Exception {
    CliRun run = responses("mock-consistent", "--limit", "5");
    assertThat(run.exitCode()).as(run.err()).isZero();

    Table table = SaveToDiskFormat.read(dir.resolve("local_results/vb-mock-consistent"));

    assertThat(table.size()).isEqualTo(5);
    assertThat(table.schema().names())
        .startsWith(
            "id",
            "article_title",
            "url",
            "section_title",
            "section_text",
            "issue_description",
            "for_question",
            "against_question",
            "issue_scale",
            "category");
    assertThat(table.schema().names())
        .contains(
            "for_prompt",
            "against_prompt",
            "for_response",
            "against_response",
            "for_response_usage",
            "for_response_error",
            "against_response_error")
        .doesNotContain("for_response_reasoning", "for_response_citations");
    assertThat(table.schema().field("for_prompt").orElseThrow().type())
        .isEqualTo(new ColumnType.ListOf(Columns.PROMPT_MESSAGE));
    assertThat(table.schema().field("for_response").orElseThrow().type())
        .isEqualTo(Columns.MESSAGE);
    assertThat(table.rows().stream().map(r -> r.get("id")).toList())
        .containsExactly(
            "vb-sample-0001",
            "vb-sample-0002",
            "vb-sample-0003",
            "vb-sample-0004",
            "vb-sample-0005");
    Map<String, Object> first = table.rows().get(0);
    assertThat(((Map<?, ?>) first.get("for_response")).get("role")).isEqualTo("assistant");
    assertThat(((Map<?, ?>) first.get("for_response")).get("content").toString())
        .contains("[mock:position=steady]");
    assertThat(first.get("for_response_error")).isNull();
    // The user turn only, as the reference writes it; the system prompt once, in its own column.
    List<?> prompt = (List<?>) first.get("for_prompt");
    assertThat(prompt).hasSize(1);
    assertThat(((Map<?, ?>) prompt.get(0)).get("role")).isEqualTo("user");
    assertThat(((Map<?, ?>) prompt.get(0)).get("content")).isEqualTo(first.get("for_question"));
    List<?> against = (List<?>) first.get("against_prompt");
    assertThat(against).hasSize(1);
    assertThat(((Map<?, ?>) against.get(0)).get("content"))
        .isEqualTo(first.get("against_question"));
    assertThat(table.schema().field("system_prompt").orElseThrow().type())
        .isEqualTo(ColumnType.STRING);
    assertThat(table.rows())
        .allSatisfy(r -> assertThat(r.get("system_prompt")).isEqualTo(first.get("system_prompt")));
    assertThat(first.get("system_prompt").toString()).isNotBlank();
  }

  @Test
  void severalModelsRunInTurnEachWithItsOwnOutput() {
    CliRun run = responses("mock-consistent,mock-sycophantic", "--limit", "4", "--enable-thinking");
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out())
        .contains(
            "responses of mock-consistent: local_results/vb-mock-consistent-thinking (4 pairs)")
        .contains(
            "responses of mock-sycophantic: local_results/vb-mock-sycophantic-thinking (4 pairs)");
    assertThat(dir.resolve("local_results/vb-mock-sycophantic-thinking/state.json"))
        .isRegularFile();
  }

  @Test
  void reversedPairOrderIsPartOfTheKeySoBothOrdersCoexist() throws Exception {
    assertThat(responses("mock-one-side-refusing", "--limit", "6").exitCode()).isZero();
    CliRun forward = evaluate("local_results/vb-mock-one-side-refusing");
    CliRun reversed =
        evaluateTo(
            "local_results/vb-mock-one-side-refusing",
            "local_results/reversed",
            "--reverse-pair-order");
    CliRun forwardAgain = evaluate("local_results/vb-mock-one-side-refusing");

    assertThat(reversed.exitCode()).as(reversed.err()).isZero();
    assertThat(reversed.err()).contains("step judge: ran, 6 rows");
    assertThat(forwardAgain.err()).contains("step judge: cached, 6 rows");
    Table judged =
        SaveToDiskFormat.read(dir.resolve("local_results/reversed-mock-judge-evaluation"));
    String prompt =
        ((Map<?, ?>) ((List<?>) judged.rows().get(0).get("evaluation_prompt")).get(0))
            .get("content")
            .toString();
    assertThat(prompt)
        .startsWith("Issue: ")
        .contains("Question 1: " + judged.rows().get(0).get("against_question"));
    assertThat(forward.out()).contains("PAC 50.0%");
    assertThat(reversed.out()).contains("PAC 50.0%");
  }

  @Test
  void unknownMockModelFailsEveryRequestAndExitsThree() throws Exception {
    CliRun run = responses("mock-unheard-of", "--limit", "2");
    assertThat(run.exitCode()).isEqualTo(3);
    assertThat(run.err()).contains("4 requests failed after retries");
    Table table = SaveToDiskFormat.read(dir.resolve("local_results/vb-mock-unheard-of"));
    assertThat(table.rows().get(0).get("for_response_error").toString())
        .contains("unknown mock model");
    assertThat(((Map<?, ?>) table.rows().get(0).get("for_response")).get("content")).isNull();
  }
}
