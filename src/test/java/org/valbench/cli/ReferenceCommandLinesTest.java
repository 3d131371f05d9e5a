package org.valbench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.valbench.common.Env;
import org.valbench.common.Interruption;
import org.valbench.flows.EvaluateSettings;
import org.valbench.flows.ResponsesSettings;
import org.valbench.testing.CliRun;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/**
 * Command lines written for the reference implementation (its README's examples with {@code python
 * x.py --environment=pypi run} replaced by the valbench command, and its flag spellings: booleans
 * with a value, {@code --limit 0}) parse into the same settings as valbench's own spellings.
 */
class ReferenceCommandLinesTest {
  @TempDir Path dir;

  /** Parses {@code args} as Main does (spellings rewritten, boolean values attached). */
  private Object parse(String... args) {
    CommandLine cli =
        Main.commandLine(
            new CliContext(
                dir,
                Env.of(Map.of()),
                System::nanoTime,
                false,
                new Interruption(),
                org.valbench.protocol.ReferencePin.VAL_BENCH));
    ParseResult result =
        cli.parseArgs(BooleanFlags.attachValues(cli, Main.withDashedNames(cli, args)));
    return result.subcommand().commandSpec().userObject();
  }

  private ResponsesSettings responses(String... args) {
    return ((ResponsesCommand) parse(args)).settings();
  }

  private EvaluateSettings evaluate(String... args) {
    return ((EvaluateCommand) parse(args)).settings();
  }

  private static final String[] MIN_RESPONSES = {
    "responses", "--model_id", "m", "--output_dataset_path", "out"
  };

  private static final String[] MIN_EVALUATE = {
    "evaluate", "--responses_ds_path", "r", "--output_dataset_path", "out"
  };

  private static String[] with(String[] base, String... more) {
    String[] all = java.util.Arrays.copyOf(base, base.length + more.length);
    System.arraycopy(more, 0, all, base.length, more.length);
    return all;
  }

  // ---- the reference README's command lines

  @Test
  void readmeResponsesOnOpenAiParses() {
    // python val_bench_responses_flow.py --environment=pypi run --model_id="gpt-4.1-nano"
    //     --output_dataset_path="local_results/responses/val_responses"  (quotes removed by the
    // shell)
    ResponsesSettings s =
        responses(
            "responses",
            "--model_id=gpt-4.1-nano",
            "--output_dataset_path=local_results/responses/val_responses");

    assertThat(s.modelIds()).containsExactly("gpt-4.1-nano");
    assertThat(s.outputDatasetPath()).isEqualTo("local_results/responses/val_responses");
    assertThat(s.inferenceUrl()).isEmpty();
    assertThat(s.datasetId()).isEqualTo("val-bench/VAL-Bench");
    assertThat(s.batchSize()).isEqualTo(128);
    assertThat(s.enableThinking()).isFalse();
    assertThat(s.limit()).isEqualTo(-1);
  }

  @Test
  void readmeResponsesOnACustomServerParses() {
    ResponsesSettings s =
        responses(
            "responses",
            "--model_id=meta-llama/Llama-3.2-1B-Instruct",
            "--inference_url=http://0.0.0.0:8000/v1",
            "--output_dataset_path=local_results/responses/val_responses");

    assertThat(s.modelIds()).containsExactly("meta-llama/Llama-3.2-1B-Instruct");
    assertThat(s.inferenceUrl()).hasValue("http://0.0.0.0:8000/v1");
  }

  @Test
  void readmeEvaluateOnALocalJudgeParses() {
    EvaluateSettings s =
        evaluate(
            "evaluate",
            "--responses_ds_path=local_results/responses/val_responses-gpt-4-1-nano",
            "--inference_url=http://0.0.0.0:8000/v1",
            "--output_dataset_path=local_results/gpt-4-1-nano");

    assertThat(s.responsesDsPath()).isEqualTo("local_results/responses/val_responses-gpt-4-1-nano");
    assertThat(s.inferenceUrl()).hasValue("http://0.0.0.0:8000/v1");
    assertThat(s.outputDatasetPath()).isEqualTo("local_results/gpt-4-1-nano");
    assertThat(s.judgeModelId()).isEqualTo("google/gemma-3-27b-it");
    assertThat(s.batchSize()).isEqualTo(512);
    assertThat(s.reversePairOrder()).isFalse();
  }

