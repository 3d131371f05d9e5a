package org.valbench.flows;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.valbench.inference.MockClient;
import org.valbench.testing.CliRun;
import org.valbench.testing.FakeHttpServer;
import org.valbench.testing.ScriptedPairs;

/**
 * {@code --dry-run} against a fake server that counts what it receives: nothing is sent, no dataset
 * is written, and the counts and estimates match what a real run then sends. Every answer reports
 * 40 output tokens; prices are $1000 per million input and $2000 per million output tokens, so a
 * token costs $0.001 in and $0.002 out.
 */
class DryRunTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern LINE =
      Pattern.compile(
          "(generate-for|generate-against|judge) \\(([^)]+)\\): (\\d+) requests, (\\d+) in the"
              + " cache, (\\d+) to send; about (\\d+) input tokens, at most (\\d+) output tokens");

  @TempDir Path dir;

  private FakeHttpServer server;
  private final AtomicInteger requests = new AtomicInteger();
  private final AtomicLong charsOverFour = new AtomicLong();

  @BeforeEach
  void start() throws Exception {
    server = new FakeHttpServer().handle(this::answer);
    Files.writeString(
        dir.resolve("pairs.jsonl"), ScriptedPairs.jsonl("consistent", "sycophantic", "refusing"));
    Files.writeString(
        dir.resolve("prices.json"),
        """
        {"as_of": "2026-11-30", "models": {
          "test-model": {"input": 1000, "output": 2000, "cached_input": 1000},
          "test-judge": {"input": 1000, "output": 2000, "cached_input": 1000}}}
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
      long chars = 0;
      for (JsonNode message : body.path("messages")) {
        chars += message.path("content").asText().length();
      }
      charsOverFour.addAndGet((chars + 3) / 4);
      JsonNode messages = body.path("messages");
      String user = messages.get(messages.size() - 1).path("content").asText();
      boolean judge = body.has("response_format");
      return TokenAccountingTest.usageReply(
          body,
          judge ? MockClient.judge(user) : "[mock:position=steady] Same view either way.",
          100,
          40,
          0,
          0);
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
                "--max-tokens",
                "100",
                "--prices",
                "prices.json",
                "--output-dataset-path",
                "local_results/vb"));
    args.addAll(List.of(more));
    return CliRun.in(dir, args.toArray(String[]::new));
  }

  private CliRun evaluate(String... more) {
    List<String> args =
        new java.util.ArrayList<>(
            List.of(
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
                "local_results/vb-test-model"));
    args.addAll(List.of(more));
    return CliRun.in(dir, args.toArray(String[]::new));
  }

  /** The estimate line of {@code step}: requests, cached, to send, input, max output. */
  private static long[] estimate(String out, String step) {
    Matcher m = LINE.matcher(out);
    while (m.find()) {
      if (m.group(1).equals(step)) {
        return new long[] {
          Long.parseLong(m.group(3)),
          Long.parseLong(m.group(4)),
          Long.parseLong(m.group(5)),
          Long.parseLong(m.group(6)),
          Long.parseLong(m.group(7))
        };
      }
    }
    throw new AssertionError("no estimate line for " + step + " in:\n" + out);
  }

  @Test
  void aDryRunSendsNothingWritesNoDatasetAndItsInputEstimateIsWhatARunSendsOverFour() {
    CliRun dry = responses("--dry-run");

    assertThat(dry.exitCode()).as(dry.err()).isZero();
    assertThat(requests.get()).isZero();
    assertThat(dir.resolve("local_results/vb-test-model")).doesNotExist();
    assertThat(dry.out()).contains("dry run: nothing was sent and no dataset was written");
    long[] forSide = estimate(dry.out(), "generate-for");
    long[] againstSide = estimate(dry.out(), "generate-against");
    assertThat(forSide).startsWith(3, 0, 3);
    assertThat(forSide[4]).isEqualTo(300);
    assertThat(againstSide).startsWith(3, 0, 3);
    // Upper bound: input x $0.001 + 300 output x $0.002 = input / 1000 + 0.6; batch: half.
    double upper = forSide[3] * 0.001 + 0.6;
    assertThat(dry.out())
        .contains(
            String.format(
                Locale.ROOT, "  cost at most $%.4f live, $%.4f batch (", upper, upper / 2));

    CliRun real = responses();

    assertThat(real.exitCode()).as(real.err()).isZero();
    assertThat(requests.get()).isEqualTo(6);
    assertThat(charsOverFour.get()).isEqualTo(forSide[3] + againstSide[3]);
  }

  @Test
  void aDryRunCountsOnlyTheRequestsTheCacheMissesAndEstimatesOutputFromCachedAnswers() {
    assertThat(responses("--limit", "2").exitCode()).isZero();
    int sent = requests.get();

    CliRun dry = responses("--dry-run");

    assertThat(requests.get()).isEqualTo(sent);
    long[] forSide = estimate(dry.out(), "generate-for");
    assertThat(forSide).startsWith(3, 2, 1);
    assertThat(forSide[4]).isEqualTo(100);
    // Two cached answers of 40 output tokens each: 40 expected for the one request to send.
    assertThat(dry.out()).contains("at most 100 output tokens (about 40 by the cached answers");
    double expected = forSide[3] * 0.001 + 40 * 0.002;
    assertThat(dry.out())
        .contains(
            String.format(
                Locale.ROOT, "; expected $%.4f live, $%.4f batch", expected, expected / 2));
  }

  @Test
  void evaluateDryRunSendsNoJudgeRequestAndWritesNoReport() {
    assertThat(responses().exitCode()).isZero();
    int sent = requests.get();

    CliRun dry = evaluate("--dry-run");

    assertThat(dry.exitCode()).as(dry.err()).isZero();
    assertThat(requests.get()).isEqualTo(sent);
    assertThat(dir.resolve("evaluation_results")).doesNotExist();
    assertThat(dir.resolve("local_results/vb-test-model-test-judge-evaluation")).doesNotExist();
    long[] judge = estimate(dry.out(), "judge");
    assertThat(judge).startsWith(3, 0, 3);

    assertThat(evaluate().exitCode()).isZero();
    assertThat(requests.get()).isEqualTo(sent + 3);
    CliRun again = evaluate("--dry-run");
    assertThat(estimate(again.out(), "judge")).startsWith(3, 3, 0, 0, 0);
  }

  @Test
  void aDryRunOfAModelWithoutAPriceShowsTokensAndNoPrice() {
    CliRun dry =
        CliRun.in(
            dir,
            "responses",
            "--model-id",
            "unpriced-model",
            "--inference-url",
            server.url() + "/v1",
            "--dataset-id",
            "pairs.jsonl",
            "--output-dataset-path",
            "local_results/vb",
            "--dry-run");

    assertThat(dry.exitCode()).as(dry.err()).isZero();
    assertThat(requests.get()).isZero();
    assertThat(dry.out())
        .contains("generate-for (unpriced-model): 3 requests, 0 in the cache, 3 to send")
        .contains("  no price for model 'unpriced-model' (add it with --prices FILE)");
  }
}
