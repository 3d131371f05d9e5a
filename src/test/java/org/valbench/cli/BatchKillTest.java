package org.valbench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.valbench.testing.CliRun;
import org.valbench.testing.FakeHttpServer;
import org.valbench.testing.FakeOpenAiBatches;
import org.valbench.testing.ScriptedPairs;
import org.valbench.testing.ValbenchJvm;

/**
 * kill -9 of a real valbench JVM while it submits and polls provider batches, then the same command
 * again: every request is billed exactly once (the rerun resumes the journal's batches and finds
 * the one whose id it may not have recorded in the provider's batch list).
 */
class BatchKillTest {
  @TempDir Path dir;

  private static final int PAIRS = 30;
  private static final int CHUNK = 4;

  private static String[] args(String url) {
    return new String[] {
      "responses",
      "--protocol",
      "valbench",
      "--model-id",
      "m",
      "--inference-url",
      url + "/v1",
      "--dataset-id",
      "pairs.jsonl",
      "--batch",
      "--batch-poll",
      "1",
      "--batch-chunk",
      String.valueOf(CHUNK),
      "--output-dataset-path",
      "local_results/k"
    };
  }

  @Test
  void killNineWhileSubmittingThenRerunBillsEveryRequestOnce() throws Exception {
    String[] cases = new String[PAIRS];
    Arrays.fill(cases, "consistent");
    Files.writeString(dir.resolve("pairs.jsonl"), ScriptedPairs.jsonl(cases));
    FakeOpenAiBatches fake = new FakeOpenAiBatches();
    fake.pollsToFinish = 1_000; // nothing ends while the first process lives
    fake.createDelayMillis = 150;
    try (FakeHttpServer server = new FakeHttpServer().handle(fake::handle)) {
      Process process = ValbenchJvm.start(dir, dir.resolve("killed.log"), args(server.url()));
      // Mid-submission: some chunks created, the rest of the side not yet.
      awaitAtLeast(fake.batchesCreated::get, 3, process);
      process.destroyForcibly(); // SIGKILL: no shutdown hook runs
      assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
      int createdBeforeKill = fake.batchesCreated.get();
      assertThat(createdBeforeKill).isLessThan((PAIRS + CHUNK - 1) / CHUNK);

      fake.pollsToFinish = 2;
      fake.createDelayMillis = 0;
      CliRun rerun = CliRun.in(dir, args(server.url()));
      assertThat(rerun.exitCode()).as(rerun.err()).isZero();
      assertThat(rerun.err()).contains("resuming batch");
      assertThat(fake.billed.get()).isEqualTo(2 * PAIRS);
      assertThat(fake.billedTwice()).isEmpty();
      assertThat(fake.submittedLines.get()).isEqualTo(2 * PAIRS);
    }
  }

  private static void awaitAtLeast(IntSupplier value, int wanted, Process process)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (value.getAsInt() < wanted) {
      assertThat(process.isAlive()).as("valbench ended early").isTrue();
      assertThat(System.nanoTime()).as("timed out").isLessThan(deadline);
      Thread.sleep(20);
    }
  }
}
