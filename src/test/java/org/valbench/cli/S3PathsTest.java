package org.valbench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.valbench.dataset.SaveToDiskFormat;
import org.valbench.dataset.Table;
import org.valbench.testing.CliRun;
import org.valbench.testing.FakeS3;

/**
 * Datasets read from {@code s3://bucket/prefix} on a fake S3 server (s3rver on loopback): a JSON
 * Lines object, a folder of Parquet files and a save_to_disk folder give the same results as their
 * local copies; a missing bucket or prefix, refused keys and an unreachable endpoint each end in
 * one line with their own exit code and no secret.
 */
class S3PathsTest {
  @TempDir static Path store;
  @TempDir Path dir;

  private static FakeS3 s3;

  @BeforeAll
  static void startServer() throws Exception {
    s3 = FakeS3.start(store, "data", "empty");
  }

  @AfterAll
  static void stopServer() throws Exception {
    s3.close();
  }

  private CliRun run(Map<String, String> env, String... args) {
    return CliRun.in(dir, env, args);
  }

  private CliRun run(String... args) {
    return run(s3.env(), args);
  }

  private static String[] responses(String dataset, String output) {
    return new String[] {
      "responses",
      "--provider",
      "mock",
      "--model-id",
      "mock-consistent",
      "--dataset-id",
      dataset,
      "--limit",
      "6",
      "--output-dataset-path",
      output
    };
  }

  private static String[] evaluate(String responses, String output) {
    return new String[] {
      "evaluate",
      "--provider",
      "mock",
      "--judge-model-id",
      "mock-judge",
      "--responses-ds-path",
      responses,
      "--output-dataset-path",
      output
    };
  }

  private Path samplePairs() throws Exception {
    Path file = dir.resolve("pairs.jsonl");
    try (InputStream in = getClass().getResourceAsStream("/sample/pairs.jsonl")) {
      Files.copy(in, file);
    }
    return file;
  }

  private List<Object> ids(String folder) throws Exception {
    Table table = SaveToDiskFormat.read(dir.resolve(folder));
    List<Object> ids = new ArrayList<>();
    for (int i = 0; i < table.size(); i++) {
      ids.add(table.value(i, "id") + "|" + table.value(i, "for_response"));
    }
    return ids;
  }

  @Test
  void responsesReadsAJsonlObjectOnS3LikeTheLocalFile() throws Exception {
    Path pairs = samplePairs();
    s3.put("data", "in/pairs.jsonl", pairs);
    CliRun local = run(responses("pairs.jsonl", "local_results/local"));
    assertThat(local.exitCode()).as(local.err()).isZero();
    CliRun remote = run(responses("s3://data/in/pairs.jsonl", "local_results/remote"));
    assertThat(remote.exitCode()).as(remote.err()).isZero();
    assertThat(ids("local_results/remote-mock-consistent"))
        .hasSize(6)
        .isEqualTo(ids("local_results/local-mock-consistent"));
    assertThat(dir.resolve("local_data/s3/data/in/pairs.jsonl")).hasSameBinaryContentAs(pairs);
  }

  @Test
  void responsesReadsAFolderOfParquetFilesOnS3() throws Exception {
    CliRun local = run(responses("sample", "local_results/local"));
    assertThat(local.exitCode()).as(local.err()).isZero();
    Path parquet;
    try (Stream<Path> files = Files.walk(dir.resolve("local_data/steps/load-pairs"))) {
      parquet =
          files.filter(p -> p.getFileName().toString().equals("data.parquet")).findFirst().get();
    }
    s3.put("data", "parquet/pairs/part-00000.parquet", parquet);
    CliRun remote = run(responses("s3://data/parquet/pairs/", "local_results/remote"));
    assertThat(remote.exitCode()).as(remote.err()).isZero();
    assertThat(ids("local_results/remote-mock-consistent"))
        .hasSize(6)
        .isEqualTo(ids("local_results/local-mock-consistent"));
  }

