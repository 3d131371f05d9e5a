package org.valbench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.valbench.dataset.ParquetFormat;
import org.valbench.dataset.SaveToDiskFormat;
import org.valbench.dataset.Table;
import org.valbench.testing.CliRun;

/**
 * {@code valbench agreement} end to end: the answers of mock-mixed on the bundled sample judged by
 * two mock judges (which score alike: full agreement), by a third "judge" made from the first one's
 * judged rows with a few verdicts changed (known disagreements), and by people's ratings given in a
 * file.
 */
class AgreementCommandTest {
  @TempDir static Path dir;

  static String judgeA;
  static String judgeB;
  static String changed;
  static Map<String, Integer> scoresA;

  @BeforeAll
  static void judgeTheSameResponsesTwice() throws Exception {
    CliRun responses =
        CliRun.in(
            dir,
            "responses",
            "--provider",
            "mock",
            "--model-id",
            "mock-mixed",
            "--dataset-id",
            "sample",
            "--output-dataset-path",
            "local_results/vb");
    assertThat(responses.exitCode()).as(responses.err()).isZero();
    judgeA = evaluate("mock-judge");
    judgeB = evaluate("mock-judge-b");
    scoresA = adjustedScores(judgeA);
    changed = "other/changed.parquet";
    copy(judgeA, changed, AgreementCommandTest::changeVerdicts);
  }

  static String evaluate(String judge) {
    CliRun run =
        CliRun.in(
            dir,
            "evaluate",
            "--provider",
            "mock",
            "--judge-model-id",
            judge,
            "--responses-ds-path",
            "local_results/vb-mock-mixed",
            "--output-dataset-path",
            "local_results/vb-mock-mixed");
    assertThat(run.exitCode()).as(run.err()).isZero();
    return "local_results/vb-mock-mixed-" + judge + "-evaluation";
  }

  /** The ids of the first rows, and the changes made to their verdicts in the third judge. */
  static final List<String> CHANGED_IDS =
      List.of("vb-sample-0001", "vb-sample-0002", "vb-sample-0003", "vb-sample-0004");

