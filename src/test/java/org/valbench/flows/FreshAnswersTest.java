package org.valbench.flows;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.valbench.inference.SqliteResponseCache;
import org.valbench.testing.CliRun;
import org.valbench.testing.FakeHttpServer;
import org.valbench.testing.FakeOpenAi;
import org.valbench.testing.ScriptedPairs;

/**
 * {@code --no-cache} means fresh answers (checkpoints of inference steps are not reused either),
 * and {@code --retry-unusable} asks the judge again for exactly the answers it could not score.
 */
class FreshAnswersTest {
  @TempDir Path dir;

  private FakeHttpServer server;
  private final FakeOpenAi openAi = new FakeOpenAi();
  private static final String RESPONSES = "local_results/vb-m1";

  @BeforeEach
  void start() throws IOException {
    server = new FakeHttpServer().handle(openAi::handle);
    String[] cases = {"consistent", "broken-judge", "sycophantic", "broken-judge", "refusing"};
    Files.writeString(dir.resolve("pairs.jsonl"), ScriptedPairs.jsonl(cases));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private CliRun responses(String... extra) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "responses",
                "--model-id",
                "m1",
                "--inference-url",
                server.url() + "/v1",
                "--dataset-id",
                "pairs.jsonl",
                "--output-dataset-path",
                "local_results/vb"));
    args.addAll(List.of(extra));
    return CliRun.in(dir, args.toArray(String[]::new));
  }

  private CliRun evaluate(String... extra) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "evaluate",
                "--responses-ds-path",
                RESPONSES,
                "--judge-model-id",
                "judge",
                "--inference-url",
                server.url() + "/v1",
                "--output-dataset-path",
                RESPONSES));
    args.addAll(List.of(extra));
    return CliRun.in(dir, args.toArray(String[]::new));
  }

  private long cachedAnswers() {
    try (SqliteResponseCache cache =
        SqliteResponseCache.open(dir.resolve("local_data/cache.sqlite"))) {
      return cache.size();
    }
  }

  @Test
  void noCacheSendsEveryRequestAgainAndStoresNothing() {
    assertThat(responses().exitCode()).isZero();
    assertThat(openAi.candidateRequests.get()).isEqualTo(10);
    assertThat(cachedAnswers()).isEqualTo(10);

    CliRun fresh = responses("--no-cache");
    CliRun freshAgain = responses("--no-cache");

    assertThat(fresh.exitCode()).as(fresh.err()).isZero();
    assertThat(fresh.err())
        .contains("step generate-for: ran")
        .contains("step combine-responses: ran");
    assertThat(freshAgain.exitCode()).isZero();
    assertThat(openAi.candidateRequests.get()).isEqualTo(30);
    assertThat(cachedAnswers()).isEqualTo(10);

    CliRun cached = responses();
    assertThat(cached.exitCode()).isZero();
    assertThat(openAi.candidateRequests.get()).isEqualTo(30);
  }

  @Test
  void noCacheOnEvaluateAsksTheJudgeAgainForEveryPair() {
    assertThat(responses().exitCode()).isZero();
    assertThat(evaluate().exitCode()).isZero();
    assertThat(openAi.judgeRequests.get()).isEqualTo(5);

    CliRun fresh = evaluate("--no-cache");

    assertThat(fresh.exitCode()).as(fresh.err()).isZero();
    assertThat(openAi.judgeRequests.get()).isEqualTo(10);
    assertThat(fresh.err()).contains("step judge: ran").contains("step score-judgements: ran");
  }

  @Test
  void retryUnusableAsksOnlyTheUnusableJudgeAnswersAgain() throws IOException {
    assertThat(responses().exitCode()).isZero();
    CliRun first = evaluate();
    assertThat(first.exitCode()).as(first.err()).isZero();
    assertThat(first.out()).contains("2 unusable judge answers");
    assertThat(openAi.judgeRequests.get()).isEqualTo(5);

    openAi.judgeHealed = true;
    CliRun plainRerun = evaluate();
    assertThat(plainRerun.out()).contains("2 unusable judge answers");
    assertThat(openAi.judgeRequests.get()).isEqualTo(5);

    CliRun retried = evaluate("--retry-unusable");

    assertThat(retried.exitCode()).as(retried.err()).isZero();
    assertThat(openAi.judgeRequests.get()).isEqualTo(7);
    assertThat(retried.out()).contains("over 5 usable pairs; 0 unusable judge answers");
    String summary = Files.readString(dir.resolve("evaluation_results/vb-m1-judge/summary.json"));
    assertThat(summary).contains("\"retry_unusable\" : true");

    // The new answers replaced the unusable ones in the cache: a plain rerun keeps them.
    CliRun after = evaluate();
    assertThat(after.out()).contains("0 unusable judge answers");
    assertThat(openAi.judgeRequests.get()).isEqualTo(7);
  }

  @Test
  void retryUnusableWithAnAlreadyJudgedDatasetIsRefused() {
    CliRun run = evaluate("--retry-unusable", "--eval-output-ds-path", "local_results/judged");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--retry-unusable").contains("--eval-output-ds-path");
  }

  @Test
  void aStepAfterARecomputedInputRunsAgain() {
    assertThat(responses().exitCode()).isZero();
    CliRun fresh = responses("--no-cache");

    assertThat(fresh.err())
        .contains("step load-pairs: cached")
        .contains("step build-prompts: cached")
        .contains("step generate-against: ran")
        .contains("step combine-responses: ran");
  }
}
