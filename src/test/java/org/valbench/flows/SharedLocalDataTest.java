package org.valbench.flows;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.valbench.dataset.SaveToDiskFormat;
import org.valbench.dataset.Table;
import org.valbench.testing.FakeHttpServer;
import org.valbench.testing.FakeOpenAi;
import org.valbench.testing.ScriptedPairs;
import org.valbench.testing.ValbenchJvm;

/**
 * Two valbench processes at once, same model and pairs (so the same step keys) in one working
 * folder, different outputs: the second waits at the step the first is computing instead of
 * deleting or replacing its unfinished checkpoint, then takes the first one's result. Both finish
 * with complete outputs, and no request reaches the server twice.
 */
class SharedLocalDataTest {
  @TempDir Path dir;

  private static final int PAIRS = 12;

  @Test
  void twoRunsWithTheSameStepsAndDifferentOutputsBothFinishAndSendEachRequestOnce()
      throws Exception {
    String[] cases = new String[PAIRS];
    java.util.Arrays.fill(cases, "consistent");
    Files.writeString(dir.resolve("pairs.jsonl"), ScriptedPairs.jsonl(cases));
    FakeOpenAi openAi = new FakeOpenAi();
    Map<String, Integer> sent = Collections.synchronizedMap(new HashMap<>());
    CountDownLatch release = new CountDownLatch(1);
    try (FakeHttpServer server = new FakeHttpServer()) {
      server.handle(
          request -> {
            sent.merge(request.body(), 1, Integer::sum);
            try {
              // Held until the other run is seen waiting at the step this one is computing.
              release.await(90, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            return openAi.handle(request);
          });
      Process a = start(server, "a");
      Process b = start(server, "b");
      try {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (!log("a").contains("step generate-for: waiting for another valbench run")
            && !log("b").contains("step generate-for: waiting for another valbench run")) {
          assertThat(System.nanoTime()).as("a run waiting at generate-for").isLessThan(deadline);
          assertThat(a.isAlive() && b.isAlive()).as(log("a") + log("b")).isTrue();
          Thread.sleep(20);
        }
        release.countDown();
        assertThat(a.waitFor(90, TimeUnit.SECONDS)).isTrue();
        assertThat(b.waitFor(90, TimeUnit.SECONDS)).isTrue();
      } finally {
        release.countDown();
        a.destroyForcibly();
        b.destroyForcibly();
      }

      assertThat(a.exitValue()).as(log("a")).isZero();
      assertThat(b.exitValue()).as(log("b")).isZero();
      assertThat(sent).hasSize(2 * PAIRS);
      assertThat(sent.values()).as("requests sent more than once").containsOnly(1);
      Table first = SaveToDiskFormat.read(dir.resolve("out-a-m"));
      Table second = SaveToDiskFormat.read(dir.resolve("out-b-m"));
      assertThat(first.size()).isEqualTo(PAIRS);
      assertThat(second.rows()).isEqualTo(first.rows());
      assertThat(first.rows())
          .allSatisfy(
              row -> {
                assertThat(row.get("for_response")).isNotNull();
                assertThat(row.get("against_response")).isNotNull();
              });
      // Nothing of either run is left half-done: every step folder is a finished checkpoint.
      try (var folders = Files.list(dir.resolve("local_data/steps/generate-for"))) {
        List<Path> left = folders.toList();
        assertThat(left).hasSize(1);
        assertThat(left.get(0).resolve("DONE")).isRegularFile();
      }
    }
  }

  private Process start(FakeHttpServer server, String name) throws Exception {
    return ValbenchJvm.start(
        dir,
        dir.resolve(name + ".log"),
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
        "out-" + name);
  }

  private String log(String name) {
    try {
      return Files.readString(dir.resolve(name + ".log"));
    } catch (java.io.IOException e) {
      return "";
    }
  }
}
