package org.valbench.flows;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.valbench.common.Hashing;
import org.valbench.judge.JudgePrompt;
import org.valbench.testing.CliRun;
import org.valbench.testing.FakeHttpServer;
import org.valbench.testing.FakeOpenAi;
import org.valbench.testing.ScriptedPairs;
import org.valbench.testing.SyntheticProtocol;

/**
 * Whole commands under {@code --protocol}: which system prompts reach the candidate and the judge,
 * fetched once from a loopback server serving the synthetic protocol files, cached, recorded in
 * summary.json and the step keys; exit code 5 with the ways out when nothing can be fetched.
 */
class ProtocolPipelineTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private FakeHttpServer models;
  private FakeHttpServer reference;
  private final FakeOpenAi openAi = new FakeOpenAi();

  @BeforeEach
  void start() throws Exception {
    models = new FakeHttpServer().handle(openAi::handle);
    reference = SyntheticProtocol.serve(new FakeHttpServer());
    Files.writeString(dir.resolve("pairs.jsonl"), ScriptedPairs.jsonl("consistent", "refusing"));
  }

  @AfterEach
  void stop() {
    models.close();
    reference.close();
  }

  private Map<String, String> env(String referenceUrl) {
    Map<String, String> env = new HashMap<>();
    env.put("VALBENCH_REFERENCE_URL", referenceUrl);
    env.put("VALBENCH_HUB_CACHE", dir.resolve("cache").toString());
    return env;
  }

  private CliRun responses(String referenceUrl, String prefix, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "responses",
                "--model-id",
                "org/model",
                "--inference-url",
                models.url() + "/v1",
                "--dataset-id",
                "pairs.jsonl",
                "--output-dataset-path",
                prefix));
    args.addAll(List.of(more));
    return CliRun.in(dir, env(referenceUrl), args.toArray(String[]::new));
  }

  private CliRun evaluate(String referenceUrl, String prefix, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "evaluate",
                "--responses-ds-path",
                prefix + "-org-model",
                "--judge-model-id",
                "org/judge",
                "--inference-url",
                models.url() + "/v1",
                "--output-dataset-path",
                prefix + "-org-model"));
    args.addAll(List.of(more));
    return CliRun.in(dir, env(referenceUrl), args.toArray(String[]::new));
  }

  /** The system prompts the model server received, from candidate and judge requests apart. */
  private Set<String> systemPrompts(boolean judge) throws Exception {
    Set<String> prompts = new TreeSet<>();
    for (FakeHttpServer.Recorded request : models.requests()) {
      JsonNode body = JSON.readTree(request.body());
      if (body.has("response_format") == judge) {
        for (JsonNode message : body.path("messages")) {
          if (message.path("role").asText().equals("system")) {
            prompts.add(message.path("content").asText());
          }
        }
      }
    }
    return prompts;
  }

  private String summary(String prefix) throws Exception {
    return Files.readString(
        dir.resolve("evaluation_results/" + prefix + "-org-model-judge/summary.json"));
  }

  @Test
  void byDefaultTheReferencePromptsAreSentFetchedOnceAndRecorded() throws Exception {
    CliRun answered = responses(reference.url(), "a");
    CliRun judged = evaluate(reference.url(), "a");

    assertThat(answered.exitCode()).as(answered.err()).isZero();
    assertThat(judged.exitCode()).as(judged.err()).isZero();
    assertThat(systemPrompts(false)).containsExactly(SyntheticProtocol.CANDIDATE_PROMPT);
    assertThat(systemPrompts(true)).containsExactly(SyntheticProtocol.JUDGE_PROMPT);
    assertThat(reference.requests())
        .extracting(FakeHttpServer.Recorded::path)
        .containsExactly(
            "/" + SyntheticProtocol.COMMIT + "/val_bench_responses_flow.py",
            "/" + SyntheticProtocol.COMMIT + "/evaluator_flow.py");
    assertThat(summary("a"))
        .contains("\"protocol\" : \"reference\"")
        .contains("\"protocol_commit\" : \"" + SyntheticProtocol.COMMIT + "\"")
        .contains("\"judge_prompt_source\" : \"reference\"")
        .contains(
            "\"judge_prompt_sha256\" : \"" + Hashing.sha256Hex(SyntheticProtocol.JUDGE_PROMPT));
    // The datasets' own metadata (Dataset.info.description in Python) names the prompts too.
    assertThat(Files.readString(dir.resolve("a-org-model/dataset_info.json")))
        .contains("protocol=reference; protocol_commit=" + SyntheticProtocol.COMMIT)
        .contains("system_prompt_sha256=" + Hashing.sha256Hex(SyntheticProtocol.CANDIDATE_PROMPT));
    assertThat(Files.readString(dir.resolve("a-org-model-judge-evaluation/dataset_info.json")))
        .contains("protocol=reference; protocol_commit=" + SyntheticProtocol.COMMIT)
        .contains("judge_prompt_sha256=" + Hashing.sha256Hex(SyntheticProtocol.JUDGE_PROMPT));
  }

  @Test
  void aMissingPairsFileIsNamedBeforeAnyNetworkTrouble() {
    String gone = reference.url();
    reference.close();

    CliRun run =
        CliRun.in(
            dir,
            env(gone),
            "responses",
            "--model-id",
            "mock-consistent",
            "--provider",
            "mock",
            "--dataset-id",
            "nope.jsonl",
            "--output-dataset-path",
            "x");

    assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
    assertThat(run.err()).contains("nope.jsonl").doesNotContain("could not fetch");
  }

  @Test
  void aCompleteCachedCopyWorksWithTheServerGone() throws Exception {
    assertThat(responses(reference.url(), "a").exitCode()).isZero();
    assertThat(evaluate(reference.url(), "a").exitCode()).isZero();
    String gone = reference.url();
    reference.close();

    CliRun again = responses(gone, "b", "--temperature", "0.3");
    CliRun judged = evaluate(gone, "b");

    assertThat(again.exitCode()).as(again.err()).isZero();
    assertThat(judged.exitCode()).as(judged.err()).isZero();
    assertThat(systemPrompts(true)).containsExactly(SyntheticProtocol.JUDGE_PROMPT);
  }

  @Test
  void aDamagedCachedFileIsFetchedAgainAndNeverUsed() throws Exception {
    assertThat(responses(reference.url(), "a").exitCode()).isZero();
    Path cached =
        dir.resolve("cache/reference/" + SyntheticProtocol.COMMIT + "/val_bench_responses_flow.py");
    Files.writeString(cached, SyntheticProtocol.responsesFlow().replace("two", "three"));

    CliRun again = responses(reference.url(), "b", "--temperature", "0.3");

    assertThat(again.exitCode()).as(again.err()).isZero();
    assertThat(systemPrompts(false)).containsExactly(SyntheticProtocol.CANDIDATE_PROMPT);
    assertThat(reference.requests()).hasSize(2);
    assertThat(Files.readString(cached)).isEqualTo(SyntheticProtocol.responsesFlow());
  }

  @Test
  void protocolValbenchSendsValbenchsOwnPromptsWithoutFetching() throws Exception {
    CliRun answered = responses(reference.url(), "v", "--protocol", "valbench");
    CliRun judged = evaluate(reference.url(), "v", "--protocol", "VALBENCH");

    assertThat(answered.exitCode()).as(answered.err()).isZero();
    assertThat(judged.exitCode()).as(judged.err()).isZero();
    assertThat(reference.requests()).isEmpty();
    assertThat(systemPrompts(false)).containsExactly(ResponsesSettings.DEFAULT_SYSTEM_PROMPT);
    assertThat(systemPrompts(true)).containsExactly(JudgePrompt.SYSTEM_PROMPT);
    assertThat(summary("v"))
        .contains("\"protocol\" : \"valbench\"")
        .contains("\"protocol_commit\" : null")
        .contains(Hashing.sha256Hex(JudgePrompt.SYSTEM_PROMPT));
  }

  @Test
  void eachPromptFlagReplacesOnlyItsOwnPrompt() throws Exception {
    Files.writeString(dir.resolve("judge.txt"), "Judge from a file.");

    CliRun answered = responses(reference.url(), "f", "--system-prompt", "Answer briefly.");
    CliRun judged = evaluate(reference.url(), "f", "--judge-prompt-file", "judge.txt");

    assertThat(answered.exitCode()).as(answered.err()).isZero();
    assertThat(judged.exitCode()).as(judged.err()).isZero();
    assertThat(reference.requests()).isEmpty();
    assertThat(systemPrompts(false)).containsExactly("Answer briefly.");
    assertThat(systemPrompts(true)).containsExactly("Judge from a file.");
    assertThat(summary("f"))
        .contains("\"judge_prompt_source\" : \"--judge-prompt-file\"")
        .contains(Hashing.sha256Hex("Judge from a file."));
  }

  @Test
  void switchingTheProtocolRunsThePromptStepAgain() throws Exception {
    assertThat(responses(reference.url(), "k", "--protocol", "valbench").exitCode()).isZero();
    CliRun same = responses(reference.url(), "k", "--protocol", "valbench");
    CliRun switched = responses(reference.url(), "k2");

    assertThat(same.err()).contains("step build-prompts: cached");
    assertThat(switched.err()).contains("step build-prompts: ran");
  }

  @Test
  void nothingFetchableAndNothingCachedExitsFiveWithTheWaysOutAndSendsNothing() throws Exception {
    String gone = reference.url();
    reference.close();

    CliRun answered = responses(gone, "u");
    CliRun judged =
        CliRun.in(
            dir,
            env(gone),
            "evaluate",
            "--responses-ds-path",
            "pairs.jsonl",
            "--judge-model-id",
            "org/judge",
            "--inference-url",
            models.url() + "/v1",
            "--output-dataset-path",
            "u");

    for (CliRun run : List.of(answered, judged)) {
      assertThat(run.exitCode()).as(run.err()).isEqualTo(5);
      // One message line, after at most the step lines of reading the pairs (checked first).
      assertThat(run.err().strip().lines().filter(l -> !l.startsWith("step "))).hasSize(1);
      String line = run.err().strip().lines().reduce((first, last) -> last).orElseThrow();
      assertThat(line)
          .contains("could not fetch")
          .contains(gone + "/" + SyntheticProtocol.COMMIT + "/")
          .contains("VALBENCH_REFERENCE_URL")
          .contains("--protocol valbench")
          .contains("--system-prompt")
          .contains("--judge-prompt-file");
    }
    assertThat(answered.err()).contains("val_bench_responses_flow.py");
    assertThat(judged.err()).contains("evaluator_flow.py");
    assertThat(models.requests()).isEmpty();
  }

  @Test
  void aServerAnswering404ExitsFiveNamingTheStatus() throws Exception {
    reference.handle(request -> new FakeHttpServer.Reply(404, Map.of(), "404: Not Found", 0));

    CliRun answered = responses(reference.url(), "n");

    assertThat(answered.exitCode()).isEqualTo(5);
    assertThat(answered.err()).contains("HTTP 404").contains("val_bench_responses_flow.py");
    assertThat(models.requests()).isEmpty();
  }

  @Test
  void aMirrorServingAnotherFileIsRefusedNamingTheFileAndBothHashes() throws Exception {
    String altered = SyntheticProtocol.evaluatorFlow().replace("Synthetic", "Altered");
    reference.handle(request -> new FakeHttpServer.Reply(200, Map.of(), altered, 0));

    CliRun judged =
        CliRun.in(
            dir,
            env(reference.url()),
            "evaluate",
            "--responses-ds-path",
            "pairs.jsonl",
            "--judge-model-id",
            "org/judge",
            "--inference-url",
            models.url() + "/v1",
            "--output-dataset-path",
            "m");

    assertThat(judged.exitCode()).isEqualTo(5);
    assertThat(judged.err())
        .contains("evaluator_flow.py")
        .contains("sha256 " + Hashing.sha256Hex(altered))
        .contains("expected " + SyntheticProtocol.pin().judge().fileSha256());
    assertThat(
            Files.exists(
                dir.resolve("cache/reference/" + SyntheticProtocol.COMMIT + "/evaluator_flow.py")))
        .isFalse();
    assertThat(models.requests()).isEmpty();
  }

  @Test
  void anUnknownProtocolExitsTwoNamingTheFlagAndHelpListsIt() throws Exception {
    CliRun answered = responses(reference.url(), "x", "--protocol", "paper");
    CliRun judged = evaluate(reference.url(), "x", "--protocol=");
    CliRun help = CliRun.in(dir, "evaluate", "--help");

    for (CliRun run : List.of(answered, judged)) {
      assertThat(run.exitCode()).isEqualTo(2);
      assertThat(run.err()).contains("--protocol").contains("expected reference or valbench");
    }
    assertThat(help.out()).contains("--protocol=reference|valbench").contains("Default: reference");
    assertThat(reference.requests()).isEmpty();
    assertThat(models.requests()).isEmpty();
  }

  @Test
  void theDemoUsesValbenchsOwnPromptsAndFetchesNothing() throws Exception {
    CliRun demo = CliRun.in(dir, env(reference.url()), "demo");

    assertThat(demo.exitCode()).as(demo.err()).isZero();
    assertThat(reference.requests()).isEmpty();
    String summary;
    try (var files = Files.walk(dir.resolve("evaluation_results"))) {
      Path found =
          files.filter(f -> f.getFileName().toString().equals("summary.json")).findFirst().get();
      summary = Files.readString(found);
    }
    assertThat(summary)
        .contains("\"protocol\" : \"valbench\"")
        .contains(Hashing.sha256Hex(JudgePrompt.SYSTEM_PROMPT));
  }
}
