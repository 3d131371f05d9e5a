package org.valbench.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.valbench.metrics.PairedTests;
import org.valbench.testing.CliRun;

/**
 * {@code valbench compare} end to end: judged datasets written by the mock provider's models, whose
 * behaviour is known (mock-consistent: PAC 100%; mock-sycophantic: PAC 0%; mock-refusing: every
 * answer refuses, PAC 100% and refusal 100%; mock-mixed: a known mix), then compared.
 */
class CompareCommandTest {
  @TempDir static Path dir;

  static String consistent;
  static String sycophantic;
  static String refusing;
  static String mixed;

  @BeforeAll
  static void judgeFourMockModels() {
    consistent = pipeline("mock-consistent", "vb", "mock-judge");
    sycophantic = pipeline("mock-sycophantic", "vb", "mock-judge");
    refusing = pipeline("mock-refusing", "vb", "mock-judge");
    mixed = pipeline("mock-mixed", "vb", "mock-judge");
  }

  /** responses + evaluate on the bundled sample; returns the judged dataset's path. */
  static String pipeline(String model, String prefix, String judge, String... more) {
    List<String> responses =
        new ArrayList<>(
            List.of(
                "responses",
                "--provider",
                "mock",
                "--model-id",
                model,
                "--dataset-id",
                "sample",
                "--protocol",
                "valbench",
                "--output-dataset-path",
                "local_results/" + prefix));
    List<String> evaluate =
        new ArrayList<>(
            List.of(
                "evaluate",
                "--provider",
                "mock",
                "--judge-model-id",
                judge,
                "--protocol",
                "valbench",
                "--responses-ds-path",
                "local_results/" + prefix + "-" + model,
                "--output-dataset-path",
                "local_results/" + prefix + "-" + model));
    for (String arg : more) {
      (arg.startsWith("--limit") || arg.matches("\\d+") ? responses : evaluate).add(arg);
    }
    assertThat(CliRun.in(dir, responses.toArray(String[]::new)).exitCode()).isZero();
    CliRun judged = CliRun.in(dir, evaluate.toArray(String[]::new));
    assertThat(judged.exitCode()).as(judged.err()).isZero();
    return "local_results/" + prefix + "-" + model + "-" + judge + "-evaluation";
  }

  static CliRun compare(String... args) {
    List<String> all = new ArrayList<>(List.of("compare"));
    all.addAll(List.of(args));
    return CliRun.in(dir, all.toArray(String[]::new));
  }

  static List<Map<String, String>> csv(Path file) throws Exception {
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    String[] header = lines.get(0).split(",", -1);
    List<Map<String, String>> rows = new ArrayList<>();
    for (String line : lines.subList(1, lines.size())) {
      String[] cells = line.split(",", -1);
      Map<String, String> row = new LinkedHashMap<>();
      for (int i = 0; i < header.length; i++) {
        row.put(header[i], cells[i]);
      }
      rows.add(row);
    }
    return rows;
  }

  @Test
  void consistentAgainstSycophanticGivesTheKnownDifferenceAndExactPValue() throws Exception {
    CliRun run = compare(sycophantic, consistent, "--output-dir", "out/two");
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out())
        .contains(" 1. vb-mock-consistent-mock-judge: PAC 100.0% (95% CI 100.0-100.0)")
        .contains(" 2. vb-mock-sycophantic-mock-judge: PAC 0.0%");
    Path out = dir.resolve("out/two");
    List<Map<String, String>> board = csv(out.resolve("leaderboard.csv"));
    assertThat(board)
        .extracting(r -> r.get("run"))
        .containsExactly("vb-mock-consistent-mock-judge", "vb-mock-sycophantic-mock-judge");
    assertThat(board.get(0))
        .containsEntry("model", "vb-mock-consistent")
        .containsEntry("judge", "mock-judge")
        .containsEntry("usable_pairs", "48")
        .containsEntry("pac_percent", "100")
        .containsEntry("refusal_percent", "0")
        .containsEntry("unusable_judge_answers", "0")
        .containsEntry("failed_requests", "0")
        .containsEntry("mixed", "");
    assertThat(Long.parseLong(board.get(0).get("candidate_tokens"))).isPositive();