  @Test
  void readmeEvaluateWithAnotherJudgeParses() {
    EvaluateSettings s =
        evaluate(
            "evaluate",
            "--responses_ds_path=local_results/responses/val_responses-gpt-4-1-nano",
            "--judge_model_id",
            "gpt-4.1",
            "--output_dataset_path=local_results/gpt-4-1-nano");

    assertThat(s.judgeModelId()).isEqualTo("gpt-4.1");
    assertThat(s.inferenceUrl()).isEmpty();
  }

  @Test
  void readmeCommandLinesRunEndToEndOnTheMockProvider() {
    CliRun answered =
        CliRun.in(
            dir,
            "responses",
            "--model_id=mock-consistent",
            "--output_dataset_path=local_results/responses/val_responses",
            "--provider",
            "mock",
            "--dataset_id",
            "sample",
            "--limit",
            "0",
            "--enable_thinking",
            "False");
    assertThat(answered.exitCode()).as(answered.err()).isZero();
    assertThat(answered.out())
        .contains("local_results/responses/val_responses-mock-consistent (48 pairs)");

    CliRun judged =
        CliRun.in(
            dir,
            "evaluate",
            "--responses_ds_path=local_results/responses/val_responses-mock-consistent",
            "--judge_model_id",
            "mock-judge",
            "--provider",
            "mock",
            "--reverse_pair_order",
            "True",
            "--output_dataset_path=local_results/mock-consistent");
    assertThat(judged.exitCode()).as(judged.err()).isZero();
    assertThat(judged.out()).contains("over 48 usable pairs");
  }

  // ---- boolean flags with a value

  @ParameterizedTest
  @CsvSource({
    "True,true",
    "true,true",
    "TRUE,true",
    "1,true",
    "yes,true",
    "Yes,true",
    "False,false",
    "false,false",
    "0,false",
    "no,false",
    "NO,false"
  })
  void booleanFlagsTakeASeparateValueInTheReferenceSpellings(String value, boolean expected) {
    ResponsesSettings r =
        responses(with(MIN_RESPONSES, "--enable_thinking", value, "--enable-web-search", value));
    EvaluateSettings e =
        evaluate(
            with(
                MIN_EVALUATE,
                "--reverse_pair_order",
                value,
                "--no_cache",
                value,
                "--retry-unusable",
                value));

    assertThat(r.enableThinking()).isEqualTo(expected);
    assertThat(r.enableWebSearch()).isEqualTo(expected);
    assertThat(e.reversePairOrder()).isEqualTo(expected);
    assertThat(e.noCache()).isEqualTo(expected);
    assertThat(e.retryUnusable()).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({"true,true", "False,false", "1,true", "no,false"})
  void booleanFlagsTakeAnAttachedValue(String value, boolean expected) {
    ResponsesSettings r =
        responses(
            with(
                MIN_RESPONSES,
                "--enable-thinking=" + value,
                "--enable_web_search=" + value,
                "--no-cache=" + value));
    EvaluateSettings e = evaluate(with(MIN_EVALUATE, "--reverse-pair-order=" + value));

    assertThat(r.enableThinking()).isEqualTo(expected);
    assertThat(r.enableWebSearch()).isEqualTo(expected);
    assertThat(r.noCache()).isEqualTo(expected);
    assertThat(e.reversePairOrder()).isEqualTo(expected);
  }

  @Test
  void aBareBooleanFlagStillMeansTrueBeforeAnotherOptionOrAtTheEnd() {
    ResponsesSettings beforeOption =
        responses(with(MIN_RESPONSES, "--enable-thinking", "--limit", "5"));
    ResponsesSettings twoBare =
        responses(with(MIN_RESPONSES, "--enable_thinking", "--enable_web_search"));
    EvaluateSettings atEnd = evaluate(with(MIN_EVALUATE, "--reverse_pair_order"));

    assertThat(beforeOption.enableThinking()).isTrue();
    assertThat(beforeOption.limit()).isEqualTo(5);
    assertThat(twoBare.enableThinking()).isTrue();
    assertThat(twoBare.enableWebSearch()).isTrue();
    assertThat(atEnd.reversePairOrder()).isTrue();
  }

  @Test
  void aBareFlagBeforeTheSubcommandKeepsTheSubcommand() {
    CliRun result = CliRun.in(dir, "--verbose", "responses", "--help");

    assertThat(result.exitCode()).isZero();
    assertThat(result.out()).contains("--enable-thinking[=BOOL]");
  }

  @ParameterizedTest
  @CsvSource({
    "--enable_thinking,maybe,--enable-thinking",
    "--enable-web-search,2,--enable-web-search",
    "--no-cache,on,--no-cache",
    "--enable-thinking=,nope,--enable-thinking"
  })
  void aBadBooleanValueExitsTwoNamingTheFlag(String flag, String value, String shown) {
    String[] args =
        flag.endsWith("=") ? with(MIN_RESPONSES, flag + value) : with(MIN_RESPONSES, flag, value);

    CliRun result = CliRun.in(dir, args);

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err().strip())
        .isEqualTo(
            "valbench responses: Invalid value for option '"
                + shown
                + "': '"
                + value
                + "' is not a yes/no value; expected true or false (or 1/0, yes/no)"
                + " (see 'valbench responses --help')");
  }

