package org.valbench.flows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.valbench.inference.MockClient;
import org.valbench.testing.CliRun;
import org.valbench.testing.FakeHttpServer;
import org.valbench.testing.ScriptedPairs;

/**
 * Tokens per step and model, from a fake server whose usage fields are known: every candidate
 * answer reports 100 input (30 of them cached by the provider), 40 output (8 of them reasoning),
 * every judge answer 200 input (50 cached) and 20 output. Three pairs: six candidate answers, three
 * judge answers.
 */
class TokenAccountingTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private FakeHttpServer server;
  private final AtomicInteger requests = new AtomicInteger();

  @BeforeEach
  void start() throws Exception {
    server = new FakeHttpServer().handle(this::answer);
    Files.writeString(
        dir.resolve("pairs.jsonl"), ScriptedPairs.jsonl("consistent", "consistent", "consistent"));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private FakeHttpServer.Reply answer(FakeHttpServer.Recorded request) {
    requests.incrementAndGet();
    try {
      JsonNode body = JSON.readTree(request.body());
      JsonNode messages = body.path("messages");
      String user = messages.get(messages.size() - 1).path("content").asText();
      boolean judge = body.has("response_format");
      return usageReply(
          body,
          judge ? MockClient.judge(user) : "[mock:position=steady] Same view either way.",
          judge ? 200 : 100,
          judge ? 20 : 40,
          judge ? 0 : 8,
          judge ? 50 : 30);
    } catch (java.io.IOException e) {
      return FakeHttpServer.Reply.json(400, "{\"error\": {\"message\": \"bad json\"}}");
    }
  }

  /** A Chat Completions answer reporting exactly these token counts. */
  static FakeHttpServer.Reply usageReply(
      JsonNode request, String content, long input, long output, long reasoning, long cached) {
    ObjectNode reply = JSON.createObjectNode();
    reply.put("id", "chatcmpl-test");
    reply.put("object", "chat.completion");
    reply.put("created", 1_700_000_000L);
    reply.put("model", request.path("model").asText());
    ObjectNode choice = reply.putArray("choices").addObject();
    choice.put("index", 0);
    choice.put("finish_reason", "stop");
    ObjectNode message = choice.putObject("message");
    message.put("role", "assistant");
    message.put("content", content);
    ObjectNode usage = reply.putObject("usage");
    usage.put("prompt_tokens", input);
    usage.put("completion_tokens", output);
    usage.put("total_tokens", input + output);
    usage.putObject("completion_tokens_details").put("reasoning_tokens", reasoning);
    usage.putObject("prompt_tokens_details").put("cached_tokens", cached);
    return FakeHttpServer.Reply.json(200, reply.toString());
  }

  private CliRun responses() {
    return CliRun.in(
        dir,
        "responses",
        "--model-id",
        "test-model",
        "--inference-url",
        server.url() + "/v1",
        "--dataset-id",
        "pairs.jsonl",
        "--output-dataset-path",
        "local_results/vb");
  }

  private CliRun evaluate() {
    return CliRun.in(
        dir,
        "evaluate",
        "--responses-ds-path",
        "local_results/vb-test-model",
        "--judge-model-id",
        "test-judge",
        "--inference-url",
        server.url() + "/v1",
        "--output-dataset-path",
        "local_results/vb-test-model");
  }

  private String description(String dataset) throws Exception {
    return JSON.readTree(dir.resolve(dataset).resolve("dataset_info.json").toFile())
        .path("description")
        .asText();
  }

  @Test
  void finalProgressLineOfEachStepBreaksDownTheTokensSpent() {
    CliRun run = responses();

    assertThat(run.exitCode()).as(run.err()).isZero();
    for (String step : new String[] {"generate-for", "generate-against"}) {
      assertThat(run.err())
          .containsPattern(
              step
                  + ": done in .*, 420 tokens \\(spent: 300 input, 90 cached input, 120 output,"
                  + " 24 reasoning\\)");
    }
  }

  @Test
  void answersFromTheCacheAreShownButNotCountedAsSpent() throws Exception {
    assertThat(responses().exitCode()).isZero();
    // Without the step checkpoints the steps run again, every request a cache hit.
    org.valbench.common.AtomicDirs.deleteRecursively(dir.resolve("local_data/steps"));
    int sent = requests.get();

    CliRun again = responses();

    assertThat(again.exitCode()).as(again.err()).isZero();
    assertThat(requests.get()).isEqualTo(sent);
    assertThat(again.err())
        .contains(
            "3 cached, 0 failed, 0 retries, concurrency 128, 0 tokens (spent: 0 input, 0 cached"
                + " input, 0 output, 0 reasoning; from the cache, not spent: 300 input, 120"
                + " output)");
  }

  @Test
  void datasetsAndSummaryRecordTheTokensOfTheirAnswersPerStepAndModel() throws Exception {
    assertThat(responses().exitCode()).isZero();
    CliRun judged = evaluate();
    assertThat(judged.exitCode()).as(judged.err()).isZero();

    assertThat(description("local_results/vb-test-model"))
        .contains("input_tokens=600; output_tokens=240; reasoning_tokens=48; cached_tokens=180");
    assertThat(description("local_results/vb-test-model-test-judge-evaluation"))
        .contains(
            "candidate_input_tokens=600; candidate_output_tokens=240;"
                + " candidate_reasoning_tokens=48; candidate_cached_tokens=180;"
                + " judge_input_tokens=600; judge_output_tokens=60; judge_reasoning_tokens=0;"
                + " judge_cached_tokens=150");
    JsonNode tokens =
        JSON.readTree(
                dir.resolve("evaluation_results/vb-test-model-test-judge/summary.json").toFile())
            .path("tokens");
    assertThat(tokens).hasSize(3);
    assertThat(JSON.convertValue(tokens.get(0), Map.class))
        .containsEntry("step", "generate-for")
        .containsEntry("responses_ds_path", "local_results/vb-test-model")
        .containsEntry("input_tokens", 300)
        .containsEntry("output_tokens", 120)
        .containsEntry("reasoning_tokens", 24)
        .containsEntry("cached_tokens", 90);
    assertThat(tokens.get(1).path("step").asText()).isEqualTo("generate-against");
    assertThat(tokens.get(1).path("input_tokens").asLong()).isEqualTo(300);
    assertThat(JSON.convertValue(tokens.get(2), Map.class))
        .containsEntry("step", "judge")
        .containsEntry("model", "test-judge")
        .containsEntry("input_tokens", 600)
        .containsEntry("output_tokens", 60)
        .containsEntry("reasoning_tokens", 0)
        .containsEntry("cached_tokens", 150);
    assertThat(tokens.get(2).path("cost_usd").isNull()).isTrue();
    assertThat(tokens.get(2).path("prices").asText()).isEqualTo("no price");
  }

  @Test
  void summaryPricesTheJudgesAnswersFromThePriceFile() throws Exception {
    Files.writeString(
        dir.resolve("prices.json"),
        """
        {"as_of": "2026-11-30", "models": {"test-judge":
          {"input": 1.0, "output": 2.0, "cached_input": 0.5, "input_includes_cached": true}}}
        """);
    assertThat(responses().exitCode()).isZero();
    CliRun judged =
        CliRun.in(
            dir,
            "evaluate",
            "--responses-ds-path",
            "local_results/vb-test-model",
            "--judge-model-id",
            "test-judge",
            "--inference-url",
            server.url() + "/v1",
            "--prices",
            "prices.json",
            "--output-dataset-path",
            "local_results/vb-test-model");
    assertThat(judged.exitCode()).as(judged.err()).isZero();

    JsonNode judge =
        JSON.readTree(
                dir.resolve("evaluation_results/vb-test-model-test-judge/summary.json").toFile())
            .path("tokens")
            .get(2);
    // 450 uncached input x 1 + 150 cached x 0.5 + 60 output x 2 = 645 per million.
    assertThat(judge.path("cost_usd").asDouble()).isCloseTo(0.000645, within(1e-12));
    assertThat(judge.path("prices").asText()).isEqualTo("as of 2026-11-30, check before relying");
  }
}
