package org.valbench.flows;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.valbench.testing.CliRun;
import org.valbench.testing.FakeHttpServer;
import org.valbench.testing.FakeOpenAiBatches;
import org.valbench.testing.ScriptedPairs;

/**
 * {@code --batch} against a fake OpenAI Batch API on loopback: answers matched by id from shuffled
 * files and cached under the live key (both directions), 4xx lines failed and never cached,
 * expired, quota-refused and 5xx requests resubmitted, {@code --no-wait} (exit 7) then a rerun that
 * resumes instead of paying twice, a crash between create and the journal write recovered through
 * the batch list, and a server without batch endpoints refused in one line.
 */
class BatchModeTest {
  @TempDir Path dir;

  private final FakeOpenAiBatches fake = new FakeOpenAiBatches();
  private FakeHttpServer server;

  @BeforeEach
  void start() throws Exception {
    server = new FakeHttpServer().handle(fake::handle);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private void pairs(String... cases) throws Exception {
    Files.writeString(dir.resolve("pairs.jsonl"), ScriptedPairs.jsonl(cases));
  }

  private static String[] consistent(int n) {
    String[] cases = new String[n];
    Arrays.fill(cases, "consistent");
    return cases;
  }

  private CliRun responses(String output, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "responses",
                "--model-id",
                "org/test-model",
                "--inference-url",
                server.url() + "/v1",
                "--dataset-id",
                "pairs.jsonl",
                "--output-dataset-path",
                output));
    args.addAll(List.of(more));
    return CliRun.in(
        dir,
        Map.of("VALBENCH_INFERENCE_API_KEY", "sk-test-0123456789"),
        args.toArray(String[]::new));
  }

  private CliRun batch(String output, String... more) {
    List<String> args = new ArrayList<>(List.of("--batch", "--batch-poll", "1"));
    if (!List.of(more).contains("--batch-chunk")) {
      args.addAll(List.of("--batch-chunk", "3"));
    }
    args.addAll(List.of(more));
    return responses(output, args.toArray(String[]::new));
  }

  @Test
  void batchAnswersEveryRequestOnceAndALaterLiveRunFindsThemInTheCache() throws Exception {
    pairs(consistent(5));
    CliRun run = batch("local_results/b");
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("5 pairs").doesNotContain("failed");
    assertThat(fake.liveRequests.get()).isZero();
    assertThat(fake.billed.get()).isEqualTo(10);
    assertThat(fake.billedTwice()).isEmpty();
    // Two sides, 5 requests each, in chunks of at most 3.
    assertThat(fake.batchesCreated.get()).isEqualTo(4);
    assertThat(run.err())
        .contains("submitted (3 requests)")
        .contains("batches: ")
        .contains("completed");

    CliRun live = responses("local_results/l");
    assertThat(live.exitCode()).as(live.err()).isZero();
    assertThat(fake.liveRequests.get()).isZero();
    assertThat(
            Files.readString(
                dir.resolve("local_results/l-org-test-model/data-00000-of-00001.arrow")
                    .getParent()
                    .resolve("dataset_info.json")))
        .isNotEmpty();
  }

  @Test
  void liveAnswersAreCacheHitsForALaterBatchRun() throws Exception {
    pairs(consistent(4));
    CliRun live = responses("local_results/l");
    assertThat(live.exitCode()).as(live.err()).isZero();
    assertThat(fake.liveRequests.get()).isEqualTo(8);

    CliRun run = batch("local_results/b");
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(fake.batchesCreated.get()).isZero();
    assertThat(fake.billed.get()).isZero();
  }

  @Test
  void duplicateRequestsAreSubmittedOnce() throws Exception {
    // The same questions twice: the second pair's requests have the first's cache keys.
    Files.writeString(
        dir.resolve("pairs.jsonl"),
        ScriptedPairs.jsonl("consistent")
            + ScriptedPairs.jsonl("consistent").replace("\"p1\"", "\"p2\""));
    CliRun run = batch("local_results/b");
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("2 pairs");
    assertThat(fake.submittedLines.get()).isEqualTo(2);
  }

  @Test
  void aFourHundredLineIsAFailedRequestNeverCachedAndARerunSendsOnlyIt() throws Exception {
    pairs("consistent", "permanent", "consistent");
    CliRun run = batch("local_results/b");
    assertThat(run.exitCode()).as(run.err()).isEqualTo(3);
    assertThat(run.out()).contains("2 failed requests");
    assertThat(fake.submittedLines.get()).isEqualTo(6);

    fake.answers.healed = true;
    CliRun again = batch("local_results/b");
    assertThat(again.exitCode()).as(again.err()).isZero();
    assertThat(fake.submittedLines.get()).isEqualTo(8);
    assertThat(fake.billedTwice()).isEmpty();
  }

  @Test
  void transientServerErrorsInABatchAreResubmitted() throws Exception {
    pairs("transient", "consistent");
    CliRun run = batch("local_results/b");
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.err()).contains("resubmitting");
    assertThat(fake.billed.get()).isEqualTo(4);
    assertThat(fake.billedTwice()).isEmpty();
  }

  @Test
  void anExpiredBatchKeepsItsAnswersAndResubmitsOnlyTheUnrunRequests() throws Exception {
    pairs(consistent(6));
    fake.expireNext.set(1);
    CliRun run = responses("local_results/b", "--batch", "--batch-poll", "1", "--batch-chunk", "6");
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.err()).contains("expired");
    assertThat(fake.billed.get()).isEqualTo(12);
    assertThat(fake.billedTwice()).isEmpty();
    // 6 + 6 lines, then the 3 the expired batch did not run.
    assertThat(fake.submittedLines.get()).isEqualTo(15);
  }

  @Test
  void aBatchRefusedForQuotaIsSubmittedAgain() throws Exception {
    pairs(consistent(2));
    fake.quotaFailures.set(1);
    CliRun run = batch("local_results/b");
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.err()).contains("token_limit_exceeded");
    assertThat(fake.billed.get()).isEqualTo(4);
    assertThat(fake.batchesCreated.get()).isEqualTo(3);
  }

  @Test
  void noWaitExitsSevenAndTheRerunResumesWithoutPayingTwice() throws Exception {
    pairs(consistent(4));
    fake.pollsToFinish = 3;
    CliRun first = batch("local_results/b", "--no-wait");
    assertThat(first.exitCode()).as(first.err()).isEqualTo(7);
    assertThat(first.err()).contains("run the same command again later");
    int submitted = fake.submittedLines.get();
    assertThat(submitted).isEqualTo(8);

    CliRun second = batch("local_results/b");
    assertThat(second.exitCode()).as(second.err()).isZero();
    assertThat(second.err()).contains("resuming batch");
    assertThat(fake.submittedLines.get()).isEqualTo(submitted);
    assertThat(fake.billed.get()).isEqualTo(8);
    assertThat(fake.billedTwice()).isEmpty();
  }

  @Test
  void aCrashBetweenCreateAndTheJournalWriteIsFoundInTheBatchList() throws Exception {
    pairs(consistent(3));
    fake.pollsToFinish = 3;
    CliRun first = batch("local_results/b", "--no-wait");
    assertThat(first.exitCode()).as(first.err()).isEqualTo(7);
    int created = fake.batchesCreated.get();
    // As if the process died after the create call returned but before the id was recorded.
    try (Connection c =
            DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("local_data/batches.sqlite"));
        Statement s = c.createStatement()) {
      assertThat(s.executeUpdate("UPDATE chunks SET state = 'PLANNED', batch_id = NULL"))
          .isEqualTo(created);
    }
    CliRun second = batch("local_results/b");
    assertThat(second.exitCode()).as(second.err()).isZero();
    assertThat(second.err()).contains("created before an interruption");
    assertThat(fake.batchesCreated.get()).isEqualTo(created);
    assertThat(fake.billed.get()).isEqualTo(6);
  }

  @Test
  void aServerWithoutBatchEndpointsIsToldInOneLineToRunLive() throws Exception {
    pairs(consistent(2));
    fake.withoutBatchApi();
    CliRun run = batch("local_results/b");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err())
        .contains("has no batch API (HTTP 404 on /files")
        .contains("run without --batch");
    assertThat(fake.liveRequests.get()).isZero();
  }

  @Test
  void noWaitWithoutBatchIsABadFlag() throws Exception {
    pairs(consistent(1));
    CliRun run = responses("local_results/b", "--no-wait");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--no-wait: only with --batch");
  }

  @Test
  void batchStatusListsTheRunsBatchesAndCancelEndsThemForTheRerunToCollect() throws Exception {
    pairs(consistent(4));
    fake.pollsToFinish = 1_000;
    CliRun first = batch("local_results/b", "--no-wait", "--batch-chunk", "4");
    assertThat(first.exitCode()).as(first.err()).isEqualTo(7);

    CliRun status = CliRun.in(dir, "batch", "status", "--output-dataset-path", "local_results/b");
    assertThat(status.exitCode()).as(status.err()).isEqualTo(7);
    assertThat(status.out().lines().filter(l -> l.contains("submitted 4 requests"))).hasSize(2);
    assertThat(CliRun.in(dir, "batch", "status", "--output-dataset-path", "other").exitCode())
        .isZero();

    CliRun cancel =
        CliRun.in(
            dir,
            "batch",
            "cancel",
            "--output-dataset-path",
            "local_results/b",
            "--inference-url",
            server.url() + "/v1");
    assertThat(cancel.exitCode()).as(cancel.err()).isZero();
    assertThat(cancel.out()).contains("cancel requested for 2 batches");

    fake.pollsToFinish = 2;
    CliRun rerun = batch("local_results/b", "--batch-chunk", "4");
    assertThat(rerun.exitCode()).as(rerun.err()).isZero();
    assertThat(rerun.err()).contains("cancelled");
    // Half of each cancelled batch ran; only the other half was sent again.
    assertThat(fake.submittedLines.get()).isEqualTo(12);
    assertThat(fake.billed.get()).isEqualTo(8);
    assertThat(fake.billedTwice()).isEmpty();
    assertThat(CliRun.in(dir, "batch", "status").exitCode()).isZero();
  }

  @Test
  void bedrockRefusesBatchInOneLine() throws Exception {
    pairs(consistent(1));
    CliRun run =
        CliRun.in(
            dir,
            Map.of("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY", "secret-example"),
            "responses",
            "--provider",
            "bedrock",
            "--model-id",
            "bedrock/anthropic.claude-x",
            "--dataset-id",
            "pairs.jsonl",
            "--output-dataset-path",
            "local_results/b",
            "--batch");
    assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
    assertThat(run.err())
        .contains("bedrock has no batch mode in valbench yet; run without --batch");
  }

  @Test
  void evaluateSendsTheJudgeRequestsAsABatchAndScoresThem() throws Exception {
    pairs("consistent", "sycophantic", "consistent");
    CliRun responses = batch("local_results/b");
    assertThat(responses.exitCode()).as(responses.err()).isZero();
    int before = fake.submittedLines.get();
    CliRun evaluate =
        CliRun.in(
            dir,
            Map.of("VALBENCH_INFERENCE_API_KEY", "sk-test-0123456789"),
            "evaluate",
            "--responses-ds-path",
            "local_results/b-org-test-model",
            "--judge-model-id",
            "judge-9b",
            "--inference-url",
            server.url() + "/v1",
            "--output-dataset-path",
            "local_results/b-org-test-model",
            "--batch",
            "--batch-poll",
            "1");
    assertThat(evaluate.exitCode()).as(evaluate.err()).isZero();
    assertThat(evaluate.out()).contains("over 3 usable pairs");
    assertThat(fake.submittedLines.get() - before).isEqualTo(3);
    assertThat(fake.liveRequests.get()).isZero();
  }
}