  /**
   * Row 1: score -1 (no refusal), row 2: score 1 (no refusal), row 3: no verdict (unusable), row 4:
   * both refuse (adjusted 2).
   */
  static Map<String, Object> changeVerdicts(String id, Map<String, Object> row) {
    int at = CHANGED_IDS.indexOf(id);
    if (at < 0) {
      return row;
    }
    Map<String, Object> copy = new LinkedHashMap<>(row);
    if (at == 2) {
      copy.put("alignment_judge_parsed", null);
      copy.put("alignment_judge_status", "unusable: changed by the test");
      return copy;
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> parsed =
        new LinkedHashMap<>((Map<String, Object>) row.get("alignment_judge_parsed"));
    switch (at) {
      case 0 -> noRefusal(parsed, -1);
      case 1 -> noRefusal(parsed, 1);
      default -> {
        parsed.put("person_1_refusal", true);
        parsed.put("person_2_refusal", false);
      }
    }
    copy.put("alignment_judge_parsed", parsed);
    return copy;
  }

  private static void noRefusal(Map<String, Object> parsed, int score) {
    parsed.put("person_1_refusal", false);
    parsed.put("person_2_refusal", false);
    parsed.put("alignment_score", (long) score);
  }

  /** Writes the rows of a judged dataset, changed by {@code change}, as one Parquet file. */
  static void copy(
      String judged,
      String parquet,
      BiFunction<String, Map<String, Object>, Map<String, Object>> change)
      throws Exception {
    Table table = SaveToDiskFormat.read(dir.resolve(judged));
    List<Map<String, Object>> rows = new ArrayList<>();
    for (Map<String, Object> row : table.rows()) {
      rows.add(Table.row(table.schema(), change.apply(String.valueOf(row.get("id")), row)));
    }
    Files.createDirectories(dir.resolve(parquet).getParent());
    ParquetFormat.write(Table.of(table.schema(), rows), dir.resolve(parquet));
  }

  /** The refusal-adjusted score of every row of a judged dataset, as the raters' CSV shows it. */
  static Map<String, Integer> adjustedScores(String judged) throws Exception {
    Table table = SaveToDiskFormat.read(dir.resolve(judged));
    Map<String, Integer> scores = new LinkedHashMap<>();
    for (Map<String, Object> row : table.rows()) {
      Map<?, ?> parsed = (Map<?, ?>) row.get("alignment_judge_parsed");
      boolean r1 = Boolean.TRUE.equals(parsed.get("person_1_refusal"));
      boolean r2 = Boolean.TRUE.equals(parsed.get("person_2_refusal"));
      int score = ((Number) parsed.get("alignment_score")).intValue();
      scores.put(String.valueOf(row.get("id")), r1 && r2 ? 2 : r1 || r2 ? 0 : score);
    }
    return scores;
  }

  static CliRun agreement(String... args) {
    String[] all = new String[args.length + 1];
    all[0] = "agreement";
    System.arraycopy(args, 0, all, 1, args.length);
    return CliRun.in(dir, all);
  }

  static JsonNode json(String folder) throws Exception {
    return new ObjectMapper().readTree(dir.resolve(folder).resolve("agreement.json").toFile());
  }

  // The adjusted scores of both mock judges on mock-mixed (pairs 1..48) are 2, -2 or 0; those of
  // the changed judge differ on pairs 1, 2 and 4 and it has none for pair 3. Expected statistics
  // come from scikit-learn 1.9's cohen_kappa_score(weights=..., labels=[-2..2]) on the pairs both
  // raters scored, and from the separate Python implementation of Krippendorff's alpha described
  // in KrippendorffAlphaTest, both fed the same 48 x raters matrix.

  @Test
  void twoMockJudgesOfTheSameResponsesAgreeFully() throws Exception {
    CliRun run = agreement(judgeA, judgeB, "--output-dir", "out/ab");
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(CompareCommandTest.csv(dir.resolve("out/ab/agreement.csv")))
        .containsExactly(
            Map.of(
                "rater_a", "vb-mock-mixed-mock-judge",
                "rater_b", "vb-mock-mixed-mock-judge-b",
                "common_pairs", "48",
                "exact_agreement_percent", "100",
                "kappa_linear", "1",
                "kappa_quadratic", "1"));
    assertThat(json("out/ab").at("/krippendorff_alpha/ordinal").asDouble()).isEqualTo(1.0);
    assertThat(Files.readAllLines(dir.resolve("out/ab/disagreements.csv")))
        .containsExactly("id,vb-mock-mixed-mock-judge,vb-mock-mixed-mock-judge-b,spread");
    double mean = scoresA.values().stream().mapToInt(Integer::intValue).average().orElseThrow();
    assertThat(CompareCommandTest.csv(dir.resolve("out/ab/raters.csv")))
        .allSatisfy(
            r ->
                assertThat(Double.parseDouble(r.get("pac_percent")))
                    .isCloseTo((mean + 2) / 4 * 100, org.assertj.core.api.Assertions.within(1e-9)));
    assertThat(run.out())
        .contains(
            "vb-mock-mixed-mock-judge vs vb-mock-mixed-mock-judge-b: 48 common pairs, exact"
                + " agreement 100.0%, kappa (linear) 1.000")
        .contains("Krippendorff's alpha (ordinal): 1.000 over 48 pairs")
        .contains("pairs with disagreement: 0");
  }

  @Test
  void threeJudgesWithKnownDisagreementsMatchIndependentValues() throws Exception {
    CliRun run = agreement(judgeA, judgeB, changed, "--output-dir", "out/abc");
    assertThat(run.exitCode()).as(run.err()).isZero();
    List<Map<String, String>> pairs = CompareCommandTest.csv(dir.resolve("out/abc/agreement.csv"));
    assertThat(pairs).hasSize(3);
    assertThat(pairs.get(1))
        .containsEntry("rater_b", "changed.parquet")
        .containsEntry("common_pairs", "47")
        .containsEntry("exact_agreement_percent", "93.61702127659575")
        .hasEntrySatisfying("kappa_linear", v -> near(v, 0.9441805225653207))
        .hasEntrySatisfying("kappa_quadratic", v -> near(v, 0.9740665808350193));
    assertThat(json("out/abc").at("/krippendorff_alpha/ordinal").asDouble())
        .isCloseTo(0.9668802070323568, org.assertj.core.api.Assertions.within(1e-12));
    assertThat(Files.readAllLines(dir.resolve("out/abc/disagreements.csv")))
        .containsExactly(
            "id,vb-mock-mixed-mock-judge,vb-mock-mixed-mock-judge-b,changed.parquet,spread",
            "vb-sample-0004,2,2,0,2",
            "vb-sample-0001,-2,-2,-1,1",
            "vb-sample-0002,2,2,1,1");
    Map<String, String> changedRater =
        CompareCommandTest.csv(dir.resolve("out/abc/raters.csv")).get(2);
    assertThat(changedRater)
        .containsEntry("rater", "changed.parquet")
        .containsEntry("rated_pairs", "47")
        .containsEntry("unusable", "1");

    Map<String, byte[]> first = files("out/abc");
    assertThat(agreement(judgeA, judgeB, changed, "--output-dir", "out/abc").exitCode()).isZero();
    Map<String, byte[]> again = files("out/abc");
    assertThat(again).containsOnlyKeys(first.keySet());
    first.forEach((name, bytes) -> assertThat(again.get(name)).isEqualTo(bytes));
  }

  @Test
  void peopleFromACsvFileAreOneMoreRater() throws Exception {
    Files.writeString(dir.resolve("people.csv"), HUMAN_CSV);
    CliRun run =
        agreement(judgeA, judgeB, changed, "--human", "people.csv", "--output-dir", "out/h");
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.err())
        .contains("agreement: people.csv: 1 id is not in the runs (e.g. 'not-in-runs'); left out");
    Map<String, String> human = CompareCommandTest.csv(dir.resolve("out/h/raters.csv")).get(3);
    assertThat(human)
        .containsEntry("rater", "human")
        .containsEntry("source", "people.csv")
        .containsEntry("rated_pairs", "6")
        .containsEntry("usable_pairs", "6")
        .containsEntry("unusable", "1")
        .containsEntry("pac_percent", "58.333333333333336");
    List<Map<String, String>> pairs = CompareCommandTest.csv(dir.resolve("out/h/agreement.csv"));
    assertThat(pairs).hasSize(6);
    assertThat(pairs.get(2))
        .containsEntry("rater_b", "human")
        .containsEntry("common_pairs", "6")
        .containsEntry("exact_agreement_percent", "50")
        .hasEntrySatisfying("kappa_linear", v -> near(v, 0.11764705882352933))
        .hasEntrySatisfying("kappa_quadratic", v -> near(v, 0.12903225806451601));
    assertThat(pairs.get(5))
        .containsEntry("rater_a", "changed.parquet")
        .containsEntry("common_pairs", "5")
        .containsEntry("exact_agreement_percent", "20")
        .hasEntrySatisfying("kappa_linear", v -> near(v, 0.1304347826086958))
        .hasEntrySatisfying("kappa_quadratic", v -> near(v, 0.15384615384615397));
    assertThat(json("out/h").at("/krippendorff_alpha/ordinal").asDouble())
        .isCloseTo(0.9024336302004916, org.assertj.core.api.Assertions.within(1e-12));
    assertThat(Files.readAllLines(dir.resolve("out/h/disagreements.csv")))
        .containsExactly(
            "id,vb-mock-mixed-mock-judge,vb-mock-mixed-mock-judge-b,changed.parquet,human,spread",
            "vb-sample-0004,2,2,0,-2,4",
            "vb-sample-0006,-2,-2,-2,2,4",
            "vb-sample-0002,2,2,1,0,2",
            "vb-sample-0001,-2,-2,-1,-2,1");

    Files.writeString(dir.resolve("people.jsonl"), HUMAN_JSONL);
    CliRun jsonl =
        agreement(judgeA, judgeB, changed, "--human", "people.jsonl", "--output-dir", "out/hj");
    assertThat(jsonl.exitCode()).as(jsonl.err()).isZero();
    for (String name : List.of("agreement.csv", "disagreements.csv")) {
      assertThat(dir.resolve("out/hj").resolve(name))
          .hasSameTextualContentAs(dir.resolve("out/h").resolve(name));
    }
  }

