package org.valbench.flows;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
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
    AtomicInteger arrived = new AtomicInteger();
    AtomicInteger answered = new AtomicInteger();
    CountDownLatch release = new CountDownLatch(1);
    try (FakeHttpServer server = new FakeHttpServer()) {
      server.handle(
          request -> {
            // Exactly the first PAIRS requests are answered at once (counted atomically).
            if (arrived.getAndIncrement() >= PAIRS) {
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
      // The server holds every request after the first PAIRS; once it has 4 more (the batch
      // size), the client has taken in all PAIRS answers, as it sends a request only when an
      // earlier one ended. Kill only once the cache has committed them.
      awaitOrFail(() -> server.requests().size() >= PAIRS + 4, "the client to fill its slots");
      awaitOrFail(() -> cachedAnswers() >= PAIRS, "the cache to commit the answers");
      int answeredBeforeKill = answered.get();
      process.destroyForcibly().waitFor(30, TimeUnit.SECONDS); // SIGKILL on Linux
      release.countDown();
      int receivedBeforeRerun = server.requests().size();

      CliRun rerun = CliRun.in(dir, Map.of(), args);

      assertThat(answeredBeforeKill).isEqualTo(PAIRS);
      assertThat(rerun.exitCode()).as(rerun.err()).isZero();
      assertThat(server.requests().size() - receivedBeforeRerun)
          .isEqualTo(2 * PAIRS - answeredBeforeKill);
      assertThat(rerun.out()).contains("out-m (20 pairs)");
    }
  }

  /** Polls {@code condition} until it holds; fails the test after 60 s. */
  private static void awaitOrFail(java.util.function.BooleanSupplier condition, String what)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(20);
    }
  }

  /** Answers committed to {@code local_data/cache.sqlite} so far, read by another connection. */
  private long cachedAnswers() {
    Path cache = dir.resolve("local_data/cache.sqlite");
    if (!Files.exists(cache)) {
      return 0;
    }
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + cache);
        Statement s = c.createStatement()) {
      s.execute("PRAGMA busy_timeout=5000");
      try (ResultSet rows = s.executeQuery("SELECT COUNT(*) FROM responses")) {
        return rows.next() ? rows.getLong(1) : 0;
      }
    } catch (SQLException e) {
      return 0; // not created yet
    }
  }

  private Process startValbench(String... args) throws Exception {
    return ValbenchJvm.start(dir, dir.resolve("first-run.log"), args);
  }
}