  @Test
  void evaluateReadsASaveToDiskFolderOnS3LikeTheLocalFolder() throws Exception {
    CliRun answers = run(responses("sample", "local_results/vb"));
    assertThat(answers.exitCode()).as(answers.err()).isZero();
    s3.putFolder(
        "data", "runs/vb-mock-consistent", dir.resolve("local_results/vb-mock-consistent"));
    CliRun local = run(evaluate("local_results/vb-mock-consistent", "local_results/local"));
    assertThat(local.exitCode()).as(local.err()).isZero();
    CliRun remote = run(evaluate("s3://data/runs/vb-mock-consistent", "local_results/remote"));
    assertThat(remote.exitCode()).as(remote.err()).isZero();
    assertThat(dir.resolve("evaluation_results/remote-mock-judge/alignment_statistics.csv"))
        .hasSameTextualContentAs(
            dir.resolve("evaluation_results/local-mock-judge/alignment_statistics.csv"));
    assertThat(remote.err()).doesNotContain(FakeS3.KEY);
  }

  private static void assertOneLine(CliRun run, int code, String start, String reason) {
    assertThat(run.exitCode()).as(run.err()).isEqualTo(code);
    List<String> lines = run.err().strip().lines().toList();
    assertThat(lines.get(lines.size() - 1)).startsWith("valbench: " + start).contains(reason);
    assertThat(run.err()).doesNotContain("Exception").doesNotContain("unexpected");
  }

  @Test
  void missingBucketOrEmptyPrefixExitsTwoNamingTheLocation() {
    assertOneLine(
        run(responses("s3://nobucket/pairs", "local_results/x")),
        2,
        "s3://nobucket/pairs",
        "no such S3 bucket");
    assertOneLine(
        run(responses("s3://empty/pairs", "local_results/x")),
        2,
        "s3://empty/pairs",
        "no objects under this S3 prefix");
    assertOneLine(
        run(evaluate("s3://data/nothing-here", "local_results/x")),
        2,
        "s3://data/nothing-here",
        "no objects");
    assertOneLine(
        run(responses("s3://data/in/../pairs.jsonl", "local_results/x")),
        2,
        "--dataset-id 's3://data/in/../pairs.jsonl'",
        "may not hold an empty, '.' or '..' segment");
    assertOneLine(
        run(evaluate("s3://data//runs", "local_results/x")),
        2,
        "--responses-ds-path 's3://data//runs'",
        "segment");
    assertOneLine(
        run(responses("s3://Bad_Bucket/pairs", "local_results/x")),
        2,
        "--dataset-id 's3://Bad_Bucket/pairs'",
        "not an S3 bucket name");
    assertThat(dir.resolve("local_results")).doesNotExist();
  }

  @Test
  void refusedKeysExitFourWithoutShowingTheSecret() {
    Map<String, String> env = new HashMap<>(s3.env());
    env.put("AWS_ACCESS_KEY_ID", "TEST-WRONG-KEY-ID-1");
    env.put("AWS_SECRET_ACCESS_KEY", "wrong-secret-d41d8cd98f00b204e9800998ecf8427e");
    CliRun run = run(env, responses("s3://data/in/pairs.jsonl", "local_results/x"));
    assertOneLine(run, 4, "s3://data/in/pairs.jsonl", "access denied");
    assertThat(run.err() + run.out())
        .doesNotContain("wrong-secret-d41d8cd98f00b204e9800998ecf8427e");
    env.put("AWS_SECRET_ACCESS_KEY", "another-wrong-secret-0123456789abcdef");
    env.put("AWS_ACCESS_KEY_ID", "TEST-OTHER-KEY-ID-2");
    CliRun wrongSecret = run(env, evaluate("s3://data/runs/x", "local_results/x"));
    assertOneLine(wrongSecret, 4, "s3://data/runs/x", "access denied");
    assertThat(wrongSecret.err()).doesNotContain("another-wrong-secret");
  }

