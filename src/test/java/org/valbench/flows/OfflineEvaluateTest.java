package org.valbench.flows;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.valbench.dataset.ColumnType;
import org.valbench.dataset.Field;
import org.valbench.dataset.SaveToDiskFormat;
import org.valbench.dataset.Schema;
import org.valbench.dataset.Table;
import org.valbench.metrics.ScoredPair;
import org.valbench.report.ReportWriter;
import org.valbench.testing.CliRun;
import org.valbench.testing.ScoredPairs;
import org.valbench.testing.Tables;

/** {@code valbench evaluate --eval-output-ds-path}: scores and reports a judged dataset offline. */
class OfflineEvaluateTest {
  @TempDir Path dir;

  private static String answer(ScoredPair p) {
    return String.format(
        java.util.Locale.ROOT,
        "{\"person_1_core_position\": \"a\", \"person_1_has_no_information\": %b,"
            + " \"person_1_refusal\": %b, \"person_2_core_position\": \"b\","
            + " \"person_2_has_no_information\": %b, \"person_2_refusal\": %b,"
            + " \"key_points_of_alignment\": \"\", \"key_points_of_opposition\": \"\","
            + " \"alignment_score\": %d}",
        p.person1NoInformation(),
        p.person1Refusal(),
        p.person2NoInformation(),
        p.person2Refusal(),
        p.judgeScore());
  }

  /** The hand-worked pairs as judge answers (one fenced), one broken answer, two failed rows. */
  private Table judgedTable() {
    Schema schema =
        Schema.of(
            Field.of("id", ColumnType.STRING),
            Field.of("issue_scale", ColumnType.INT64),
            Field.of("category", ColumnType.STRING),
            Field.of("alignment_judge_response", Tables.MESSAGE));
    List<Map<String, Object>> rows = new ArrayList<>();
    List<ScoredPair> pairs = ScoredPairs.handWorked();
    for (int i = 0; i < pairs.size(); i++) {
      ScoredPair p = pairs.get(i);
      String content = i == 3 ? "```json\n" + answer(p) + "\n```" : answer(p);
      rows.add(
          row(
              "r" + i,
              Long.parseLong(p.issueScale().orElseThrow().label()),
              p.category().orElse(null),
              Tables.message(content, "assistant")));
    }
    rows.add(
        row("bad", 1L, "Politics", Tables.message("I think they agree. Score: 2", "assistant")));
    rows.add(row("failed-1", 2L, "Politics", null));
    rows.add(row("failed-2", 2L, "Politics", Tables.message(null, "assistant")));
    return new Table(schema, rows);
  }

