package org.valbench.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.valbench.testing.CliRun;
import org.valbench.testing.FakeHttpServer;
import org.valbench.testing.FakeOpenAiBatches;
import org.valbench.testing.ScriptedPairs;
import org.valbench.testing.ValbenchJvm;

/**
 * The figures the README's batch section quotes: a 10,000-pair {@code responses --batch} run
 * against the fake batch server (3 s simulated batch latency, 1 s polls, default chunk size), and
 * the same run killed with SIGKILL mid-submission then rerun. Only with {@code
 * -Dvalbench.batchBench=true}; prints one line per run.
 */
@EnabledIfSystemProperty(named = "valbench.batchBench", matches = "true")
class BatchScaleBench {
  @TempDir Path dir;

  private static final int PAIRS = 10_000;

  private static String[] args(String url, String output) {
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
      "--output-dataset-path",
      output
    };
  }

  @Test
  void tenThousandPairs() throws Exception {
    String[] cases = new String[PAIRS];
    Arrays.fill(cases, "consistent");
    Files.writeString(dir.resolve("pairs.jsonl"), ScriptedPairs.jsonl(cases));

    FakeOpenAiBatches fake = new FakeOpenAiBatches();
    fake.latencyMillis = 3_000;
    try (FakeHttpServer server = new FakeHttpServer().handle(fake::handle)) {
      long start = System.nanoTime();
      CliRun run = CliRun.in(dir.resolve("."), args(server.url(), "local_results/a"));
      double seconds = (System.nanoTime() - start) / 1e9;
      assertThat(run.exitCode()).as(run.err()).isZero();
      System.out.printf(
          Locale.ROOT,
          "BATCH-BENCH clean: requests %d, submitted lines %d, batches %d, polls %d, billed %d,"
              + " wall %.1f s%n",
          2 * PAIRS,
          fake.submittedLines.get(),
          fake.batchesCreated.get(),
          fake.polls.get(),
          fake.billed.get(),
          seconds);
    }

    Path killed = Files.createDirectories(dir.resolve("killed"));
    Files.copy(dir.resolve("pairs.jsonl"), killed.resolve("pairs.jsonl"));
    FakeOpenAiBatches fake2 = new FakeOpenAiBatches();
    fake2.pollsToFinish = 1_000;
    fake2.createDelayMillis = 200;
    try (FakeHttpServer server = new FakeHttpServer().handle(fake2::handle)) {
      Process p =
          ValbenchJvm.start(killed, killed.resolve("log"), args(server.url(), "local_results/k"));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
      while (fake2.batchesCreated.get() < 3 && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      p.destroyForcibly();
      p.waitFor(60, TimeUnit.SECONDS);
      int before = fake2.batchesCreated.get();
      fake2.pollsToFinish = 2;
      fake2.createDelayMillis = 0;
      fake2.latencyMillis = 3_000;
      CliRun rerun = CliRun.in(killed, args(server.url(), "local_results/k"));
      assertThat(rerun.exitCode()).as(rerun.err()).isZero();
      System.out.printf(
          Locale.ROOT,
          "BATCH-BENCH kill-9: batches before kill %d, after rerun %d, submitted lines %d,"
              + " billed %d, billed twice %d, requests %d%n",
          before,
          fake2.batchesCreated.get(),
          fake2.submittedLines.get(),
          fake2.billed.get(),
          fake2.billedTwice().size(),
          2 * PAIRS);
    }
  }
}