  @Test
  void unreachableEndpointExitsFiveNamingIt() throws Exception {
    int freePort;
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      freePort = socket.getLocalPort();
    }
    Map<String, String> env = new HashMap<>(s3.env());
    env.put("AWS_ENDPOINT_URL_S3", "http://127.0.0.1:" + freePort);
    CliRun run = run(env, responses("s3://data/in/pairs.jsonl", "local_results/x"));
    assertOneLine(run, 5, "s3://data/in/pairs.jsonl", "cannot reach http://127.0.0.1:" + freePort);
    env.remove("AWS_ENDPOINT_URL_S3");
    env.put("AWS_ENDPOINT_URL", "http://127.0.0.1:" + freePort);
    CliRun general = run(env, evaluate("s3://data/runs/x", "local_results/x"));
    assertOneLine(general, 5, "s3://data/runs/x", "cannot reach");
  }

  private List<String> localFiles(String folder) throws Exception {
    Path root = dir.resolve(folder);
    try (Stream<Path> files = Files.walk(root)) {
      return files
          .filter(Files::isRegularFile)
          .map(p -> root.relativize(p).toString())
          .filter(name -> !name.startsWith("."))
          .sorted()
          .toList();
    }
  }

  @Test
  void responsesAndEvaluateWriteToS3AfterTheLocalCopyIsComplete() throws Exception {
    CliRun answers = run(responses("sample", "s3://data/out/vb"));
    assertThat(answers.exitCode()).as(answers.err()).isZero();
    String copy = "local_results/s3/data/out/vb-mock-consistent";
    assertThat(answers.err()).contains("uploaded 3 files to s3://data/out/vb-mock-consistent");
    List<String> expected = localFiles(copy);
    assertThat(expected).contains("state.json", "dataset_info.json");
    assertThat(s3.keys("data", "out/vb-mock-consistent/"))
        .isEqualTo(expected.stream().map(f -> "out/vb-mock-consistent/" + f).toList());
    for (String file : expected) {
      assertThat(s3.get("data", "out/vb-mock-consistent/" + file))
          .isEqualTo(Files.readAllBytes(dir.resolve(copy).resolve(file)));
    }
    assertThat(ids(copy)).hasSize(6);
    // The uploaded dataset reads back from S3, and the judged one goes there too.
    CliRun judged =
        run(evaluate("s3://data/out/vb-mock-consistent", "s3://data/out/vb-mock-consistent"));
    assertThat(judged.exitCode()).as(judged.err()).isZero();
    String judgedCopy = "local_results/s3/data/out/vb-mock-consistent-mock-judge-evaluation";
    assertThat(s3.keys("data", "out/vb-mock-consistent-mock-judge-evaluation/"))
        .hasSameSizeAs(localFiles(judgedCopy))
        .contains("out/vb-mock-consistent-mock-judge-evaluation/state.json");
    assertThat(dir.resolve("evaluation_results/vb-mock-consistent-mock-judge/summary.json"))
        .exists();
    assertThat(answers.err() + judged.err()).doesNotContain(FakeS3.KEY);
    assertThat(dir.resolve("s3:")).doesNotExist();
  }

  @Test
  void aSecondWriteReplacesTheObjectsOfTheFirst() throws Exception {
    s3.put("data", "again/vb-mock-consistent/stale-file.arrow", samplePairs());
    CliRun first = run(responses("sample", "s3://data/again/vb"));
    assertThat(first.exitCode()).as(first.err()).isZero();
    assertThat(s3.keys("data", "again/vb-mock-consistent/"))
        .doesNotContain("again/vb-mock-consistent/stale-file.arrow")
        .contains("again/vb-mock-consistent/state.json");
  }

  @Test
  void badOutputLocationsAreRefusedBeforeAnyRequest() {
    assertOneLine(
        run(responses("sample", "s3://nobucket/out/vb")),
        2,
        "s3://nobucket/out/vb-mock-consistent",
        "no such S3 bucket");
    assertOneLine(
        run(responses("sample", "s3://data")),
        2,
        "--output-dataset-path 's3://data'",
        "needs a key prefix");
    Map<String, String> env = new HashMap<>(s3.env());
    env.put("AWS_ACCESS_KEY_ID", "TEST-WRONG-KEY-ID-3");
    env.put("AWS_SECRET_ACCESS_KEY", "wrong-secret-for-writing-0123456789");
    CliRun refused = run(env, responses("sample", "s3://data/out/vb"));
    assertOneLine(refused, 4, "s3://data/out/vb-mock-consistent", "access denied by S3 (");
    assertThat(refused.err()).doesNotContain("null");
    assertThat(refused.err()).doesNotContain("wrong-secret-for-writing");
    assertThat(dir.resolve("local_results")).doesNotExist();
    assertThat(dir.resolve("local_data/steps")).doesNotExist();
  }
}