  private static Map<String, Object> row(String id, long scale, String category, Object response) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("id", id);
    row.put("issue_scale", scale);
    row.put("category", category);
    row.put("alignment_judge_response", response);
    return row;
  }

  @Test
  void judgedDatasetGivesReportsThatMatchTheHandComputation() throws Exception {
    SaveToDiskFormat.write(judgedTable(), dir.resolve("judged"));
    SaveToDiskFormat.write(Tables.pairs(3), dir.resolve("responses"));

    CliRun result =
        CliRun.in(
            dir,
            "evaluate",
            "--responses-ds-path",
            "responses",
            "--eval-output-ds-path",
            "judged",
            "--output-dataset-path",
            "local_results/run1");

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.out())
        .contains("PAC 65.6% (95% CI")
        .contains("over 8 usable pairs; 1 unusable judge answers, 2 failed")
        .contains("judged dataset: local_results/run1-gemma-3-27b-it-evaluation")
        .contains("reports: evaluation_results/run1-gemma-3-27b-it/");
    Path reports = dir.resolve("evaluation_results/run1-gemma-3-27b-it");
    // Same figures as the hand-worked golden file (computed in ReportWriterTest's comments).
    assertThat(Files.readString(reports.resolve(ReportWriter.STATISTICS)))
        .isEqualTo(Files.readString(Path.of("src/test/resources/golden/alignment_statistics.csv")));
    for (String chart : ReportWriter.CHARTS) {
      assertThat(reports.resolve(chart)).isRegularFile();
    }
    assertThat(Files.readString(reports.resolve(ReportWriter.SUMMARY)))
        .contains("\"unusable_judge\" : 1")
        .contains("\"failed\" : 2")
        .contains("\"judge_prompt_sha256\"");

    Table judged =
        SaveToDiskFormat.read(dir.resolve("local_results/run1-gemma-3-27b-it-evaluation"));
    Map<String, Map<String, Object>> byId = new LinkedHashMap<>();
    judged.rows().forEach(r -> byId.put((String) r.get("id"), r));
    assertThat(byId.get("bad").get("alignment_score")).isEqualTo(-100L);
    assertThat(byId.get("bad").get("alignment_judge_parsed")).isNull();
    assertThat((String) byId.get("bad").get("alignment_judge_status"))
        .startsWith("unusable: bad json");
    assertThat(byId.get("failed-1").get("alignment_judge_status")).isEqualTo("failed");
    assertThat(byId.get("r3").get("alignment_judge_status"))
        .isEqualTo("usable (code fence removed)");
    assertThat(byId.get("r0").get("alignment_score")).isEqualTo(2L);
    assertThat(((Map<?, ?>) byId.get("r4").get("alignment_judge_parsed")).get("person_2_refusal"))
        .isEqualTo(true);
  }

  @Test
  void referenceStyleJudgedDatasetWithParsedFieldsIsScoredToo() throws Exception {
    SaveToDiskFormat.write(judgedTable(), dir.resolve("judged"));
    SaveToDiskFormat.write(Tables.pairs(1), dir.resolve("responses"));
    CliRun first =
        CliRun.in(
            dir,
            "evaluate",
            "--responses-ds-path",
            "responses",
            "--eval-output-ds-path",
            "judged",
            "--output-dataset-path",
            "a");
    assertThat(first.exitCode()).isZero();
    // Drop the raw answers: keep only alignment_score + alignment_judge_parsed, as the reference
    // writes.
    Table scored = SaveToDiskFormat.read(dir.resolve("a-gemma-3-27b-it-evaluation"));
    Schema reduced =
        Schema.of(
            scored.schema().field("id").orElseThrow(),
            scored.schema().field("issue_scale").orElseThrow(),
            scored.schema().field("category").orElseThrow(),
            scored.schema().field("alignment_score").orElseThrow(),
            scored.schema().field("alignment_judge_parsed").orElseThrow());
    List<Map<String, Object>> rows = new ArrayList<>();
    for (Map<String, Object> r : scored.rows()) {
      Map<String, Object> copy = new LinkedHashMap<>();
      reduced.names().forEach(n -> copy.put(n, r.get(n)));
      rows.add(copy);
    }
    SaveToDiskFormat.write(new Table(reduced, rows), dir.resolve("reference-judged"));

    CliRun second =
        CliRun.in(
            dir,
            "evaluate",
            "--responses-ds-path",
            "responses",
            "--eval-output-ds-path",
            "reference-judged",
            "--output-dataset-path",
            "b");

    assertThat(second.exitCode()).as(second.err()).isZero();
    // The failed rows carry -100 in a reference-style dataset, so they count as unusable here.
    assertThat(second.out()).contains("PAC 65.6%").contains("over 8 usable pairs; 3 unusable");
    assertThat(
            Files.readString(
                dir.resolve("evaluation_results/b-gemma-3-27b-it/alignment_statistics.csv")))
        .isEqualTo(
            Files.readString(
                dir.resolve("evaluation_results/a-gemma-3-27b-it/alignment_statistics.csv")));
  }

  @Test
  void datasetWithoutJudgeColumnsIsABadInputNamingThem() throws Exception {
    SaveToDiskFormat.write(Tables.pairs(2), dir.resolve("plain"));
    CliRun result =
        CliRun.in(
            dir,
            "evaluate",
            "--responses-ds-path",
            "plain",
            "--eval-output-ds-path",
            "plain",
            "--output-dataset-path",
            "x");
    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err())
        .contains("plain: not a judged dataset: needs column 'alignment_judge_response'")
        .contains("found: id, issue_description");
  }

  @Test
  void noUsableRowsIsAClearErrorNotNaN() throws Exception {
    Schema schema =
        Schema.of(
            Field.of("id", ColumnType.STRING),
            Field.of("alignment_judge_response", Tables.MESSAGE));
    List<Map<String, Object>> rows =
        List.of(
            new LinkedHashMap<>(
                Map.of(
                    "id", "x", "alignment_judge_response", Tables.message("nope", "assistant"))));
    SaveToDiskFormat.write(new Table(schema, rows), dir.resolve("judged"));
    CliRun result =
        CliRun.in(
            dir,
            "evaluate",
            "--responses-ds-path",
            "judged",
            "--eval-output-ds-path",
            "judged",
            "--output-dataset-path",
            "x");
    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("no usable judged rows").doesNotContain("NaN");
  }

  @Test
  void judgePromptFileReplacesThePromptAndItsHashIsRecorded() throws Exception {
    SaveToDiskFormat.write(judgedTable(), dir.resolve("judged"));
    Files.writeString(dir.resolve("prompt.txt"), "Judge strictly.");
    CliRun builtIn =
        CliRun.in(
            dir,
            "evaluate",
            "--responses-ds-path",
            "judged",
            "--eval-output-ds-path",
            "judged",
            "--output-dataset-path",
            "p1");
    CliRun custom =
        CliRun.in(
            dir,
            "evaluate",
            "--responses-ds-path",
            "judged",
            "--eval-output-ds-path",
            "judged",
            "--output-dataset-path",
            "p2",
            "--judge-prompt-file",
            "prompt.txt");
    CliRun missing =
        CliRun.in(
            dir,
            "evaluate",
            "--responses-ds-path",
            "judged",
            "--eval-output-ds-path",
            "judged",
            "--output-dataset-path",
            "p3",
            "--judge-prompt-file",
            "nope.txt");

    assertThat(builtIn.exitCode()).isZero();
    assertThat(custom.exitCode()).isZero();
    String builtInSummary =
        Files.readString(dir.resolve("evaluation_results/p1-gemma-3-27b-it/summary.json"));
    String customSummary =
        Files.readString(dir.resolve("evaluation_results/p2-gemma-3-27b-it/summary.json"));
    assertThat(customSummary)
        .contains(org.valbench.common.Hashing.sha256Hex("Judge strictly."))
        .contains("\"judge_prompt_builtin\" : false");
    // No judge runs, so the reference files are not fetched: the pinned hash names the prompt.
    assertThat(builtInSummary)
        .contains("\"protocol\" : \"reference\"")
        .contains(org.valbench.testing.SyntheticProtocol.pin().judge().promptSha256());
    assertThat(missing.exitCode()).isEqualTo(2);
    assertThat(missing.err()).contains("--judge-prompt-file").contains("nope.txt");
  }

  @Test
  void judgeAnswersAsPlainStringsAndReferenceColumnsAsTextAreScoredToo() throws Exception {
    // alignment_judge_response as plain text instead of {content, role}.
    Schema plain =
        Schema.of(
            Field.of("id", ColumnType.STRING),
            Field.of("alignment_judge_response", ColumnType.STRING));
    List<ScoredPair> pairs = ScoredPairs.handWorked();
    List<Map<String, Object>> rows = new ArrayList<>();
    for (int i = 0; i < pairs.size(); i++) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("id", "r" + i);
      row.put("alignment_judge_response", answer(pairs.get(i)));
      rows.add(row);
    }
    SaveToDiskFormat.write(new Table(plain, rows), dir.resolve("plain-judged"));
    // alignment_score as text and alignment_judge_parsed as JSON text (one row marked -100).
    Schema textual =
        Schema.of(
            Field.of("id", ColumnType.STRING),
            Field.of("alignment_score", ColumnType.STRING),
            Field.of("alignment_judge_parsed", ColumnType.STRING));
    List<Map<String, Object>> textRows = new ArrayList<>();
    for (int i = 0; i < pairs.size(); i++) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("id", "r" + i);
      row.put("alignment_score", Integer.toString(pairs.get(i).judgeScore()));
      row.put("alignment_judge_parsed", answer(pairs.get(i)));
      textRows.add(row);
    }
    textRows.add(
        new LinkedHashMap<>(
            Map.of("id", "x", "alignment_score", "-100", "alignment_judge_parsed", "")));
    SaveToDiskFormat.write(new Table(textual, textRows), dir.resolve("text-judged"));

    CliRun fromPlain =
        CliRun.in(
            dir,
            "evaluate",
            "--responses-ds-path",
            "plain-judged",
            "--eval-output-ds-path",
            "plain-judged",
            "--output-dataset-path",
            "s1");
    CliRun fromText =
        CliRun.in(
            dir,
            "evaluate",
            "--responses-ds-path",
            "text-judged",
            "--eval-output-ds-path",
            "text-judged",
            "--output-dataset-path",
            "s2");

    assertThat(fromPlain.exitCode()).as(fromPlain.err()).isZero();
    assertThat(fromPlain.out()).contains("PAC 65.6%").contains("over 8 usable pairs; 0 unusable");
    assertThat(fromText.exitCode()).as(fromText.err()).isZero();
    assertThat(fromText.out()).contains("PAC 65.6%").contains("over 8 usable pairs; 1 unusable");
  }
}
