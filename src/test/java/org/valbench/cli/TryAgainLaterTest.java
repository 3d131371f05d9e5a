package org.valbench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.valbench.common.Hashing;
import org.valbench.dataset.ParquetFormat;
import org.valbench.pipeline.OutputLock;
import org.valbench.testing.CliRun;
import org.valbench.testing.FakeHttpServer;
import org.valbench.testing.FakeHttpServer.Reply;
import org.valbench.testing.Tables;

/**
 * Whole commands: a failure that may pass on its own later (a Hub or server that is down or
 * overloaded, another live run writing the same output) exits 5, "try again later"; a refused token
 * exits 4; a mistake in what the user gave still exits 2. A cron wrapper can retry 5 and alert on
 * 2.
 */
class TryAgainLaterTest {
  private static final String REPO = "val-bench/VAL-Bench";
  private static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";
  private static final String SHARD = "data/test-00000-of-00001.parquet";

  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(ints = {500, 502, 503, 504, 429})
  void hubAnsweringAServerErrorWithNothingCachedExitsFive(int status) throws Exception {
    try (FakeHttpServer hub = new FakeHttpServer()) {
      hub.handle(request -> Reply.json(status, "{\"error\": \"try later\"}"));

      CliRun run = responsesFromHub(hub.url());

      assertThat(run.exitCode()).as(run.err()).isEqualTo(5);
      assertThat(run.err())
          .contains(
              "the Hugging Face Hub could not be reached at "
                  + hub.url()
                  + " (HTTP "
                  + status
                  + ")")
          .contains("holds no complete copy of " + REPO + " split 'test'");
    }
  }

  @Test
  void hubThatCannotBeReachedExitsFive() throws Exception {
    String closed;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = "http://127.0.0.1:" + socket.getLocalPort();
    }

    CliRun run = responsesFromHub(closed);

