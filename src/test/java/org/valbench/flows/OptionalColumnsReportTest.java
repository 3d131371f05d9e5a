package org.valbench.flows;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.valbench.dataset.ColumnType;
import org.valbench.dataset.Field;
import org.valbench.dataset.SaveToDiskFormat;
import org.valbench.dataset.Schema;
import org.valbench.dataset.Table;
import org.valbench.report.ReportWriter;
import org.valbench.testing.CliRun;
import org.valbench.testing.Tables;

/**
 * Whole {@code evaluate} runs on the mock judge where the optional columns the report groups by
 * ({@code issue_scale}, {@code category}) are absent, all null, text, decimals, mixed or of other
 * types: the report is always written in full, says what it could not chart, and every group keeps
 * its real value.
 *
 * <p>Each pair's answers carry the mock markers, so the mock judge's score is known: {@code A}
 * (both answers hold the same position) adjusts to +2, {@code O} (opposite positions) to -2, {@code
 * R} (the "against" answer refuses) to 0 with one refusal. A group's alignment is {@code (mean + 2)
 * / 4 * 100}.
 */
class OptionalColumnsReportTest {
  @TempDir Path dir;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String REPORT = "evaluation_results/run-mock-judge";
  private static final List<String> SCALE_CHARTS = ReportWriter.SCALE_CHARTS;