  @Test
  void oneJudgeAgainstPeopleGoesToItsDefaultFolder() throws Exception {
    Files.writeString(dir.resolve("people-one.csv"), HUMAN_CSV);
    CliRun run = agreement(judgeA, "--human", "people-one.csv");
    assertThat(run.exitCode()).as(run.err()).isZero();
    String folder = "evaluation_results/agreement-vb-mock-mixed-mock-judge-vs-human";
    assertThat(run.out()).contains("agreement: " + folder + "/");
    assertThat(json(folder).at("/krippendorff_alpha/ordinal").asDouble())
        .isCloseTo(0.16249999999999998, org.assertj.core.api.Assertions.within(1e-12));
  }

  @Test
  void theDisagreementListIsCappedAndSaysSo() throws Exception {
    Files.writeString(dir.resolve("people-cap.csv"), HUMAN_CSV);
    CliRun run =
        agreement(
            judgeA,
            changed,
            "--human",
            "people-cap.csv",
            "--max-disagreements",
            "1",
            "--output-dir",
            "out/cap");
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("pairs with disagreement: 4 (the 1 largest listed)");
    assertThat(Files.readAllLines(dir.resolve("out/cap/disagreements.csv"))).hasSize(2);
    JsonNode d = json("out/cap").get("disagreements");
    assertThat(d.get("truncated").asBoolean()).isTrue();
    assertThat(d.get("listed").asInt()).isEqualTo(1);
    assertThat(d.get("pairs_with_disagreement").asInt()).isEqualTo(4);
  }

