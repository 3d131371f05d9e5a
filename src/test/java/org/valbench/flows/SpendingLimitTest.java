package org.valbench.flows;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.valbench.dataset.SaveToDiskFormat;
import org.valbench.dataset.Table;
import org.valbench.testing.CliRun;
import org.valbench.testing.FakeHttpServer;
import org.valbench.testing.ScriptedPairs;

/**
 * {@code --max-cost} against a fake server whose every answer reports 100 input tokens (30 cached,
 * counted inside the input as OpenAI does) and 40 output tokens, priced by a user file at $1 per
 * million input, $0.50 per million cached input and $2 per million output: 70 x 1 + 30 x 0.5 + 40 x
 * 2 = 165 per million, $0.000165 an answer. Three pairs, six requests, one at a time.
 */
class SpendingLimitTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private FakeHttpServer server;
  private final AtomicInteger requests = new AtomicInteger();

  @BeforeEach
  void start() throws Exception {
    server = new FakeHttpServer().handle(this::answer);
    Files.writeString(
        dir.resolve("pairs.jsonl"), ScriptedPairs.jsonl("consistent", "consistent", "consistent"));
    Files.writeString(
        dir.resolve("prices.json"),
        """
        {"as_of": "2026-11-30", "source": "test",
         "models": {"test-model": {"input": 1.0, "output": 2.0, "cached_input": 0.5,
                                   "input_includes_cached": true}}}
        """);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private FakeHttpServer.Reply answer(FakeHttpServer.Recorded request) {
    requests.incrementAndGet();
    try {
      JsonNode body = JSON.readTree(request.body());
      return TokenAccountingTest.usageReply(
          body, "[mock:position=steady] Same view either way.", 100, 40, 0, 30);
    } catch (java.io.IOException e) {
      return FakeHttpServer.Reply.json(400, "{\"error\": {\"message\": \"bad json\"}}");
    }
  }

  private CliRun responses(String... more) {
    List<String> args =
        new java.util.ArrayList<>(
            List.of(
                "responses",
                "--model-id",
                "test-model",
                "--inference-url",
                server.url() + "/v1",
                "--dataset-id",
                "pairs.jsonl",
                "--batch-size",
                "1",
                "--prices",
                "prices.json",
                "--output-dataset-path",
                "local_results/vb"));
    args.addAll(List.of(more));
    return CliRun.in(dir, args.toArray(String[]::new));
  }

  @Test
  void theRunStopsAtTheRequestThatReachesTheLimitWritesWhatItHasAndExitsThree() throws Exception {
    // Three answers cost $0.000495 (below $0.0005); the fourth brings $0.00066: the stop.
    CliRun run = responses("--max-cost", "0.0005");

    assertThat(run.exitCode()).as(run.err()).isEqualTo(3);
    assertThat(requests.get()).isEqualTo(4);
    assertThat(run.err())
        .contains(
            "stopped: spending limit reached: $0.0007 spent of --max-cost $0.0005; 2 requests"
                + " were not sent or failed");
    Table written = SaveToDiskFormat.read(dir.resolve("local_results/vb-test-model"));
    assertThat(written.rows()).hasSize(3);
    List<Object> againstErrors =
        written.rows().stream().map(row -> row.get("against_response_error")).toList();
    assertThat(againstErrors.get(0)).isNull();
    assertThat(againstErrors.get(1).toString()).startsWith("not sent: the run stopped (spending");
    assertThat(againstErrors.get(2).toString()).startsWith("not sent: the run stopped (spending");
  }

  @Test
  void answersFromTheCacheAreFreeSoARerunWithTheSameLimitFinishes() {
    assertThat(responses("--max-cost", "0.0005").exitCode()).isEqualTo(3);

    // Four answers are cached; the two sent now cost $0.00033, below the limit.
    CliRun rerun = responses("--max-cost", "0.0005");

    assertThat(rerun.exitCode()).as(rerun.err()).isZero();
    assertThat(requests.get()).isEqualTo(6);
    assertThat(rerun.err()).contains("generate-against: cost $0.0003 (test-model");
  }

  @Test
  void aLimitHighEnoughForEverythingChangesNothing() {
    CliRun run = responses("--max-cost", "0.001");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(requests.get()).isEqualTo(6);
    assertThat(run.err())
        .contains("generate-for: cost $0.0005 (test-model, prices as of 2026-11-30");
  }

  @Test
  void aLimitForAModelWithoutAPriceIsRefusedBeforeAnythingIsSent() throws Exception {
    Files.writeString(dir.resolve("prices.json"), "{\"models\": {}}");

    CliRun run = responses("--max-cost", "5");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err())
        .contains("--max-cost: no price for model 'test-model', so its spend cannot be counted");
    assertThat(requests.get()).isZero();
  }

  @Test
  void aPriceFileThatIsNotUsableIsNamedWithWhatIsWrong() throws Exception {
    Files.writeString(
        dir.resolve("prices.json"), "{\"models\": {\"test-model\": {\"input\": \"cheap\"}}}");

    CliRun run = responses();

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err())
        .contains(
            "--prices prices.json: model 'test-model': 'input' must be a number (USD per million"
                + " tokens), found \"cheap\"");
    assertThat(requests.get()).isZero();
  }

  @Test
  void aMaxCostThatIsNotAnAmountIsRefused() {
    for (String bad : new String[] {"free", "0", "-3"}) {
      CliRun run = responses("--max-cost", bad);
      assertThat(run.exitCode()).as(bad).isEqualTo(2);
      assertThat(run.err()).as(bad).contains("--max-cost").contains("'" + bad + "'");
    }
    assertThat(requests.get()).isZero();
  }

  @Test
  void unknownModelsShowTokensAndNoPrice() {
    CliRun run =
        CliRun.in(
            dir,
            Map.of(),
            "responses",
            "--model-id",
            "unpriced-model",
            "--inference-url",
            server.url() + "/v1",
            "--dataset-id",
            "pairs.jsonl",
            "--output-dataset-path",
            "local_results/vb");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.err())
        .contains("(spent: 300 input, 90 cached input, 120 output, 0 reasoning)")
        .contains("generate-for: no price for model 'unpriced-model' (add it with --prices FILE)");
  }
}
