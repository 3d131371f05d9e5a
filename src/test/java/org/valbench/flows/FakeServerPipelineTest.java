package org.valbench.flows;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.valbench.dataset.SaveToDiskFormat;
import org.valbench.dataset.Table;
import org.valbench.testing.CliRun;
import org.valbench.testing.FakeHttpServer;
import org.valbench.testing.FakeOpenAi;
import org.valbench.testing.ScriptedPairs;

/**
 * Whole commands against an in-process fake OpenAI-compatible server with scripted behaviour per
 * pair: known PAC and rates, a permanently failing pair (exit 3, then a rerun that sends only its
 * two requests and exits 0), transient faults retried, a broken judge answer counted as unusable.
 */
class FakeServerPipelineTest {
  @TempDir Path dir;

  private FakeHttpServer server;
  private final FakeOpenAi openAi = new FakeOpenAi();

  private static final String[] CASES = {
    "consistent",
    "consistent",
    "sycophantic",
    "refusing",
    "one-side",
    "noinfo",
    "transient",
    "broken-judge",
    "permanent"
  };

  @BeforeEach
  void start() throws Exception {
    server = new FakeHttpServer().handle(openAi::handle);
    Files.writeString(dir.resolve("pairs.jsonl"), ScriptedPairs.jsonl(CASES));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private CliRun responses() {
    return CliRun.in(
        dir,
        Map.of("VALBENCH_INFERENCE_API_KEY", "sk-test-SECRET-0123456789"),
        "responses",
        "--model-id",
        "org/test-model-1.5",
        "--inference-url",
        server.url() + "/v1",
        "--dataset-id",
        "pairs.jsonl",
        "--batch-size",
        "4",
        "--output-dataset-path",
        "local_results/vb");
  }

  private CliRun evaluate() {
    return CliRun.in(
        dir,
        Map.of("VALBENCH_INFERENCE_API_KEY", "sk-test-SECRET-0123456789"),
        "evaluate",
        "--responses-ds-path",
        "local_results/vb-org-test-model-1-5",
        "--judge-model-id",
        "google/judge-9b",
        "--inference-url",
        server.url() + "/v1",
        "--output-dataset-path",
        "local_results/vb-org-test-model-1-5");
  }

  @Test
  void failedRequestsExitThreeAndARerunSendsOnlyThoseThenTheJudgeGivesTheKnownPac()
      throws Exception {
    CliRun first = responses();

    assertThat(first.exitCode()).as(first.err()).isEqualTo(3);
    assertThat(first.err()).contains("2 requests failed after retries");
    assertThat(first.out())
        .contains("local_results/vb-org-test-model-1-5 (9 pairs, 2 failed requests)");
    // 18 requests, plus two retries for each side of the transient pair; the 400s are sent once.
    assertThat(openAi.candidateRequests.get()).isEqualTo(22);
    Table partial = SaveToDiskFormat.read(dir.resolve("local_results/vb-org-test-model-1-5"));
    Map<String, Object> broken = partial.rows().get(8);
    assertThat(broken.get("for_response_error").toString())
        .contains("HTTP 400")
        .contains("context length");
    assertThat(((Map<?, ?>) broken.get("for_response")).get("content")).isNull();
    assertThat(partial.rows().get(6).get("for_response_error")).isNull();

    openAi.healed = true;
    CliRun second = responses();

    assertThat(second.exitCode()).as(second.err()).isZero();
    assertThat(openAi.candidateRequests.get()).isEqualTo(24);
    Table complete = SaveToDiskFormat.read(dir.resolve("local_results/vb-org-test-model-1-5"));
    assertThat(complete.rows())
        .allSatisfy(r -> assertThat(r.get("against_response_error")).isNull());

    CliRun judged = evaluate();

    assertThat(judged.exitCode()).as(judged.err()).isZero();
    assertThat(openAi.judgeRequests.get()).isEqualTo(9);
    // Adjusted scores 2, 2, -2, 2, 0, 2, 2, (unusable), 2: mean 10/8 = 1.25 -> PAC 81.25%.
    assertThat(judged.out())
        .contains("PAC 81.3%")
        .contains("over 8 usable pairs; 1 unusable judge answers, 0 failed");
    List<String> stats =
        Files.readAllLines(
            dir.resolve(
                "evaluation_results/vb-org-test-model-1-5-judge-9b/alignment_statistics.csv"));
    assertThat(stats)
        .contains(
            "Mean alignment %,81.25",
            "Issue level Both Position Refusal rate,12.5",
            "Issue level One Position Refusal rate,12.5",
            "Issue level Both Position No Information rate,12.5");
    assertThat(dir.resolve("local_results/vb-org-test-model-1-5-judge-9b-evaluation/state.json"))
        .isRegularFile();

    CliRun again = evaluate();
    assertThat(again.exitCode()).isZero();
    assertThat(openAi.judgeRequests.get()).isEqualTo(9);
  }

  @Test
  void pairsWhoseAnswerFailedAreNotJudgedAndCountAsFailed() throws Exception {
    assertThat(responses().exitCode()).isEqualTo(3);

    CliRun judged = evaluate();

    assertThat(judged.exitCode()).as(judged.err()).isZero();
    assertThat(openAi.judgeRequests.get()).isEqualTo(8);
    assertThat(judged.out()).contains("over 7 usable pairs; 1 unusable judge answers, 1 failed");
    Table table =
        SaveToDiskFormat.read(
            dir.resolve("local_results/vb-org-test-model-1-5-judge-9b-evaluation"));
    Map<String, Object> failed = table.rows().get(8);
    assertThat(failed.get("alignment_judge_status")).isEqualTo("failed");
    assertThat(failed.get("alignment_score")).isEqualTo(-100L);
    assertThat(failed.get("evaluation_prompt")).isNull();
  }

  @Test
  void theApiKeyIsSentButAppearsInNoFileTheRunWrote() throws Exception {
    openAi.healed = true;
    assertThat(responses().exitCode()).isZero();
    assertThat(evaluate().exitCode()).isZero();

    assertThat(server.requests().get(0).header("authorization"))
        .isEqualTo("Bearer sk-test-SECRET-0123456789");
    try (var files = Files.walk(dir)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        String text =
            new String(Files.readAllBytes(file), java.nio.charset.StandardCharsets.ISO_8859_1);
        assertThat(text).as(file.toString()).doesNotContain("SECRET");
      }
    }
  }

  @Test
  void refusedKeyStopsTheRunAtOnceWithExitFour() {
    server.handle(
        request ->
            FakeHttpServer.Reply.json(
                401,
                "{\"error\": {\"message\": \"Incorrect API key provided: sk-test-SECRET-0123456789\","
                    + " \"type\": \"invalid_request_error\", \"code\": \"invalid_api_key\"}}"));

    CliRun run = responses();

    assertThat(run.exitCode()).isEqualTo(4);
    assertThat(run.err().lines().filter(l -> l.startsWith("valbench:")).toList())
        .singleElement()
        .satisfies(
            line ->
                assertThat(line)
                    .contains("stopped: openai answered HTTP 401")
                    .contains("check the API key")
                    .doesNotContain("SECRET"));
    // Only the requests already in flight (at most --batch-size 4) reached the server.
    assertThat(server.requests().size()).isLessThanOrEqualTo(4);
  }
}
