package org.valbench.flows;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.valbench.testing.CliRun;
import org.valbench.testing.FakeHttpServer;
import org.valbench.testing.FakeOpenAi;
import org.valbench.testing.ScriptedPairs;

/**
 * What a failing request does to a run, a rerun and a sweep: a request the server keeps refusing
 * with 500 never stops the run as "server unreachable" (not on the first run, not on a rerun where
 * everything else comes from the cache); an unreachable server stops one model, and a sweep goes on
 * to the next; a refused key exits 4 after the sweep; a judge whose requests all failed exits 3.
 */
class RequestFailureOutcomesTest {
  @TempDir Path dir;

  private FakeHttpServer server;
  private final FakeOpenAi openAi = new FakeOpenAi();

  /** Two attempts, 1 ms apart: retries are exercised without waiting. */
  private static final Map<String, String> FAST_RETRIES =
      Map.of("VALBENCH_MAX_ATTEMPTS", "2", "VALBENCH_RETRY_BASE_MS", "1");

  @BeforeEach
  void start() throws IOException {
    server = new FakeHttpServer().handle(openAi::handle);
    Files.writeString(
        dir.resolve("pairs.jsonl"),
        ScriptedPairs.jsonl("consistent", "consistent", "down", "sycophantic", "consistent"));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private CliRun responses(String models, String url) {
    return CliRun.in(
        dir,
        FAST_RETRIES,
        "responses",
        "--model-id",
        models,
        "--inference-url",
        url,
        "--dataset-id",
        "pairs.jsonl",
        "--output-dataset-path",
        "local_results/vb");
  }

  private CliRun evaluate(String judge, String url) {
    return CliRun.in(
        dir,
        FAST_RETRIES,
        "evaluate",
        "--responses-ds-path",
        "local_results/vb-m1",
        "--judge-model-id",
        judge,
        "--inference-url",
        url,
        "--output-dataset-path",
        "local_results/vb-m1");
  }

  private static String closedPortUrl() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return "http://127.0.0.1:" + socket.getLocalPort() + "/v1";
    }
  }

  @Test
  void aPairTheServerKeepsFailingNeverStopsTheRunOrItsReruns() {
    CliRun first = responses("m1", server.url() + "/v1");
    int afterFirst = server.requests().size();
    CliRun rerun = responses("m1", server.url() + "/v1");
    CliRun third = responses("m1", server.url() + "/v1");

    assertThat(first.exitCode()).as(first.err()).isEqualTo(3);
    assertThat(first.out()).contains("local_results/vb-m1 (5 pairs, 2 failed requests)");
    // 8 answered + 2 sides x 2 attempts of the failing pair.
    assertThat(afterFirst).isEqualTo(8 + 4);
    assertThat(rerun.exitCode()).as(rerun.err()).isEqualTo(3);
    assertThat(rerun.out()).contains("local_results/vb-m1 (5 pairs, 2 failed requests)");
    assertThat(rerun.out() + rerun.err()).doesNotContain("stopped");
    assertThat(third.exitCode()).isEqualTo(3);
    // Each rerun sends only the failing pair's two requests, twice each.
    assertThat(server.requests().size() - afterFirst).isEqualTo(2 * 4);

    openAi.healed = true;
    CliRun healed = responses("m1", server.url() + "/v1");
    assertThat(healed.exitCode()).as(healed.err()).isZero();
    assertThat(healed.out()).contains("local_results/vb-m1 (5 pairs)");
  }

  @Test
  void aSweepGoesOnToTheNextModelAfterOneModelsRequestsAllFailed() {
    CliRun run = responses("always-500-model,m2", server.url() + "/v1");

    assertThat(run.exitCode()).as(run.err()).isEqualTo(3);
    assertThat(run.out())
        .contains("local_results/vb-always-500-model (5 pairs, 10 failed requests)")
        .contains("local_results/vb-m2 (5 pairs, 2 failed requests)");
    assertThat(run.err()).contains("12 requests failed after retries");
    assertThat(dir.resolve("local_results/vb-m2/state.json")).exists();
    assertThat(dir.resolve("local_results/vb-always-500-model/state.json")).exists();
  }

  @Test
  void anUnreachableServerStopsEachModelOfTheSweepAndExitsThreeWithOutputsWritten()
      throws IOException {
    String url = closedPortUrl();
    CliRun run = responses("m1,m2", url);

    assertThat(run.exitCode()).as(run.err()).isEqualTo(3);
    assertThat(run.out())
        .contains("local_results/vb-m1 (5 pairs, 10 failed requests; stopped: ")
        .contains("local_results/vb-m2 (5 pairs, 10 failed requests; stopped: ");
    assertThat(run.err())
        .contains("20 requests failed or were not sent because the model server could not be")
        .doesNotContain("unexpected");
    assertThat(dir.resolve("local_results/vb-m1/state.json")).exists();
    assertThat(dir.resolve("local_results/vb-m2/state.json")).exists();
  }

  @Test
  void aRefusedKeyForOneModelStillRunsTheOthersAndExitsFour() {
    CliRun run = responses("refused-key-model,m2", server.url() + "/v1");

    assertThat(run.exitCode()).as(run.err()).isEqualTo(4);
    assertThat(run.out()).contains("local_results/vb-m2 (5 pairs, 2 failed requests)");
    assertThat(run.err()).contains("stopped: ").contains("check the API key");
    // Only the requests already in flight when the 401 came back (at most the 5 "for" requests);
    // the model's "against" step sent nothing.
    long refused =
        server.requests().stream().filter(r -> r.body().contains("refused-key-model")).count();
    assertThat(refused).isBetween(1L, 5L);
  }

  @Test
  void aJudgeWhoseRequestsAllFailedExitsThreeNotBadInput() throws IOException {
    openAi.healed = true;
    assertThat(responses("m1", server.url() + "/v1").exitCode()).isZero();

    CliRun failing = evaluate("always-500-judge", server.url() + "/v1");
    CliRun unreachable = evaluate("judge", closedPortUrl());

    assertThat(failing.exitCode()).as(failing.err()).isEqualTo(3);
    assertThat(failing.err()).contains("no usable").contains("5 pairs have a failed request");
    assertThat(unreachable.exitCode()).as(unreachable.err()).isEqualTo(3);
    assertThat(unreachable.err()).contains("could not be reached");

    CliRun working = evaluate("judge", server.url() + "/v1");
    assertThat(working.exitCode()).as(working.err()).isZero();
  }

  @Test
  void retrySettingsFromTheEnvironmentAreChecked() {
    Map<String, String> env = new HashMap<>(FAST_RETRIES);
    env.put("VALBENCH_MAX_ATTEMPTS", "zero");
    CliRun run =
        CliRun.in(
            dir,
            env,
            "responses",
            "--model-id",
            "m1",
            "--inference-url",
            server.url() + "/v1",
            "--dataset-id",
            "pairs.jsonl",
            "--output-dataset-path",
            "local_results/vb");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("VALBENCH_MAX_ATTEMPTS").contains("'zero'");
    assertThat(server.requests()).isEmpty();
  }
}