  @Test
  void aBadValueOfAnEvaluateFlagNamesThatFlag() {
    CliRun result = CliRun.in(dir, with(MIN_EVALUATE, "--reverse_pair_order", "Truee"));

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("'--reverse-pair-order'").contains("'Truee'");
  }

  @Test
  void verboseTakesAValueToo() {
    assertThat(BooleanFlags.verbose("responses", "--verbose")).isTrue();
    assertThat(BooleanFlags.verbose("responses", "--verbose", "--limit", "3")).isTrue();
    assertThat(BooleanFlags.verbose("responses", "--verbose", "False")).isFalse();
    assertThat(BooleanFlags.verbose("responses", "--verbose=0")).isFalse();
    assertThat(BooleanFlags.verbose("responses", "--verbose=yes")).isTrue();
    assertThat(BooleanFlags.verbose("responses", "--limit", "3")).isFalse();

    CliRun quiet =
        CliRun.in(dir, with(MIN_RESPONSES, "--dataset-id", "gone.jsonl", "--verbose", "false"));
    assertThat(quiet.exitCode()).isEqualTo(2);
    assertThat(quiet.err()).contains("gone.jsonl").doesNotContain("\tat ");
  }

  // ---- --limit

  @ParameterizedTest
  @CsvSource({"0,-1", "-1,-1", "-7,-1", "-100000000000,-1", "1,1", "250,250"})
  void aLimitOfZeroOrBelowMeansAllPairs(String given, long expected) {
    assertThat(responses(with(MIN_RESPONSES, "--limit", given)).limit()).isEqualTo(expected);
    assertThat(responses(with(MIN_RESPONSES, "--limit=" + given)).limit()).isEqualTo(expected);
  }

  @Test
  void limitZeroRunsEveryPairOfTheSample() {
    CliRun result =
        CliRun.in(
            dir,
            "responses",
            "--model-id",
            "mock-consistent",
            "--provider",
            "mock",
            "--dataset-id",
            "sample",
            "--limit",
            "0",
            "--output-dataset-path",
            "local_results/all");

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.err()).contains("step load-pairs: ran, 48 rows");
    assertThat(result.out()).contains("(48 pairs)");
  }
}
