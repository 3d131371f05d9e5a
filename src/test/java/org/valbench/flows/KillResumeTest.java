package org.valbench.flows;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.valbench.testing.CliRun;
import org.valbench.testing.FakeHttpServer;
import org.valbench.testing.FakeOpenAi;
import org.valbench.testing.ValbenchJvm;

/**
 * A {@code valbench responses} process killed with SIGKILL in mid-run keeps every answer that had
 * arrived: the same command afterwards sends only the requests that were never answered.
 */
class KillResumeTest {
  @TempDir Path dir;

  private static final int PAIRS = 20;

  @Test
  void killNineInMidRunLosesOnlyTheRequestsInFlight() throws Exception {
    FakeOpenAi openAi = new FakeOpenAi();
    AtomicInteger answered = new AtomicInteger();
    CountDownLatch release = new CountDownLatch(1);
    try (FakeHttpServer server = new FakeHttpServer()) {
      server.handle(
          request -> {
            if (answered.get() >= PAIRS) {
              try {
                release.await(60, TimeUnit.SECONDS); // hold the rest until the client is killed
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            }
            FakeHttpServer.Reply reply = openAi.handle(request);
            answered.incrementAndGet();
            return reply;
          });
      StringBuilder jsonl = new StringBuilder();
      for (int i = 0; i < PAIRS; i++) {
        jsonl.append(
            "{\"id\": \"k"
                + i
                + "\", \"issue_description\": \"I"
                + i
                + "\", \"for_question\":"
                + " \"Q"
                + i
                + " for [case:consistent]\", \"against_question\": \"Q"
                + i
                + " against [case:consistent]\"}\n");
      }
      Files.writeString(dir.resolve("pairs.jsonl"), jsonl);
      String[] args = {
        "responses",
        "--protocol",
        "valbench",
        "--model-id",
        "m",
        "--inference-url",
        server.url() + "/v1",
        "--dataset-id",
        "pairs.jsonl",
        "--batch-size",
        "4",
        "--output-dataset-path",
        "out"
      };

      Process process = startValbench(args);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (answered.get() < PAIRS && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      Thread.sleep(500); // the answers reach the client and the ~50 ms group commit
      int answeredBeforeKill = answered.get();
      process.destroyForcibly().waitFor(30, TimeUnit.SECONDS); // SIGKILL on Linux
      release.countDown();
      int receivedBeforeRerun = server.requests().size();

      CliRun rerun = CliRun.in(dir, Map.of(), args);

      assertThat(answeredBeforeKill).isBetween(PAIRS, PAIRS + 4);
      assertThat(rerun.exitCode()).as(rerun.err()).isZero();
      assertThat(server.requests().size() - receivedBeforeRerun)
          .isEqualTo(2 * PAIRS - answeredBeforeKill);
      assertThat(rerun.out()).contains("out-m (20 pairs)");
    }
  }

  private Process startValbench(String... args) throws Exception {
    return ValbenchJvm.start(dir, dir.resolve("first-run.log"), args);
  }
}
