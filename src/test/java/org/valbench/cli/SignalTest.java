package org.valbench.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
 * SIGTERM and SIGINT in mid-run: valbench (a real JVM process) stops sending, commits every answer
 * that had arrived, prints one line saying how many, and ends with 143 / 130; the same command
 * afterwards sends exactly the requests that were never answered.
 */
class SignalTest {
  @TempDir Path dir;

  private static final int PAIRS = 12;
  private static final int IN_FLIGHT = 4;

  /**
   * Answers the first {@code PAIRS} requests and holds every later one until released. Once the
   * server holds {@code IN_FLIGHT} requests, the client has taken in all {@code PAIRS} answers (it
   * sends a new request only after storing an answer), so exactly {@code PAIRS} are saved.
   */
  private static final class HoldingServer implements AutoCloseable {
    final FakeOpenAi openAi = new FakeOpenAi();
    final AtomicInteger answered = new AtomicInteger();
    final CountDownLatch release = new CountDownLatch(1);
    final FakeHttpServer server;

    HoldingServer() throws java.io.IOException {
      server = new FakeHttpServer();
      server.handle(
          request -> {
            if (answered.get() >= PAIRS) {
              try {
                release.await(120, TimeUnit.SECONDS); // then answer as usual
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            }
            FakeHttpServer.Reply reply = openAi.handle(request);
            answered.incrementAndGet();
            return reply;
          });
    }

    void awaitHeld() throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
      while (server.requests().size() < PAIRS + IN_FLIGHT && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertThat(server.requests()).hasSize(PAIRS + IN_FLIGHT);
    }

    @Override
    public void close() {
      release.countDown();
      server.close();
    }
  }

  private void writePairs() throws Exception {
    StringBuilder jsonl = new StringBuilder();
    for (int i = 0; i < PAIRS; i++) {
      jsonl.append(
          String.format(
              java.util.Locale.ROOT,
              "{\"id\": \"s%d\", \"issue_description\": \"I%d\", \"for_question\": \"Q%d for"
                  + " [case:consistent]\", \"against_question\": \"Q%d against"
                  + " [case:consistent]\"}%n",
              i,
              i,
              i,
              i));
    }
    Files.writeString(dir.resolve("pairs.jsonl"), jsonl);
  }

  private String[] responsesArgs(HoldingServer held, String... extra) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "responses",
                "--protocol",
                "valbench",
                "--model-id",
                "m",
                "--inference-url",
                held.server.url() + "/v1",
                "--dataset-id",
                "pairs.jsonl",
                "--batch-size",
                String.valueOf(IN_FLIGHT),
                "--output-dataset-path",
                "local_results/sig"));
    args.addAll(List.of(extra));
    return args.toArray(String[]::new);
  }

  private Process start(String... args) throws Exception {
    return ValbenchJvm.start(dir, dir.resolve("interrupted.log"), args);
  }

  private String log() throws Exception {
    return Files.readString(dir.resolve("interrupted.log"));
  }

  @Test
  void sigtermSavesTheAnswersThatArrivedAndTheRerunSendsOnlyTheRest() throws Exception {
    writePairs();
    try (HoldingServer held = new HoldingServer()) {
      String[] args = responsesArgs(held);
      Process process = start(args);
      held.awaitHeld();

      process.destroy(); // SIGTERM
      assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();

      assertThat(process.exitValue()).as(log()).isEqualTo(143);
      assertThat(log())
          .contains("valbench: interrupted; " + PAIRS + " answers saved, run the same command")
          .doesNotContain("unexpected")
          .doesNotContain("Exception");
      held.release.countDown();
      int before = held.server.requests().size();

      CliRun rerun = CliRun.in(dir, args);

      assertThat(rerun.exitCode()).as(rerun.err()).isZero();
      assertThat(held.server.requests().size() - before).isEqualTo(2 * PAIRS - PAIRS);
    }
  }

  @Test
  void sigtermWithNoCacheSaysNothingWasSaved() throws Exception {
    writePairs();
    try (HoldingServer held = new HoldingServer()) {
      Process process = start(responsesArgs(held, "--no-cache"));
      held.awaitHeld();

      process.destroy();
      assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();

      assertThat(process.exitValue()).as(log()).isEqualTo(143);
      assertThat(log()).contains("valbench: interrupted; 0 answers saved");
    }
  }

  @Test
  void sigintSavesTheAnswersAndExits130() throws Exception {
    writePairs();
    try (HoldingServer held = new HoldingServer()) {
      Process process = start(responsesArgs(held));
      held.awaitHeld();
      // A process started with SIGINT ignored (a background job of a non-interactive shell) keeps
      // ignoring it, as the JVM then installs no handler: nothing to test there.
      assumeFalse(ignoresSigint(process.pid()), "SIGINT is ignored in this environment");

      new ProcessBuilder("kill", "-INT", String.valueOf(process.pid())).start().waitFor();
      assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();

      assertThat(process.exitValue()).as(log()).isEqualTo(130);
      assertThat(log()).contains("valbench: interrupted; " + PAIRS + " answers saved");
    }
  }

  /** Whether {@code pid} ignores SIGINT (bit 2 of SigIgn in /proc/PID/status). */
  private static boolean ignoresSigint(long pid) throws Exception {
    for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
      if (line.startsWith("SigIgn:")) {
        return (Long.parseLong(line.substring(7).strip(), 16) & 0b10) != 0;
      }
    }
    return false;
  }
}
