package org.valbench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.valbench.dataset.SaveToDiskFormat;
import org.valbench.pipeline.OutputLock;
import org.valbench.testing.CliRun;

class MainTest {
  @TempDir Path dir;

  private CliRun run(String... args) {
    return CliRun.in(dir, args);
  }

  private static final String[] RESPONSES = {
    "responses", "--model-id", "m", "--output-dataset-path", "local_results/out"
  };

  private CliRun responses(String... more) {
    String[] args = java.util.Arrays.copyOf(RESPONSES, RESPONSES.length + more.length);
    System.arraycopy(more, 0, args, RESPONSES.length, more.length);
    return run(args);
  }

  @Test
  void versionComesFromTheBuild() {
    CliRun result = run("--version");
    assertThat(result.exitCode()).isZero();
    assertThat(result.out()).startsWith("valbench ").doesNotContain("unknown").doesNotContain("${");
  }

  @Test
  void everyCommandHasHelpWithExamplesAndEveryDesignFlag() {
    CliRun responses = run("responses", "--help");
    assertThat(responses.exitCode()).isZero();
    assertThat(responses.out())
        .contains("Examples:")
        .contains(
            "--model-id",
            "--inference-url",
            "--provider",
            "--dataset-id",
            "--split",
            "--revision",
            "--openai-api",
            "--output-dataset-path",
            "--batch-size",
            "--system-prompt",
            "--enable-thinking",
            "--enable-web-search",
            "--limit",
            "--temperature",
            "--top-p",
            "--max-tokens",
            "--no-cache",
            "--verbose")
        .contains("Default: 128")
        .doesNotContain("--model_id");
    CliRun evaluate = run("evaluate", "--help");
    assertThat(evaluate.out())
        .contains("Examples:")
        .contains(
            "--responses-ds-path",
            "--judge-model-id",
            "--reverse-pair-order",
            "--judge-prompt-file",
            "--eval-output-ds-path",
            "Default: 512",
            "google/gemma-3-27b-it");
    assertThat(run("demo", "--help").out()).contains("Examples:", "not a measurement");
    assertThat(run("--help").out()).contains("responses", "evaluate", "demo", "Exit codes");
  }