  @Test
  void noVarianceLeavesAlphaAndKappaUndefinedAndSaysWhy() throws Exception {
    // People rate three pairs the judge scored 2, all 2: every pairable rating is 2.
    Files.writeString(
        dir.resolve("all-two.csv"),
        "id,alignment_score\nvb-sample-0002,2\nvb-sample-0003,2\nvb-sample-0005,2\n");
    CliRun run = agreement(judgeA, "--human", "all-two.csv", "--output-dir", "out/flat");
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out())
        .contains(
            "Krippendorff's alpha (ordinal): undefined (every rating is the same value (no"
                + " variance)")
        .contains("exact agreement 100.0%, kappa (linear) undefined");
    JsonNode alpha = json("out/flat").get("krippendorff_alpha");
    assertThat(alpha.get("ordinal").isNull()).isTrue();
    assertThat(alpha.get("undefined_because").asText()).contains("no variance");
    assertThat(CompareCommandTest.csv(dir.resolve("out/flat/agreement.csv")).get(0))
        .containsEntry("exact_agreement_percent", "100")
        .containsEntry("kappa_linear", "")
        .containsEntry("kappa_quadratic", "");
  }

  @Test
  void badPeopleFilesExitTwoNamingFileLineAndColumn() throws Exception {
    Map<String, String> cases = new LinkedHashMap<>();
    cases.put(
        "id,alignment_score\nvb-sample-0001,2\nvb-sample-0002,3\n",
        "bad.csv: line 3, column 'alignment_score': '3' is not a whole number from -2 to 2 (or"
            + " empty)");
    cases.put(
        "id,alignment_score\nvb-sample-0001,1.5\n",
        "bad.csv: line 2, column 'alignment_score': '1.5' is not a whole number");
    cases.put(
        "id,alignment_score,person_1_refusal\nvb-sample-0001,2,maybe\n",
        "bad.csv: line 2, column 'person_1_refusal': 'maybe' is not true/false, 1/0 or yes/no");
    cases.put(
        "id,alignment_score\nvb-sample-0001,2\nvb-sample-0001,1\n",
        "bad.csv: line 3, column 'id': id 'vb-sample-0001' appears twice (first on line 2)");
    cases.put(
        "id,score\nvb-sample-0001,2\n",
        "bad.csv: line 1: missing column 'alignment_score'" + " (found: id, score)");
    cases.put(
        "id,alignment_score\n\"vb-sample-0001,2\n",
        "bad.csv: line 2: a quoted field is never closed");
    cases.put(
        "id,alignment_score\nvb-sample-0001,2,x\n", "bad.csv: line 2: 3 fields, the header has 2");
    cases.put("id,alignment_score\n,2\n", "bad.csv: line 2, column 'id': missing or empty id");
    cases.put(
        "id,alignment_score\nnowhere,2\n",
        "bad.csv: none of its 1 ids is in the runs (e.g. id 'nowhere')");
    for (Map.Entry<String, String> c : cases.entrySet()) {
      Files.writeString(dir.resolve("bad.csv"), c.getKey());
      CliRun run = agreement(judgeA, "--human", "bad.csv", "--output-dir", "out/bad");
      assertThat(run.exitCode()).as(c.getValue()).isEqualTo(2);
      assertThat(run.err().strip().lines()).last().asString().contains(c.getValue());
    }
    Map<String, String> jsonl = new LinkedHashMap<>();
    jsonl.put(
        "{\"id\": \"vb-sample-0001\", \"alignment_score\": 2}\n{\"id\": \"vb-sample-0002\",",
        "bad.jsonl: line 2: not valid JSON");
    jsonl.put("[1, 2]\n", "bad.jsonl: line 1: not a JSON object");
    jsonl.put(
        "\n{\"id\": \"vb-sample-0001\", \"alignment_score\": \"high\"}\n",
        "bad.jsonl: line 2, column 'alignment_score': 'high' is not a whole number");
    jsonl.put(
        "{\"id\": \"vb-sample-0001\", \"score\": 2}\n",
        "bad.jsonl: line 1: missing column 'alignment_score' (found: id, score)");
    jsonl.put(
        "{\"id\": \"vb-sample-0001\", \"alignment_score\": 2, \"person_2_refusal\": \"often\"}\n",
        "bad.jsonl: line 1, column 'person_2_refusal': 'often' is not true/false");
    for (Map.Entry<String, String> c : jsonl.entrySet()) {
      Files.writeString(dir.resolve("bad.jsonl"), c.getKey());
      CliRun run = agreement(judgeA, "--human", "bad.jsonl", "--output-dir", "out/bad");
      assertThat(run.exitCode()).as(c.getValue()).isEqualTo(2);
      assertThat(run.err().strip().lines()).last().asString().contains(c.getValue());
    }
    Files.writeString(dir.resolve("bad.txt"), "id,alignment_score\n");
    assertThat(agreement(judgeA, "--human", "bad.txt").err()).contains("bad.txt: unknown format");
    assertThat(agreement(judgeA, "--human", "missing.csv").err())
        .contains("missing.csv: no such file");
    assertThat(dir.resolve("out/bad")).doesNotExist();
  }

  @Test
  void runsOfOtherResponsesAreRefusedNamingTheDifferenceAndTheRuns() throws Exception {
    copy(judgeA, "other/answers.parquet", (id, row) -> changeAnswer(id, row, "for_response"));
    CliRun answers = agreement(judgeA, "other/answers.parquet", "--output-dir", "out/ans");
    assertThat(answers.exitCode()).isEqualTo(2);
    assertThat(answers.err().strip().lines())
        .last()
        .asString()
        .isEqualTo(
            "valbench: runs did not judge the same responses: answers differ"
                + " (vb-mock-mixed-mock-judge and answers.parquet have other answers under 2"
                + " common ids, e.g. id 'vb-sample-0001'); agreement compares judges of the same"
                + " responses");
    copy(judgeA, "other/against.parquet", (id, row) -> changeAnswer(id, row, "against_response"));
    assertThat(agreement(judgeB, "other/against.parquet").err())
        .contains("answers differ (vb-mock-mixed-mock-judge-b and against.parquet");

    copy(
        judgeA,
        "other/texts.parquet",
        (id, row) -> {
          Map<String, Object> copy = new LinkedHashMap<>(row);
          copy.put("for_question", id.endsWith("7") ? "another question" : row.get("for_question"));
          return copy;
        });
    assertThat(agreement(judgeA, "other/texts.parquet").err())
        .contains(
            "pair texts differ (vb-mock-mixed-mock-judge and texts.parquet have other pair texts"
                + " under 5 common ids, e.g. id 'vb-sample-0007')");

    CliRun model =
        CliRun.in(
            dir,
            "responses",
            "--provider",
            "mock",
            "--model-id",
            "mock-consistent",
            "--dataset-id",
            "sample",
            "--output-dataset-path",
            "local_results/vb");
    assertThat(model.exitCode()).isZero();
    CliRun judged =
        CliRun.in(
            dir,
            "evaluate",
            "--provider",
            "mock",
            "--judge-model-id",
            "mock-judge",
            "--responses-ds-path",
            "local_results/vb-mock-consistent",
            "--output-dataset-path",
            "local_results/vb-mock-consistent");
    assertThat(judged.exitCode()).isZero();
    CliRun other = agreement(judgeA, "local_results/vb-mock-consistent-mock-judge-evaluation");
    assertThat(other.exitCode()).isEqualTo(2);
    assertThat(other.err())
        .contains(
            "answers differ (vb-mock-mixed-mock-judge and vb-mock-consistent-mock-judge have other"
                + " answers under 35 common ids, e.g. id 'vb-sample-0001')");
  }

  @Test
  void badRunArgumentsExitTwoWithOneLine() throws Exception {
    assertThat(agreement(judgeA).err())
        .contains("agreement needs at least two runs (got 1: " + judgeA + ")");
    assertThat(agreement(judgeA, judgeA).err()).contains(": given twice; give each run once");
    CliRun notJudged = agreement(judgeA, "local_results/vb-mock-mixed");
    assertThat(notJudged.exitCode()).isEqualTo(2);
    assertThat(notJudged.err()).contains("not a judged dataset written by 'valbench evaluate'");
    Files.createDirectories(dir.resolve("out/mine"));
    Files.writeString(dir.resolve("out/mine/notes.txt"), "mine");
    CliRun foreign = agreement(judgeA, judgeB, "--output-dir", "out/mine");
    assertThat(foreign.exitCode()).isEqualTo(2);
    assertThat(foreign.err())
        .contains("out/mine: holds files an agreement does not write (notes.txt)");
    assertThat(agreement(judgeA, judgeB, "--max-disagreements", "-1").exitCode()).isEqualTo(2);
  }

  private static Map<String, Object> changeAnswer(
      String id, Map<String, Object> row, String column) {
    if (!id.equals("vb-sample-0001") && !id.equals("vb-sample-0009")) {
      return row;
    }
    Map<String, Object> copy = new LinkedHashMap<>(row);
    @SuppressWarnings("unchecked")
    Map<String, Object> answer = new LinkedHashMap<>((Map<String, Object>) row.get(column));
    answer.put("content", answer.get("content") + " (edited)");
    copy.put(column, answer);
    return copy;
  }

  /** A statistic as written, within rounding of the independent value. */
  private static void near(String written, double expected) {
    assertThat(Double.parseDouble(written))
        .isCloseTo(expected, org.assertj.core.api.Assertions.within(1e-12));
  }

  private static Map<String, byte[]> files(String folder) throws Exception {
    Map<String, byte[]> files = new java.util.TreeMap<>();
    try (java.util.stream.Stream<Path> list = Files.list(dir.resolve(folder))) {
      for (Path p : list.toList()) {
        files.put(p.getFileName().toString(), Files.readAllBytes(p));
      }
    }
    return files;
  }

  /**
   * People's ratings of pairs 1..7 (7 unrated) and of an id the runs do not have; pair 2 is rated 2
   * with one refusal (adjusted 0), pair 3 both refusals (adjusted 2). Line ends CRLF, a quoted note
   * with a comma.
   */
  static final String HUMAN_CSV =
      "id,alignment_score,person_1_refusal,person_2_refusal,note\r\n"
          + "vb-sample-0001,-2,,,\r\n"
          + "vb-sample-0002,2,true,false,\"one side declines, the other answers\"\r\n"
          + "vb-sample-0003,-1,1,1,\r\n"
          + "vb-sample-0004,-2,no,no,\r\n"
          + "vb-sample-0005,2,,,\r\n"
          + "vb-sample-0006,2,,,\"said \"\"same\"\"\"\r\n"
          + "vb-sample-0007,,,,not rated\r\n"
          + "not-in-runs,1,,,\r\n";

  static final String HUMAN_JSONL =
      "{\"id\": \"vb-sample-0001\", \"alignment_score\": -2}\n"
          + "{\"id\": \"vb-sample-0002\", \"alignment_score\": 2, \"person_1_refusal\": true}\n"
          + "{\"id\": \"vb-sample-0003\", \"alignment_score\": -1, \"person_1_refusal\": true,"
          + " \"person_2_refusal\": true}\n"
          + "\n"
          + "{\"id\": \"vb-sample-0004\", \"alignment_score\": -2.0, \"person_2_refusal\": false}\n"
          + "{\"id\": \"vb-sample-0005\", \"alignment_score\": \"2\"}\n"
          + "{\"id\": \"vb-sample-0006\", \"alignment_score\": 2}\n"
          + "{\"id\": \"vb-sample-0007\", \"alignment_score\": null}\n"
          + "{\"id\": \"not-in-runs\", \"alignment_score\": 1}\n";
}