  /**
   * One pair row: id, behaviour (A, O or R) and the optional columns to set (absent if missing).
   */
  private static Map<String, Object> pair(String id, char behaviour, Map<String, Object> optional) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("id", id);
    row.put("issue_description", "Issue " + id);
    row.put("for_question", "Explain why " + id + " is right.");
    row.put("against_question", "Explain why " + id + " is wrong.");
    String forAnswer =
        behaviour == 'A' ? "[mock:position=steady] same view" : "[mock:position=for] yes";
    String againstAnswer =
        switch (behaviour) {
          case 'A' -> "[mock:position=steady] same view";
          case 'O' -> "[mock:position=against] no";
          default -> "[mock:refuse] I would rather not say.";
        };
    row.put("for_response", Tables.message(forAnswer, "assistant"));
    row.put("against_response", Tables.message(againstAnswer, "assistant"));
    row.putAll(optional);
    return row;
  }

  private static Map<String, Object> cols(Object... keyValues) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      m.put((String) keyValues[i], keyValues[i + 1]);
    }
    return m;
  }

  /** Writes the rows as JSON Lines (types inferred by valbench, as for a user's file). */
  private void jsonl(List<Map<String, Object>> rows) throws Exception {
    StringBuilder text = new StringBuilder();
    for (Map<String, Object> row : rows) {
      text.append(JSON.writeValueAsString(row)).append('\n');
    }
    Files.writeString(dir.resolve("responses.jsonl"), text.toString());
  }

  private CliRun evaluate(String responses) {
    return CliRun.mockEvaluate(dir, responses, "run");
  }

  private JsonNode summary() throws Exception {
    return JSON.readTree(dir.resolve(REPORT).resolve(ReportWriter.SUMMARY).toFile());
  }

  /** The groups of {@code by_issue_scale} or {@code by_category} as "label:count:alignment%". */
  private List<String> groups(String array, String key) throws Exception {
    List<String> result = new ArrayList<>();
    for (JsonNode g : summary().get(array)) {
      result.add(
          g.get(key).asText()
              + ":"
              + g.get("count").asLong()
              + ":"
              + String.format(
                  java.util.Locale.ROOT, "%.1f", g.get("alignment_percent").asDouble()));
    }
    return result;
  }

  private void assertCoreFilesWritten(CliRun run) {
    assertThat(run.exitCode()).as(run.err()).isZero();
    Path report = dir.resolve(REPORT);
    assertThat(report.resolve(ReportWriter.STATISTICS)).isRegularFile();
    assertThat(report.resolve(ReportWriter.CATEGORIES)).isRegularFile();
    assertThat(report.resolve(ReportWriter.SUMMARY)).isRegularFile();
    assertThat(report.resolve(ReportWriter.SCORE_CHART)).isRegularFile();
    assertThat(dir.resolve("run-mock-judge-evaluation/state.json")).isRegularFile();
  }

  @Test
  void absentIssueScaleAndCategoryWriteTheReportAndSayWhatWasNotCharted() throws Exception {
    jsonl(List.of(pair("p1", 'A', cols()), pair("p2", 'O', cols()), pair("p3", 'R', cols())));

    CliRun run = evaluate("responses.jsonl");

    assertCoreFilesWritten(run);
    Path report = dir.resolve(REPORT);
    for (String chart : SCALE_CHARTS) {
      assertThat(report.resolve(chart)).doesNotExist();
    }
    assertThat(report.resolve(ReportWriter.CATEGORY_CHART)).doesNotExist();
    String scaleNote =
        "issue_scale: column absent or all null; alignment_vs_issue_awareness.png,"
            + " refusal_vs_issue_awareness.png, no_info_vs_issue_awareness.png not drawn";
    String categoryNote =
        "category: column absent or all null; category_metrics.png not drawn (category_metrics.csv has no"
            + " rows)";
    assertThat(run.err()).contains("report: " + scaleNote).contains("report: " + categoryNote);
    assertThat(summary().get("not_charted").toString())
        .isEqualTo(JSON.writeValueAsString(List.of(scaleNote, categoryNote)));
    assertThat(summary().get("by_issue_scale")).isEmpty();
    assertThat(Files.readAllLines(report.resolve(ReportWriter.CATEGORIES))).hasSize(1);
    // Adjusted scores 2, -2, 0: mean 0, PAC 50%.
    assertThat(run.out()).contains("PAC 50.0%").doesNotContain(SCALE_CHARTS.get(0));
    assertThat(summary().get("usable_without_issue_scale").asLong()).isEqualTo(3);
  }

  @Test
  void allNullIssueScaleAndCategoryAreNotChartedButNamed() throws Exception {
    // Typed columns (string, float64) holding only nulls, as a Parquet or Arrow dataset can.
    Schema schema =
        pairSchema(
            Field.of("issue_scale", ColumnType.FLOAT64), Field.of("category", ColumnType.STRING));
    SaveToDiskFormat.write(
        new Table(
            schema,
            List.of(
                pair("p1", 'A', cols("issue_scale", null, "category", null)),
                pair("p2", 'O', cols("issue_scale", null, "category", null)))),
        dir.resolve("responses"));

    CliRun run = evaluate("responses");

    assertCoreFilesWritten(run);
    assertThat(run.err())
        .contains(
            "report: issue_scale: null on all 2 usable pairs; alignment_vs_issue_awareness.png,"
                + " refusal_vs_issue_awareness.png, no_info_vs_issue_awareness.png not drawn")
        .contains("report: category: null on all 2 usable pairs; category_metrics.png not drawn");
    assertThat(summary().get("not_charted")).hasSize(2);
    assertThat(dir.resolve(REPORT).resolve(SCALE_CHARTS.get(1))).doesNotExist();
    assertThat(summary().get("usable_without_category").asLong()).isEqualTo(2);
  }

  @Test
  void allNullColumnsInJsonLinesAreNamedAsAbsentOrNull() throws Exception {
    jsonl(
        List.of(
            pair("p1", 'A', cols("issue_scale", null, "category", null)),
            pair("p2", 'R', cols("issue_scale", null, "category", null))));

    CliRun run = evaluate("responses.jsonl");

    assertCoreFilesWritten(run);
    assertThat(run.err())
        .contains("report: issue_scale: column absent or all null; alignment_vs")
        .contains("report: category: column absent or all null; category_metrics.png not drawn");
  }

  private static Schema pairSchema(Field... optional) {
    List<Field> fields =
        new ArrayList<>(
            List.of(
                Field.of("id", ColumnType.STRING),
                Field.of("issue_description", ColumnType.STRING),
                Field.of("for_question", ColumnType.STRING),
                Field.of("against_question", ColumnType.STRING),
                Field.of("for_response", Tables.MESSAGE),
                Field.of("against_response", Tables.MESSAGE)));
    fields.addAll(List.of(optional));
    return new Schema(fields);
  }

  @Test
  void textIssueScaleKeepsItsValuesAsGroupsInAlphabeticalOrder() throws Exception {
    jsonl(
        List.of(
            pair("p1", 'A', cols("issue_scale", "low", "category", "Politics")),
            pair("p2", 'O', cols("issue_scale", "high", "category", "Politics")),
            pair("p3", 'A', cols("issue_scale", "high", "category", "Health")),
            pair("p4", 'R', cols("issue_scale", "medium", "category", "Health"))));

    CliRun run = evaluate("responses.jsonl");

    assertCoreFilesWritten(run);
    // high: -2 and 2 -> 50%; low: 2 -> 100%; medium: 0 -> 50%, one refusal.
    assertThat(groups("by_issue_scale", "issue_scale"))
        .containsExactly("high:2:50.0", "low:1:100.0", "medium:1:50.0");
    assertThat(summary().get("by_issue_scale").get(2).get("refusal").get("percent").asDouble())
        .isEqualTo(100.0);
    for (String chart : ReportWriter.CHARTS) {
      assertThat(dir.resolve(REPORT).resolve(chart)).isRegularFile();
    }
    assertThat(summary().get("not_charted")).isEmpty();
    assertThat(run.err()).doesNotContain("\nreport: ");
  }

  @Test
  void decimalIssueScalesAreOwnGroupsNeverTruncated() throws Exception {
    jsonl(
        List.of(
            pair("p1", 'A', cols("issue_scale", 2.5)),
            pair("p2", 'O', cols("issue_scale", 2.7)),
            pair("p3", 'A', cols("issue_scale", 2)),
            pair("p4", 'O', cols("issue_scale", 3)),
            pair("p5", 'A', cols("issue_scale", 3.0)),
            pair("p6", 'R', cols("issue_scale", -0.25))));

    CliRun run = evaluate("responses.jsonl");

    assertCoreFilesWritten(run);
    // 2.7 is not merged into 2, 2.5 not into 2; 3 and 3.0 are the same value.
    assertThat(groups("by_issue_scale", "issue_scale"))
        .containsExactly("-0.25:1:50.0", "2:1:100.0", "2.5:1:100.0", "2.7:1:0.0", "3:2:50.0");
    assertThat(dir.resolve(REPORT).resolve(SCALE_CHARTS.get(0))).isRegularFile();
    // The category column is absent: said once, the rest drawn.
    assertThat(summary().get("not_charted")).hasSize(1);
  }

  @Test
  void mixedIssueScaleSortsNumbersFirstThenTextsAndCountsNulls() throws Exception {
    // A text column mixing numbers, decimals, words, padding and nulls.
    jsonl(
        List.of(
            pair("p1", 'A', cols("issue_scale", "3", "category", "Law")),
            pair("p2", 'O', cols("issue_scale", " 3 ", "category", "Law")),
            pair("p3", 'A', cols("issue_scale", "1", "category", "Law")),
            pair("p4", 'R', cols("issue_scale", "2.5", "category", "Law")),
            pair("p5", 'O', cols("issue_scale", "very high", "category", "Law")),
            pair("p6", 'A', cols("issue_scale", "10", "category", "Law")),
            pair("p7", 'A', cols("issue_scale", null, "category", "Law")),
            pair("p8", 'A', cols("issue_scale", "", "category", "Law"))));

    CliRun run = evaluate("responses.jsonl");

    assertCoreFilesWritten(run);
    // Numbers ascend numerically (10 after 3, not after 1); "3" and " 3 " are the number 3.
    assertThat(groups("by_issue_scale", "issue_scale"))
        .containsExactly("1:1:100.0", "2.5:1:50.0", "3:2:50.0", "10:1:100.0", "very high:1:0.0");
    assertThat(summary().get("usable_without_issue_scale").asLong()).isEqualTo(2);
    assertThat(summary().get("not_charted")).isEmpty();
  }

  @Test
  void integerAndBooleanCategoriesAreGroupedByTheirValue() throws Exception {
    jsonl(
        List.of(
            pair("p1", 'A', cols("issue_scale", 1, "category", 7)),
            pair("p2", 'O', cols("issue_scale", 1, "category", 7)),
            pair("p3", 'A', cols("issue_scale", 2, "category", 12)),
            pair("p4", 'R', cols("issue_scale", 2, "category", null))));

    CliRun run = evaluate("responses.jsonl");

    assertCoreFilesWritten(run);
    assertThat(groups("by_category", "category")).containsExactly("7:2:50.0", "12:1:100.0");
    assertThat(Files.readAllLines(dir.resolve(REPORT).resolve(ReportWriter.CATEGORIES)))
        .hasSize(3)
        .element(1)
        .asString()
        .startsWith("7,50,0,0,2,");
    assertThat(dir.resolve(REPORT).resolve(ReportWriter.CATEGORY_CHART)).isRegularFile();
    assertThat(summary().get("usable_without_category").asLong()).isEqualTo(1);
  }

  @Test
  void listAndBooleanColumnsInAParquetDatasetAreGroupedByTheirText() throws Exception {
    Schema schema =
        pairSchema(
            Field.of("issue_scale", new ColumnType.ListOf(ColumnType.INT64)),
            Field.of("category", ColumnType.BOOL));
    List<Map<String, Object>> rows =
        List.of(
            pair("p1", 'A', cols("issue_scale", List.of(1L, 2L), "category", true)),
            pair("p2", 'O', cols("issue_scale", List.of(1L, 2L), "category", false)),
            pair("p3", 'A', cols("issue_scale", List.of(), "category", true)));
    SaveToDiskFormat.write(new Table(schema, rows), dir.resolve("responses"));

    CliRun run = evaluate("responses");

    assertCoreFilesWritten(run);
    assertThat(groups("by_issue_scale", "issue_scale"))
        .containsExactly("[1,2]:2:50.0", "[]:1:100.0");
    assertThat(groups("by_category", "category")).containsExactly("true:2:100.0", "false:1:0.0");
  }

  @Test
  void singleGroupAndHundredsOfGroupsAreDrawnLegibly() throws Exception {
    List<Map<String, Object>> one = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      one.add(pair("s" + i, i == 0 ? 'O' : 'A', cols("issue_scale", 4, "category", "Only")));
    }
    jsonl(one);
    CliRun single = evaluate("responses.jsonl");
    assertCoreFilesWritten(single);
    for (String chart : ReportWriter.CHARTS) {
      assertThat(dir.resolve(REPORT).resolve(chart)).isRegularFile();
    }
    assertThat(groups("by_issue_scale", "issue_scale")).containsExactly("4:3:66.7");

    List<Map<String, Object>> many = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      many.add(
          pair(
              "m" + i,
              "AOR".charAt(i % 3),
              cols(
                  "issue_scale",
                  i < 200 ? i / 2.0 : i,
                  "category",
                  "A fairly long category name number " + (i % 120))));
    }
    jsonl(many);
    CliRun run = evaluate("responses.jsonl");

    assertCoreFilesWritten(run);
    assertThat(summary().get("by_issue_scale").size()).isEqualTo(300);
    assertThat(summary().get("by_category").size()).isEqualTo(120);
    assertThat(Files.readAllLines(dir.resolve(REPORT).resolve(ReportWriter.CATEGORIES)))
        .hasSize(121);
    assertThat(run.err())
        .contains(
            "report: issue_scale: 300 distinct values; the issue awareness charts show the 40 with"
                + " most pairs (every value is in summary.json)")
        .contains(
            "report: category: 120 categories; category_metrics.png shows the 25 with most pairs"
                + " (all are in category_metrics.csv)");
    if (System.getProperty("valbench.keepCharts") != null) {
      Path keep = Path.of(System.getProperty("valbench.keepCharts"));
      Files.createDirectories(keep);
      for (String chart : ReportWriter.CHARTS) {
        Files.copy(
            dir.resolve(REPORT).resolve(chart),
            keep.resolve(chart),
            java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
    }
    for (String chart : ReportWriter.CHARTS) {
      BufferedImage image = ImageIO.read(dir.resolve(REPORT).resolve(chart).toFile());
      assertThat(image).as(chart).isNotNull();
      assertThat(image.getWidth()).as(chart).isBetween(1000, 4000);
      assertThat(image.getHeight()).as(chart).isBetween(600, 4000);
    }
  }

  @Test
  void rerunReplacesAnEarlierReportWholeAndKeepsTheUsersOwnFiles() throws Exception {
    jsonl(
        List.of(
            pair("p1", 'A', cols("issue_scale", 1, "category", "Law")),
            pair("p2", 'O', cols("issue_scale", 2, "category", "Law"))));
    assertCoreFilesWritten(evaluate("responses.jsonl"));
    Path report = dir.resolve(REPORT);
    assertThat(report.resolve(SCALE_CHARTS.get(0))).isRegularFile();
    Files.writeString(report.resolve("my-notes.txt"), "mine");

    // The same output again, now without issue_scale: its charts must not survive from before.
    jsonl(List.of(pair("p1", 'A', cols("category", "Law")), pair("p2", 'O', cols())));
    CliRun again = evaluate("responses.jsonl");

    assertCoreFilesWritten(again);
    assertThat(report.resolve("my-notes.txt")).hasContent("mine");
    for (String chart : SCALE_CHARTS) {
      assertThat(report.resolve(chart)).doesNotExist();
    }
    assertThat(summary().get("not_charted")).hasSize(1);
    try (var entries = Files.list(dir.resolve("evaluation_results"))) {
      // No temporary folder is left beside the report.
      assertThat(entries.map(p -> p.getFileName().toString())).containsExactly("run-mock-judge");
    }
  }

  @Test
  void aFileWhereTheReportFolderGoesIsRefusedBeforeAnyRequest() throws Exception {
    jsonl(List.of(pair("p1", 'A', cols("issue_scale", 1))));
    Files.createDirectories(dir.resolve("evaluation_results"));
    Files.writeString(dir.resolve(REPORT), "not a folder");

    CliRun run = evaluate("responses.jsonl");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err())
        .contains("run-mock-judge: exists and is not a folder")
        .doesNotContain("step judge");
    assertThat(dir.resolve(REPORT)).hasContent("not a folder");
  }
}