  @Test
  void nonNumericLimitExitsTwoNamingTheFlag() {
    CliRun result = responses("--limit", "abc");
    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err().strip())
        .isEqualTo(
            "valbench responses: Invalid value for option '--limit': 'abc' is not a whole number;"
                + " give a number of pairs, or 0 (or -1) for all (see 'valbench responses --help')");
  }

  @Test
  void zeroBatchSizeExitsTwo() {
    CliRun result = responses("--batch-size", "0");
    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("--batch-size").contains("at least 1");
    assertThat(result.err().lines().count()).isOne();
  }

  @Test
  void unknownProviderExitsTwoListingTheProviders() {
    CliRun result = responses("--provider", "foo");
    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err())
        .contains("--provider")
        .contains("openai, openai-compatible, anthropic, bedrock, mock");
  }

  @Test
  void outOfRangeSettingsExitTwo() {
    assertThat(responses("--temperature", "3").exitCode()).isEqualTo(2);
    assertThat(responses("--top-p", "0").exitCode()).isEqualTo(2);
    assertThat(responses("--max-tokens", "-5").exitCode()).isEqualTo(2);
    assertThat(responses("--openai-api", "completions").err()).contains("responses or chat");
    assertThat(run("responses", "--output-dataset-path", "x").err()).contains("--model-id");
  }

  @Test
  void missingRequiredColumnExitsTwoNamingColumnAndFile() throws Exception {
    Files.writeString(
        dir.resolve("missing-col.jsonl"),
        "{\"id\": \"1\", \"issue_description\": \"d\", \"for_question\": \"f\"}\n");

    CliRun result = responses("--dataset-id", "missing-col.jsonl");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err())
        .contains(
            "valbench: missing-col.jsonl: missing required column 'against_question'"
                + " (found: id, issue_description, for_question)")
        .doesNotContain("Exception")
        .doesNotContain("\tat ");
  }

  @Test
  void missingFileExitsTwoNamingIt() {
    CliRun result = responses("--dataset-id", "nope.parquet");
    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("nope.parquet").contains("no such file");
  }

  @Test
  void corruptFileExitsTwoNamingItAndVerboseAddsTheStackTrace() throws Exception {
    Files.writeString(dir.resolve("broken.parquet"), "not parquet");

    CliRun quiet = responses("--dataset-id", "broken.parquet");
    CliRun verbose = responses("--dataset-id", "broken.parquet", "--verbose");

    assertThat(quiet.exitCode()).isEqualTo(2);
    assertThat(quiet.err()).contains("broken.parquet").doesNotContain("\tat ");
    assertThat(verbose.exitCode()).isEqualTo(2);
    assertThat(verbose.err()).contains("\tat ");
  }

  @Test
  void referenceSpellingsWithUnderscoresAreAccepted() {
    CliRun result =
        run(
            "responses",
            "--model_id",
            "mock-consistent",
            "--provider",
            "mock",
            "--output_dataset_path=local_results/out",
            "--dataset_id",
            "sample",
            "--limit",
            "3");
    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.err()).contains("step load-pairs: ran, 3 rows");
    assertThat(result.out()).contains("local_results/out-mock-consistent (3 pairs)");
  }

  @Test
  void secondRunOnTheSameOutputExitsFiveNamingTheLock() throws Exception {
    CliRun first = run("demo");
    assertThat(first.exitCode()).isZero();
    Path lockFile;
    try (var locks = Files.list(dir.resolve("local_data/locks"))) {
      lockFile = locks.findFirst().orElseThrow();
    }
    try (OutputLock held = OutputLock.acquire(lockFile, "demo")) {
      CliRun second = run("demo");
      assertThat(second.exitCode()).isEqualTo(5);
      assertThat(second.err())
          .contains("already writing")
          .contains(lockFile.toString())
          .contains("process " + ProcessHandle.current().pid());
    }
  }

  @Test
  void demoRunsThePipelineOfflineAndReusesEveryStepOnRerun() throws Exception {
    CliRun first = run("demo");
    CliRun second = run("demo");

    assertThat(first.exitCode()).as(first.err()).isZero();
    assertThat(first.err()).contains("not a measurement").contains("step load-pairs: ran, 48 rows");
    assertThat(first.err()).contains("step judge: ran, 48 rows");
    assertThat(second.err())
        .contains("step generate-for: cached, 48 rows")
        .contains("step judge: cached, 48 rows")
        .contains("step load-responses: cached, 48 rows");
    // Only the reports (not a checkpoint) are written again: one per candidate, and one per
    // calibration set.
    assertThat(second.err().lines().filter(l -> l.contains(": ran,")).toList())
        .hasSize(6)
        .allSatisfy(l -> assertThat(l).startsWith("step report: ran, 48 rows"));
    assertThat(first.out())
        .contains("responses of mock-mixed: local_results/demo-mock-mixed (48 pairs)")
        .contains("judged dataset: local_results/demo-mock-mixed-mock-judge-evaluation")
        .contains("reports: evaluation_results/demo-mock-mixed-mock-judge/")
        .contains("category_metrics.png")
        .contains("responses of mock-consistent: local_results/demo-mock-consistent (48 pairs)")
        .contains(" 1. demo-mock-consistent-mock-judge: PAC 100.0%")
        .contains(" 2. demo-mock-mixed-mock-judge: PAC 74.0%")
        .contains(
            "comparison: evaluation_results/compare-demo-mock-mixed-mock-judge-vs-"
                + "demo-mock-consistent-mock-judge/")
        .contains(
            "demo-unaligned-0          0.0       0.0  0.0-0.0          +0.0      48      0.0%"
                + "     0.0%  PASS")
        .contains(
            "demo-one-refusal-50      50.0      50.0  50.0-50.0        +0.0      48    100.0%"
                + "     0.0%  PASS")
        .contains("calibration: evaluation_results/demo-calibration-mock-judge/");
    assertThat(second.out()).isEqualTo(first.out());
    assertThat(SaveToDiskFormat.read(dir.resolve("local_results/demo-mock-mixed")).size())
        .isEqualTo(48);
  }

  @Test
  void noArgumentsExitsTwoAskingForACommand() {
    CliRun result = run();
    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("choose a command");
  }

  @Test
  void malformedDotEnvExitsTwoWithoutEchoingIt() throws Exception {
    Files.writeString(dir.resolve(".env"), "OPENAI_API_KEY=sk-secret-value\nthis line is wrong\n");
    CliRun result = run("demo");
    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains(".env").doesNotContain("sk-secret-value");
  }
}