    assertThat(run.exitCode()).as(run.err()).isEqualTo(5);
    assertThat(run.err()).contains("the Hugging Face Hub could not be reached at " + closed);
  }

  @ParameterizedTest
  @ValueSource(ints = {500, 503})
  void hubFailingTheFileDownloadExitsFiveAndSaysToRerun(int status) throws Exception {
    byte[] shard = shard();
    try (FakeHttpServer hub = new FakeHttpServer()) {
      hub.handle(
          request ->
              request.path().startsWith("/api/")
                  ? Reply.json(200, listing(shard))
                  : Reply.json(status, "{\"error\": \"unavailable\"}"));

      CliRun run = responsesFromHub(hub.url());

      assertThat(run.exitCode()).as(run.err()).isEqualTo(5);
      assertThat(run.err())
          .contains(
              "valbench: Hugging Face Hub dataset "
                  + REPO
                  + ": downloading "
                  + SHARD
                  + " from "
                  + hub.url()
                  + " failed (HTTP "
                  + status
                  + "); rerun to try again");
    }
  }

  @Test
  void hubFileArrivingShortExitsFiveAndTheRerunSucceeds() throws Exception {
    byte[] shard = shard();
    try (FakeHttpServer hub = new FakeHttpServer()) {
      java.util.concurrent.atomic.AtomicBoolean broken =
          new java.util.concurrent.atomic.AtomicBoolean(true);
      hub.handle(
          request ->
              request.path().startsWith("/api/")
                  ? Reply.json(200, listing(shard))
                  : Reply.bytes(
                      broken.getAndSet(false)
                          ? java.util.Arrays.copyOf(shard, shard.length / 2)
                          : shard));

      CliRun first = responsesFromHub(hub.url());
      CliRun second = responsesFromHub(hub.url());

      assertThat(first.exitCode()).as(first.err()).isEqualTo(5);
      assertThat(first.err()).contains("rerun to download it again");
      assertThat(second.exitCode()).as(second.err()).isZero();
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {401, 403})
  void hubRefusingTheTokenExitsFour(int status) throws Exception {
    try (FakeHttpServer hub = new FakeHttpServer()) {
      hub.handle(request -> Reply.json(status, "{\"error\": \"Unauthorized\"}"));

      CliRun run = responsesFromHub(hub.url());

      assertThat(run.exitCode()).as(run.err()).isEqualTo(4);
      assertThat(run.err()).contains("HTTP " + status, "HF_TOKEN");
    }
  }

  @Test
  void unknownHubDatasetStillExitsTwo() throws Exception {
    try (FakeHttpServer hub = new FakeHttpServer()) {
      hub.handle(
          request ->
              Reply.json(404, "{\"error\": \"Repository not found\"}")
                  .withHeader("X-Error-Code", "RepoNotFound"));

      CliRun run = responsesFromHub(hub.url());

      assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
      assertThat(run.err()).contains(REPO + " not found at " + hub.url());
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {500, 503})
  void hubFailingThePushExitsFiveAfterTheLocalCopyIsWritten(int status) throws Exception {
    try (FakeHttpServer hub = new FakeHttpServer()) {
      hub.handle(request -> Reply.json(status, "{\"error\": \"unavailable\"}"));
      Map<String, String> env = hubEnv(hub.url());

      CliRun run =
          CliRun.in(
              dir,
              env,
              "responses",
              "--provider",
              "mock",
              "--model-id",
              "mock-consistent",
              "--dataset-id",
              "sample",
              "--limit",
              "3",
              "--output-dataset-path",
              "owner/vb");

      assertThat(run.exitCode()).as(run.err()).isEqualTo(5);
      assertThat(run.err()).contains("creating the repository failed (HTTP " + status);
      assertThat(dir.resolve("local_results/hub/owner/vb-mock-consistent")).isDirectory();
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {500, 503})
  void s3AnsweringAServerErrorExitsFive(int status) throws Exception {
    try (FakeHttpServer s3 = new FakeHttpServer()) {
      s3.handle(
          request ->
              new Reply(
                  status,
                  Map.of("content-type", "application/xml"),
                  "<Error><Code>ServiceUnavailable</Code><Message>down</Message></Error>",
                  0));
      Map<String, String> env =
          Map.of(
              "AWS_ENDPOINT_URL_S3", s3.url(),
              "AWS_ACCESS_KEY_ID", "TEST-KEY-ID-3",
              "AWS_SECRET_ACCESS_KEY", "test-secret-not-real",
              "AWS_REGION", "us-east-1");

      CliRun run =
          CliRun.in(
              dir,
              env,
              "responses",
              "--provider",
              "mock",
              "--model-id",
              "mock-consistent",
              "--dataset-id",
              "s3://data/in/pairs.jsonl",
              "--output-dataset-path",
              "local_results/vb");

      assertThat(run.exitCode()).as(run.err()).isEqualTo(5);
      assertThat(run.err())
          .contains("valbench: s3://data/in/pairs.jsonl: S3 answered HTTP " + status);
    }
  }

  @Test
  void outputLockedByAnotherLiveProcessExitsFiveAndTheRerunSucceeds() throws Exception {
    CliRun first = CliRun.mockResponses(dir, "sample", "--limit", "3");
    assertThat(first.exitCode()).as(first.err()).isZero();
    Path lockFile = outputLockFile();

    Process holder = holdLockInAnotherProcess(lockFile);
    CliRun blocked;
    try {
      blocked = CliRun.mockResponses(dir, "sample", "--limit", "3");
    } finally {
      holder.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    CliRun after = CliRun.mockResponses(dir, "sample", "--limit", "3");

    assertThat(blocked.exitCode()).as(blocked.err()).isEqualTo(5);
    assertThat(blocked.err())
        .contains("another valbench run (process " + holder.pid() + ") is already writing")
        .contains(lockFile.toString());
    assertThat(after.exitCode()).as(after.err()).isZero();
  }

  @Test
  void outputLockedInThisProcessExitsFive() throws Exception {
    CliRun first = CliRun.mockResponses(dir, "sample", "--limit", "3");
    Path lockFile = outputLockFile();

    CliRun blocked;
    try (OutputLock held = OutputLock.acquire(lockFile, "local_results/vb-mock-consistent")) {
      blocked = CliRun.mockResponses(dir, "sample", "--limit", "3");
    }

    assertThat(first.exitCode()).isZero();
    assertThat(blocked.exitCode()).as(blocked.err()).isEqualTo(5);
    assertThat(blocked.err()).contains("already writing local_results/vb-mock-consistent");
  }

  @Test
  void helpFooterListsEveryExitCode() {
    String help = CliRun.in(dir, "--help").out().replaceAll("\\s+", " ");

    assertThat(help)
        .contains("Exit codes: 0 success; 1 anything unexpected")
        .contains("2 bad usage or input")
        .contains("3 finished but some requests failed")
        .contains("4 a provider, the Hub or S3 refused the credentials")
        .contains("5 unavailable, try again later");
  }

  @Test
  void garbageParquetFileStillExitsTwoNamingIt() throws Exception {
    Files.writeString(dir.resolve("pairs.parquet"), "not parquet");

    CliRun run = CliRun.mockResponses(dir, "pairs.parquet");

    assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
    assertThat(run.err()).contains("pairs.parquet");
  }

  @Test
  void missingDatasetFileStillExitsTwoNamingIt() {
    CliRun run = CliRun.mockResponses(dir, "missing.jsonl");

    assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
    assertThat(run.err())
        .contains(
            "valbench: missing.jsonl: no such file or folder (" + dir.resolve("missing.jsonl"));
  }

  @Test
  void jsonlFileWithABrokenLineStillExitsTwoNamingIt() throws Exception {
    Files.writeString(dir.resolve("pairs.jsonl"), "{\"id\": \"a\"\n");

    CliRun run = CliRun.mockResponses(dir, "pairs.jsonl");

    assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
    assertThat(run.err()).contains("pairs.jsonl");
  }

  /** The lock file of {@code local_results/vb-mock-consistent}, left by a finished run. */
  private Path outputLockFile() throws IOException {
    try (Stream<Path> locks = Files.list(dir.resolve("local_data/locks"))) {
      return locks
          .filter(f -> f.getFileName().toString().startsWith("vb-mock-consistent-"))
          .findFirst()
          .orElseThrow();
    }
  }

  private CliRun responsesFromHub(String endpoint) {
    return CliRun.in(
        dir,
        hubEnv(endpoint),
        "responses",
        "--provider",
        "mock",
        "--model-id",
        "mock-consistent",
        "--dataset-id",
        REPO,
        "--output-dataset-path",
        "local_results/vb");
  }

  private Map<String, String> hubEnv(String endpoint) {
    Map<String, String> env = new HashMap<>();
    env.put("HF_ENDPOINT", endpoint);
    env.put("HF_TOKEN", "hf_test-TOKEN-not-real-0002");
    env.put("VALBENCH_HUB_CACHE", dir.resolve("hub-cache").toString());
    return env;
  }

  private byte[] shard() throws IOException {
    Path parquet = dir.resolve("shard.parquet");
    ParquetFormat.write(Tables.pairs(4), parquet);
    return Files.readAllBytes(parquet);
  }

  private static String listing(byte[] shard) {
    return "{\"id\": \""
        + REPO
        + "\", \"sha\": \""
        + COMMIT
        + "\", \"siblings\": [{\"rfilename\": \""
        + SHARD
        + "\", \"size\": "
        + shard.length
        + ", \"lfs\": {\"sha256\": \""
        + Hashing.sha256Hex(shard)
        + "\", \"size\": "
        + shard.length
        + "}}]}";
  }

  /** Another JVM takes the lock with valbench's own code; returns once it holds it. */
  private static Process holdLockInAnotherProcess(Path lockFile) throws IOException {
    Process holder =
        new ProcessBuilder(
                ProcessHandle.current().info().command().orElse("java"),
                "-cp",
                System.getProperty("java.class.path"),
                LockHolder.class.getName(),
                lockFile.toString())
            .redirectErrorStream(true)
            .start();
    String line =
        new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8))
            .readLine();
    assertThat(line).isEqualTo("locked");
    return holder;
  }

  /** Run in a child JVM: takes the lock and holds it until killed. */
  static final class LockHolder {
    private LockHolder() {}

    public static void main(String[] args) throws Exception {
      try (OutputLock lock = OutputLock.acquire(Path.of(args[0]), "local_results/vb")) {
        System.out.println("locked");
        System.out.flush();
        Thread.sleep(120_000);
      }
    }
  }
}
