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
import org.valbench.common.Hashing;
import org.valbench.dataset.ColumnType;
import org.valbench.dataset.Field;
import org.valbench.dataset.ParquetFormat;
import org.valbench.dataset.Schema;
import org.valbench.dataset.Table;
import org.valbench.testing.CliRun;
import org.valbench.testing.FakeHttpServer;
import org.valbench.testing.Tables;

/**
 * {@code calibrate} reads the four default calibration sets from a (fake) Hub: the {@code test}
 * split when there is one, else the only split there is, answers as structs or as plain text.
 */
class CalibrationHubTest {
  @TempDir Path dir;

  private static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";

  /** One file of a fake Hub repository. */
  private record Shard(String path, byte[] bytes) {}

  private final Map<String, List<Shard>> repos = new LinkedHashMap<>();

  /** A calibration set: issue, both questions and both answers, no id column. */
  private Table set(String forAnswer, String againstAnswer, int n, boolean structs) {
    ColumnType answer = structs ? Tables.MESSAGE : ColumnType.STRING;
    Schema schema =
        Schema.of(
            Field.of("issue_description", ColumnType.STRING),
            Field.of("for_question", ColumnType.STRING),
            Field.of("against_question", ColumnType.STRING),
            Field.of("for_response", answer),
            Field.of("against_response", answer));
    List<Map<String, Object>> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("issue_description", "Issue " + i + " of " + forAnswer);
      row.put("for_question", "Why is " + i + " right?");
      row.put("against_question", "Why is " + i + " wrong?");
      row.put("for_response", structs ? Tables.message(forAnswer, "assistant") : forAnswer);
      row.put(
          "against_response", structs ? Tables.message(againstAnswer, "assistant") : againstAnswer);
      rows.add(row);
    }
    return new Table(schema, rows);
  }

  private void publish(String repo, String path, Table table) throws Exception {
    Path file = dir.resolve("shard-" + repos.size() + "-" + path.replace('/', '_'));
    ParquetFormat.write(table, file);
    repos
        .computeIfAbsent(repo, r -> new ArrayList<>())
        .add(new Shard(path, Files.readAllBytes(file)));
  }

  private String listing(String repo) {
    StringBuilder siblings = new StringBuilder();
    for (Shard shard : repos.get(repo)) {
      if (siblings.length() > 0) {
        siblings.append(", ");
      }
      siblings
          .append("{\"rfilename\": \"")
          .append(shard.path())
          .append("\", \"size\": ")
          .append(shard.bytes().length)
          .append(", \"lfs\": {\"sha256\": \"")
          .append(Hashing.sha256Hex(shard.bytes()))
          .append("\", \"size\": ")
          .append(shard.bytes().length)
          .append("}}");
    }
    return "{\"id\": \""
        + repo
        + "\", \"sha\": \""
        + COMMIT
        + "\", \"siblings\": ["
        + siblings
        + "]}";
  }

  private FakeHttpServer hub() throws java.io.IOException {
    return new FakeHttpServer()
        .handle(
            request -> {
              for (String repo : repos.keySet()) {
                if (request.path().startsWith("/api/datasets/" + repo + "/revision/main")) {
                  return FakeHttpServer.Reply.json(200, listing(repo));
                }
                for (Shard shard : repos.get(repo)) {
                  String file = "/datasets/" + repo + "/resolve/" + COMMIT + "/" + shard.path();
                  if (request.path().equals(file)) {
                    return FakeHttpServer.Reply.bytes(shard.bytes());
                  }
                }
              }
              return FakeHttpServer.Reply.json(404, "{\"error\": \"Repository not found\"}");
            });
  }

  private static final String STEADY = "[mock:position=steady] The middle course.";
  private static final String REFUSE = "[mock:refuse] I will not take a side.";

  private void publishDefaults() throws Exception {
    // Only a train split: read it.
    publish(
        "val-bench/calibration-unaligned-0",
        "data/train-00000-of-00001.parquet",
        set("[mock:position=for] Yes.", "[mock:position=against] No.", 5, false));
    // test and train: test is read (its train split would give PAC 0).
    publish(
        "val-bench/calibration-aligned-100",
        "data/test-00000-of-00001.parquet",
        set(STEADY, STEADY, 4, true));
    publish(
        "val-bench/calibration-aligned-100",
        "data/train-00000-of-00001.parquet",
        set("[mock:position=for] Yes.", "[mock:position=against] No.", 3, true));
    // Only a test split, in the Parquet conversion's layout.
    publish(
        "val-bench/calibration-refusal-100",
        "default/test/0000.parquet",
        set(REFUSE, REFUSE, 3, true));
    // Only a split with another name, in two shards.
    publish(
        "val-bench/calibration-one-refusal-50",
        "data/validation-00000-of-00002.parquet",
        set("[mock:position=for] Yes.", REFUSE, 2, false));
    publish(
        "val-bench/calibration-one-refusal-50",
        "data/validation-00001-of-00002.parquet",
        set("[mock:position=for] Sure.", REFUSE, 3, false));
  }

  private CliRun calibrate(FakeHttpServer hub, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of("calibrate", "--provider", "mock", "--judge-model-id", "mock-judge"));
    args.addAll(List.of(more));
    return CliRun.in(
        dir,
        Map.of("HF_ENDPOINT", hub.url(), "VALBENCH_HUB_CACHE", dir.resolve("hub-cache").toString()),
        args.toArray(String[]::new));
  }

  @Test
  void theFourDefaultSetsAreReadFromTheHubPreferringTestElseTheOnlySplit() throws Exception {
    publishDefaults();
    try (FakeHttpServer hub = hub()) {
      CliRun first = calibrate(hub);
      long downloads = hub.requests().stream().filter(r -> r.path().contains("/resolve/")).count();
      CliRun second = calibrate(hub);

      assertThat(first.exitCode()).as(first.err()).isZero();
      List<String> csv =
          Files.readAllLines(
              dir.resolve("evaluation_results/calibration-mock-judge/calibration.csv"));
      assertThat(csv.subList(1, csv.size()))
          .extracting(l -> String.join(",", List.of(l.split(",")).subList(0, 8)))
          .containsExactly(
              "calibration-unaligned-0,val-bench/calibration-unaligned-0,0,0,0,0,0,5",
              "calibration-aligned-100,val-bench/calibration-aligned-100,100,100,100,100,0,4",
              "calibration-refusal-100,val-bench/calibration-refusal-100,100,100,100,100,0,3",
              "calibration-one-refusal-50,val-bench/calibration-one-refusal-50,50,50,50,50,0,5");
      assertThat(first.err())
          .contains(
              "val-bench/calibration-unaligned-0 has no split 'test'; reading its only split"
                  + " 'train'")
          .contains("reading its only split 'validation'")
          .doesNotContain("calibration-aligned-100 has no split");
      assertThat(downloads).isEqualTo(5);
      assertThat(second.exitCode()).as(second.err()).isZero();
      assertThat(second.err()).contains("step judge: cached").doesNotContain("step judge: ran");
      assertThat(hub.requests().stream().filter(r -> r.path().contains("/resolve/")).count())
          .isEqualTo(downloads);
      assertThat(second.out()).isEqualTo(first.out());
    }
  }

  @Test
  void aSetWithSeveralSplitsButNoTestIsBadInputNamingTheSplits() throws Exception {
    publishDefaults();
    publish("owner/two-splits", "data/train-0.parquet", set(STEADY, STEADY, 2, false));
    publish("owner/two-splits", "data/dev-0.parquet", set(STEADY, STEADY, 2, false));
    try (FakeHttpServer hub = hub()) {
      CliRun run = calibrate(hub, "--set", "two-100=owner/two-splits");

      assertThat(run.exitCode()).isEqualTo(2);
      assertThat(run.err())
          .contains("owner/two-splits")
          .contains("has no split 'test' (splits found: dev, train)");
    }
  }

  @Test
  void aHubSetWithoutAnAnswerColumnNamesItAndWhatWasFound() throws Exception {
    publishDefaults();
    Schema schema =
        Schema.of(
            Field.of("issue_description", ColumnType.STRING),
            Field.of("for_question", ColumnType.STRING),
            Field.of("against_question", ColumnType.STRING),
            Field.of("response_a", ColumnType.STRING),
            Field.of("response_b", ColumnType.STRING));
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("issue_description", "i");
    row.put("for_question", "q1");
    row.put("against_question", "q2");
    row.put("response_a", "a");
    row.put("response_b", "b");
    publish("owner/odd-columns", "data/test-0.parquet", new Table(schema, List.of(row)));
    try (FakeHttpServer hub = hub()) {
      CliRun run = calibrate(hub, "--set", "odd-100=owner/odd-columns");

      assertThat(run.exitCode()).isEqualTo(2);
      assertThat(run.err()).contains("for_response").contains("response_a");
    }
  }
}
