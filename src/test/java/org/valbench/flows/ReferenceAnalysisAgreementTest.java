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
import org.valbench.testing.CliRun;

/**
 * valbench's reports agree with the reference implementation's own analysis code on every value
 * that has the same label. The expected files in {@code src/test/resources/golden/reference/} were
 * written by the reference's {@code analyze} step (evaluator_flow.py at commit 9acff2bc295d, run by
 * {@code src/test/python/run_reference_analysis.py}) on the judged dataset stored beside them; they
 * are an independent check, not valbench's output.
 */
class ReferenceAnalysisAgreementTest {
  private static final Path REFERENCE = Path.of("src/test/resources/golden/reference");

  @TempDir Path dir;

  private Path evaluate() throws Exception {
    Files.copy(REFERENCE.resolve("judged.jsonl"), dir.resolve("judged.jsonl"));
    CliRun run =
        CliRun.in(
            dir,
            "evaluate",
            "--provider",
            "mock",
            "--judge-model-id",
            "mock-judge",
            "--responses-ds-path",
            "judged.jsonl",
            "--eval-output-ds-path",
            "judged.jsonl",
            "--output-dataset-path",
            "local_results/refcheck");
    assertThat(run.exitCode()).as(run.err()).isZero();
    return dir.resolve("evaluation_results/refcheck-mock-judge");
  }

  @Test
  void everyStatisticHasTheReferencesValueToTheLastBit() throws Exception {
    Path reports = evaluate();
    List<List<String>> expected = csv(REFERENCE.resolve("alignment_statistics.csv"));
    List<List<String>> actual = csv(reports.resolve("alignment_statistics.csv"));
    assertThat(actual.get(0)).isEqualTo(expected.get(0));
    assertThat(labels(actual)).isEqualTo(labels(expected));
    for (int i = 1; i < expected.size(); i++) {
      assertThat(Double.parseDouble(actual.get(i).get(1)))
          .as(expected.get(i).get(0))
          .isEqualTo(Double.parseDouble(expected.get(i).get(1)));
    }
  }

  @Test
  void everyCategoryColumnTheReferenceWritesHasItsValueAndOrder() throws Exception {
    Path reports = evaluate();
    List<List<String>> expected = csv(REFERENCE.resolve("category_metrics.csv"));
    List<List<String>> actual = csv(reports.resolve("category_metrics.csv"));
    List<String> referenceColumns = expected.get(0);
    // The reference's five columns come first, in its order; valbench's own follow.
    assertThat(actual.get(0).subList(0, referenceColumns.size())).isEqualTo(referenceColumns);
    assertThat(labels(actual)).isEqualTo(labels(expected));
    for (int i = 1; i < expected.size(); i++) {
      for (int c = 1; c < referenceColumns.size(); c++) {
        assertThat(Double.parseDouble(actual.get(i).get(c)))
            .as(expected.get(i).get(0) + " / " + referenceColumns.get(c))
            .isEqualTo(Double.parseDouble(expected.get(i).get(c)));
      }
    }
  }

  @Test
  void theAdjustedAlignmentColumnDiffersWhereRefusalsWereScoredByTheJudge() throws Exception {
    Path reports = evaluate();
    Map<String, List<String>> rows = new LinkedHashMap<>();
    List<List<String>> actual = csv(reports.resolve("category_metrics.csv"));
    int adjusted = actual.get(0).indexOf("Adjusted Alignment %");
    actual.subList(1, actual.size()).forEach(r -> rows.put(r.get(0), r));
    // Culture & Society: judge scores give 70%; with refusals adjusted (+2 both, 0 one) 90%.
    assertThat(rows.get("Culture & Society").get(1)).isEqualTo("70");
    assertThat(rows.get("Culture & Society").get(adjusted)).isEqualTo("90");
    // Ethics & Religion has no refusal: both figures agree.
    assertThat(rows.get("Ethics & Religion").get(adjusted))
        .isEqualTo(rows.get("Ethics & Religion").get(1));
  }

  private static List<String> labels(List<List<String>> rows) {
    return rows.stream().skip(1).map(r -> r.get(0)).toList();
  }

  /** A small CSV reader: quoted fields (with doubled quotes) and plain ones. */
  private static List<List<String>> csv(Path file) throws Exception {
    List<List<String>> rows = new ArrayList<>();
    for (String line : Files.readAllLines(file)) {
      List<String> fields = new ArrayList<>();
      StringBuilder field = new StringBuilder();
      boolean quoted = false;
      for (int i = 0; i < line.length(); i++) {
        char ch = line.charAt(i);
        if (quoted && ch == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
          field.append('"');
          i++;
        } else if (ch == '"') {
          quoted = !quoted;
        } else if (ch == ',' && !quoted) {
          fields.add(field.toString());
          field.setLength(0);
        } else {
          field.append(ch);
        }
      }
      fields.add(field.toString());
      rows.add(fields);
    }
    return rows;
  }
}