    List<Map<String, String>> pairs = csv(out.resolve("pairwise.csv"));
    assertThat(pairs).hasSize(1);
    Map<String, String> pair = pairs.get(0);
    // Runs in the order given: sycophantic (0%) minus consistent (100%) on all 48 pairs.
    assertThat(pair)
        .containsEntry("run_a", "vb-mock-sycophantic-mock-judge")
        .containsEntry("common_pairs", "48")
        .containsEntry("dropped_only_in_a", "0")
        .containsEntry("dropped_only_in_b", "0")
        .containsEntry("dropped_not_scored", "0")
        .containsEntry("pac_diff", "-100")
        .containsEntry("pac_diff_ci_low", "-100")
        .containsEntry("pac_diff_ci_high", "-100")
        .containsEntry("refusal_diff", "0")
        .containsEntry("refusal_p", "1")
        .containsEntry("differs_in", "");
    // Every one of the 48 differences is -4: only the two sign vectors with all signs equal are as
    // extreme, p = 2 / 2^48; one comparison, so Holm changes nothing.
    assertThat(Double.parseDouble(pair.get("pac_p"))).isCloseTo(2 / Math.pow(2, 48), within(1e-20));
    assertThat(pair.get("pac_p_holm")).isEqualTo(pair.get("pac_p"));
    for (String png : List.of("leaderboard.png", "tradeoff.png")) {
      BufferedImage image = ImageIO.read(out.resolve(png).toFile());
      assertThat(image.getWidth()).as(png).isGreaterThan(900);
      assertThat(image.getHeight()).as(png).isGreaterThan(200);
    }
    String md = Files.readString(out.resolve("leaderboard.md"));
    assertThat(md)
        .contains(
            "| 1 | vb-mock-consistent-mock-judge | vb-mock-consistent | mock-judge | 48 |"
                + " 100.0 (100.0–100.0) | 0.0 (0.0–7.4) |");
  }

  @Test
  void fourRunsGiveSixComparisonsWithHolmAndCategoriesOfEveryRun() throws Exception {
    CliRun run = compare(consistent, sycophantic, refusing, mixed, "--output-dir", "out/four");
    assertThat(run.exitCode()).as(run.err()).isZero();
    Path out = dir.resolve("out/four");
    List<Map<String, String>> pairs = csv(out.resolve("pairwise.csv"));
    assertThat(pairs).hasSize(6);
    double[] p = pairs.stream().mapToDouble(r -> Double.parseDouble(r.get("pac_p"))).toArray();
    double[] holm = PairedTests.holm(p);
    for (int i = 0; i < pairs.size(); i++) {
      assertThat(Double.parseDouble(pairs.get(i).get("pac_p_holm"))).isEqualTo(holm[i]);
    }
    // consistent against refusing: equal PAC (both +2 on every pair), refusal 0% against 100%:
    // all 48 pairs discordant one way, exact McNemar p = 2 / 2^48.
    Map<String, String> cr =
        pairs.stream()
            .filter(
                r ->
                    r.get("run_b").equals("vb-mock-refusing-mock-judge")
                        && r.get("run_a").equals("vb-mock-consistent-mock-judge"))
            .findFirst()
            .orElseThrow();
    assertThat(cr)
        .containsEntry("pac_diff", "0")
        .containsEntry("pac_p", "1")
        .containsEntry("refusal_diff", "-100")
        .containsEntry("refused_only_by_a", "0")
        .containsEntry("refused_only_by_b", "48");
    assertThat(Double.parseDouble(cr.get("refusal_p")))
        .isCloseTo(2 / Math.pow(2, 48), within(1e-20));

    List<Map<String, String>> categories = csv(out.resolve("by_category.csv"));
    // Every category of the sample, once per run; counts per run add up to the usable pairs.
    assertThat(categories.size() % 4).isZero();
    for (String label : List.of("vb-mock-consistent-mock-judge", "vb-mock-mixed-mock-judge")) {
      long total =
          categories.stream()
              .filter(r -> r.get("run").equals(label))
              .mapToLong(r -> Long.parseLong(r.get("count")))
              .sum();
      assertThat(total).isLessThanOrEqualTo(48).isGreaterThan(40);
    }
    // The leaderboard's figures are evaluate's own (same code): they equal its summary.json.
    Map<String, String> mixedRow =
        csv(out.resolve("leaderboard.csv")).stream()
            .filter(r -> r.get("run").equals("vb-mock-mixed-mock-judge"))
            .findFirst()
            .orElseThrow();
    var summary =
        new com.fasterxml.jackson.databind.ObjectMapper()
            .readTree(
                dir.resolve("evaluation_results/vb-mock-mixed-mock-judge/summary.json").toFile());
    assertThat(Double.parseDouble(mixedRow.get("pac_percent")))
        .isEqualTo(summary.path("pac").path("percent").asDouble());
    assertThat(Double.parseDouble(mixedRow.get("pac_ci_low")))
        .isEqualTo(summary.path("pac").path("ci_low").asDouble());
    assertThat(Double.parseDouble(mixedRow.get("refusal_percent")))
        .isEqualTo(summary.path("refusal").path("issue_level").path("percent").asDouble());
    assertThat(Double.parseDouble(mixedRow.get("no_information_ci_high")))
        .isEqualTo(summary.path("no_information").path("issue_level").path("ci_high").asDouble());
    assertThat(summary.path("pac").path("percent").asDouble()).isBetween(1.0, 99.0);
    String json = Files.readString(out.resolve("compare.json"));
    assertThat(json)
        .contains("\"judge_prompt_sha256\"")
        .contains("\"pair_order\" : \"for-first\"")
        .contains("\"protocol\" : \"valbench\"")
        .contains("\"pairs_fingerprint\"")
        .contains("\"bootstrap_resamples\" : 10000");
  }

  @Test
  void rerunWritesIdenticalFiles() throws Exception {
    assertThat(compare(mixed, consistent, refusing, "--output-dir", "out/a").exitCode()).isZero();
    assertThat(compare(mixed, consistent, refusing, "--output-dir", "out/b").exitCode()).isZero();
    for (String file :
        List.of("pairwise.csv", "leaderboard.csv", "by_category.csv", "compare.json")) {
      assertThat(Files.readString(dir.resolve("out/b").resolve(file)))
          .as(file)
          .isEqualTo(Files.readString(dir.resolve("out/a").resolve(file)));
    }
  }

  @Test
  void aGlobExpandsToEveryJudgedDatasetAndTheDefaultFolderIsNamedAfterTheRuns() {
    CliRun run = compare("local_results/vb-mock-[cs]*-mock-judge-evaluation");
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out())
        .contains(
            "comparison: evaluation_results/compare-vb-mock-consistent-mock-judge-vs-"
                + "vb-mock-sycophantic-mock-judge/");
    assertThat(
            dir.resolve(
                "evaluation_results/compare-vb-mock-consistent-mock-judge-vs-"
                    + "vb-mock-sycophantic-mock-judge/leaderboard.png"))
        .isRegularFile();
  }

  @Test
  void differentJudgesAreRefusedNamingTheRunsUnlessAllowMixedMarksThem() throws Exception {
    String otherJudge = pipeline("mock-sycophantic", "judge2", "mock-judge-b");
    CliRun refused = compare(consistent, otherJudge, "--output-dir", "out/mixed");
    assertThat(refused.exitCode()).isEqualTo(2);
    assertThat(refused.err().strip().lines())
        .last()
        .asString()
        .isEqualTo(
            "valbench: runs are not comparable: judge differs (mock-judge:"
                + " vb-mock-consistent-mock-judge; mock-judge-b:"
                + " judge2-mock-sycophantic-mock-judge-b). Give --allow-mixed to compare them"
                + " anyway (every affected row is marked)");
    assertThat(dir.resolve("out/mixed")).doesNotExist();

    CliRun allowed = compare(consistent, otherJudge, "--allow-mixed", "--output-dir", "out/mixed");
    assertThat(allowed.exitCode()).as(allowed.err()).isZero();
    assertThat(allowed.out()).contains("[differs in: judge]");
    assertThat(csv(dir.resolve("out/mixed/leaderboard.csv")))
        .allSatisfy(r -> assertThat(r).containsEntry("mixed", "judge"));
    assertThat(csv(dir.resolve("out/mixed/pairwise.csv")).get(0))
        .containsEntry("differs_in", "judge");
  }

  @Test
  void pairOrderAndJudgePromptDifferencesAreRefusedToo() throws Exception {
    String reversed = pipeline("mock-consistent", "rev", "mock-judge", "--reverse-pair-order");
    CliRun order = compare(sycophantic, reversed, "--output-dir", "out/order");
    assertThat(order.exitCode()).isEqualTo(2);
    assertThat(order.err())
        .contains(
            "pair order differs (for-first: vb-mock-sycophantic-mock-judge; against-first:"
                + " rev-mock-consistent-mock-judge)");

    Files.writeString(dir.resolve("judge-prompt.txt"), "Score the two answers from -2 to 2.");
    String prompted =
        pipeline(
            "mock-consistent", "prompt", "mock-judge", "--judge-prompt-file", "judge-prompt.txt");
    CliRun prompt = compare(sycophantic, prompted, "--output-dir", "out/prompt");
    assertThat(prompt.exitCode()).isEqualTo(2);
    assertThat(prompt.err()).contains("judge prompt differs (");
  }

  @Test
  void theSameModelTwiceIsTwoRowsLabelledByRun() throws Exception {
    String again = pipeline("mock-mixed", "again", "mock-judge");
    CliRun run = compare(mixed, again, "--output-dir", "out/same");
    assertThat(run.exitCode()).as(run.err()).isZero();
    List<Map<String, String>> board = csv(dir.resolve("out/same/leaderboard.csv"));
    assertThat(board)
        .extracting(r -> r.get("run"))
        .containsExactlyInAnyOrder("vb-mock-mixed-mock-judge", "again-mock-mixed-mock-judge");
    Map<String, String> pair = csv(dir.resolve("out/same/pairwise.csv")).get(0);
    assertThat(pair).containsEntry("pac_diff", "0").containsEntry("pac_p", "1");
  }

  @Test
  void runsOfDifferentSizesCompareOnTheirCommonPairs() throws Exception {
    String small = pipeline("mock-sycophantic", "small", "mock-judge", "--limit", "20");
    CliRun run = compare(consistent, small, "--output-dir", "out/sizes");
    assertThat(run.exitCode()).as(run.err()).isZero();
    Map<String, String> pair = csv(dir.resolve("out/sizes/pairwise.csv")).get(0);
    assertThat(pair)
        .containsEntry("common_pairs", "20")
        .containsEntry("dropped_only_in_a", "28")
        .containsEntry("dropped_only_in_b", "0")
        .containsEntry("pac_diff", "100");
    assertThat(csv(dir.resolve("out/sizes/leaderboard.csv")).get(1))
        .containsEntry("usable_pairs", "20");
  }

  @Test
  void aRunWithNoCommonPairsIsAnErrorNamingIt() throws Exception {
    Files.writeString(
        dir.resolve("other.jsonl"),
        "{\"id\": \"x1\", \"issue_description\": \"i\", \"for_question\": \"f\","
            + " \"against_question\": \"a\"}\n"
            + "{\"id\": \"x2\", \"issue_description\": \"j\", \"for_question\": \"g\","
            + " \"against_question\": \"b\"}\n");
    String judged = pipelineOn("other.jsonl", "other");
    CliRun run = compare(consistent, sycophantic, judged, "--output-dir", "out/none");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err())
        .contains("valbench: " + judged + ": no scored pair in common with any other run");
  }

  @Test
  void otherPairTextsUnderTheSameIdsAreADifferentDataset() throws Exception {
    StringBuilder jsonl = new StringBuilder();
    for (int i = 1; i <= 3; i++) {
      jsonl.append(
          String.format(
              "{\"id\": \"vb-sample-000%d\", \"issue_description\": \"changed %d\","
                  + " \"for_question\": \"f\", \"against_question\": \"a\"}%n",
              i, i));
    }
    Files.writeString(dir.resolve("changed.jsonl"), jsonl.toString());
    String judged = pipelineOn("changed.jsonl", "changed");
    CliRun run = compare(consistent, judged, "--output-dir", "out/changed");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err())
        .contains(
            "dataset differs (vb-mock-consistent-mock-judge and changed-mock-consistent-mock-judge"
                + " have other pair texts under 3 common ids, e.g. id 'vb-sample-0001')");
  }

  @Test
  void badRunArgumentsExitTwoWithOneLine() throws Exception {
    assertThat(compare(consistent).err()).contains("compare needs at least two runs (got 1: ");
    assertThat(compare(consistent, consistent).err()).contains(": given twice");
    assertThat(compare(consistent, "local_results/nothing-*").err())
        .contains("local_results/nothing-*: no file or folder matches this pattern");
    CliRun notJudged = compare(consistent, "local_results/vb-mock-consistent");
    assertThat(notJudged.exitCode()).isEqualTo(2);
    assertThat(notJudged.err())
        .contains(
            "local_results/vb-mock-consistent: not a judged dataset written by 'valbench"
                + " evaluate': missing columns 'alignment_judge_status', 'alignment_judge_parsed'");
    Files.createDirectories(dir.resolve("out/mine"));
    Files.writeString(dir.resolve("out/mine/notes.txt"), "mine");
    CliRun foreign = compare(consistent, sycophantic, "--output-dir", "out/mine");
    assertThat(foreign.exitCode()).isEqualTo(2);
    assertThat(foreign.err())
        .contains("out/mine: holds files a comparison does not write (notes.txt)");
    assertThat(dir.resolve("out/mine/notes.txt")).hasContent("mine");
  }

  @Test
  void aParquetJudgedDatasetWithoutUsageOrSummaryComparesWithNotes() throws Exception {
    // The judged rows of mock-sycophantic as one Parquet file, without its usage columns; no
    // summary.json belongs to it, so its judge and pair order are unknown (noted, not checked).
    org.valbench.dataset.Table table =
        org.valbench.dataset.SaveToDiskFormat.read(dir.resolve(sycophantic));
    List<org.valbench.dataset.Field> kept =
        table.schema().fields().stream().filter(f -> !f.name().endsWith("_usage")).toList();
    org.valbench.dataset.Schema schema = new org.valbench.dataset.Schema(kept);
    List<Map<String, Object>> rows =
        table.rows().stream().map(r -> org.valbench.dataset.Table.row(schema, r)).toList();
    Files.createDirectories(dir.resolve("parquet"));
    org.valbench.dataset.ParquetFormat.write(
        org.valbench.dataset.Table.of(schema, rows), dir.resolve("parquet/syco.parquet"));
    CliRun run = compare(consistent, "parquet/syco.parquet", "--output-dir", "out/parquet");
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.err())
        .contains(
            "compare: syco.parquet: judge not recorded (no summary.json of evaluate found for it);"
                + " not checked");
    Map<String, String> board = csv(dir.resolve("out/parquet/leaderboard.csv")).get(1);
    assertThat(board)
        .containsEntry("run", "syco.parquet")
        .containsEntry("judge", "unknown")
        .containsEntry("pac_percent", "0")
        .containsEntry("candidate_tokens", "");
    assertThat(csv(dir.resolve("out/parquet/pairwise.csv")).get(0))
        .containsEntry("common_pairs", "48")
        .containsEntry("pac_diff", "100");
  }

  /** mock-consistent judged on the pairs of {@code jsonl}. */
  private static String pipelineOn(String jsonl, String prefix) {
    assertThat(
            CliRun.in(
                    dir,
                    "responses",
                    "--provider",
                    "mock",
                    "--model-id",
                    "mock-consistent",
                    "--dataset-id",
                    jsonl,
                    "--protocol",
                    "valbench",
                    "--output-dataset-path",
                    "local_results/" + prefix)
                .exitCode())
        .isZero();
    CliRun judged =
        CliRun.in(
            dir,
            "evaluate",
            "--provider",
            "mock",
            "--judge-model-id",
            "mock-judge",
            "--protocol",
            "valbench",
            "--responses-ds-path",
            "local_results/" + prefix + "-mock-consistent",
            "--output-dataset-path",
            "local_results/" + prefix + "-mock-consistent");
    assertThat(judged.exitCode()).as(judged.err()).isZero();
    return "local_results/" + prefix + "-mock-consistent-mock-judge-evaluation";
  }
}
