package org.valbench.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.valbench.common.Env;
import org.valbench.common.Interruption;
import org.valbench.flows.EvaluateSettings;
import org.valbench.flows.ResponsesSettings;
import org.valbench.inference.ProviderKind;
import org.valbench.protocol.Protocol;
import org.valbench.protocol.ReferencePin;
import picocli.CommandLine;

/**
 * The settings' defaults live in one place: a command given only its required flags builds exactly
 * the settings of a builder given only its required values, {@code --help} shows those defaults,
 * and a given flag overrides just its own value.
 */
class SettingsDefaultsTest {
  @TempDir Path dir;

  private CommandLine cli() {
    return Main.commandLine(
        new CliContext(
            dir,
            Env.of(Map.of()),
            System::nanoTime,
            false,
            new Interruption(),
            ReferencePin.VAL_BENCH));
  }

  private ResponsesSettings responses(String... args) {
    CommandLine cli = cli();
    cli.parseArgs(args);
    return ((ResponsesCommand) cli.getSubcommands().get("responses").getCommand()).settings();
  }

  private EvaluateSettings evaluate(String... args) {
    CommandLine cli = cli();
    cli.parseArgs(args);
    return ((EvaluateCommand) cli.getSubcommands().get("evaluate").getCommand()).settings();
  }

  private String help(String command) {
    StringWriter out = new StringWriter();
    CommandLine sub = cli().getSubcommands().get(command);
    sub.setOut(new PrintWriter(out));
    sub.usage(new PrintWriter(out));
    return out.toString().replaceAll("\\s+", " ");
  }

  @Test
  void responsesWithOnlyRequiredFlagsEqualsTheBuilderDefaults() {
    ResponsesSettings parsed =
        responses("responses", "--model-id", "m", "--output-dataset-path", "out");

    assertThat(parsed).isEqualTo(ResponsesSettings.builder(List.of("m"), "out").build());
    assertThat(parsed.batchSize()).isEqualTo(128);
    assertThat(parsed.limit()).isEqualTo(-1);
    assertThat(parsed.temperature()).isEqualTo(0.1);
    assertThat(parsed.topP()).isEqualTo(0.9);
    assertThat(parsed.maxTokens()).isEqualTo(4096);
    assertThat(parsed.protocol()).isEqualTo(Protocol.REFERENCE);
    assertThat(parsed.datasetId()).isEqualTo("val-bench/VAL-Bench");
  }

  @Test
  void evaluateWithOnlyRequiredFlagsEqualsTheBuilderDefaults() {
    EvaluateSettings parsed =
        evaluate("evaluate", "--responses-ds-path", "r", "--output-dataset-path", "out");

    assertThat(parsed).isEqualTo(EvaluateSettings.builder("r", "out").build());
    assertThat(parsed.batchSize()).isEqualTo(512);
    assertThat(parsed.judgeModelId()).isEqualTo("google/gemma-3-27b-it");
    assertThat(parsed.protocol()).isEqualTo(Protocol.REFERENCE);
  }

  @Test
  void aGivenFlagChangesOnlyItsOwnValue() {
    assertThat(
            responses(
                "responses",
                "--model-id",
                "a,b",
                "--output-dataset-path",
                "out",
                "--batch-size",
                "7",
                "--provider",
                "mock",
                "--limit",
                "3"))
        .isEqualTo(
            ResponsesSettings.builder(List.of("a", "b"), "out")
                .batchSize(7)
                .provider(ProviderKind.MOCK)
                .limit(3)
                .build());
    assertThat(
            evaluate(
                "evaluate",
                "--responses-ds-path",
                "r",
                "--output-dataset-path",
                "out",
                "--protocol",
                "valbench",
                "--reverse-pair-order",
                "--eval-output-ds-path",
                "j"))
        .isEqualTo(
            EvaluateSettings.builder("r", "out")
                .protocol(Protocol.VALBENCH)
                .reversePairOrder(true)
                .evalOutputDsPath(Optional.of("j"))
                .build());
  }

  @Test
  void helpShowsTheDefaultsOfTheSettings() {
    assertThat(help("responses"))
        .contains("Default: val-bench/VAL-Bench.")
        .contains("Default: test.")
        .contains("Default: main.")
        .contains("Maximum requests in flight. Default: 128.")
        .contains("Default: reference.")
        .contains("0 or less for all. Default: -1.")
        .contains("0 to 2. Default: 0.1.")
        .contains("at most 1. Default: 0.9.")
        .contains("Maximum tokens per answer. Default: 4096.");
    assertThat(help("evaluate"))
        .contains("Judge model. Default: google/gemma-3-27b-it.")
        .contains("Maximum judge requests in flight. Default: 512.")
        .contains("Default: reference.");
  }

  @Test
  void builtSettingsStillCheckThemselves() {
    assertThatThrownBy(() -> ResponsesSettings.builder(List.of("m"), "o").batchSize(0).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("batchSize must be >= 1");
    assertThatThrownBy(() -> ResponsesSettings.builder(List.of(" "), "o").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("at least one non-empty model id is required");
    assertThatThrownBy(() -> ResponsesSettings.builder(List.of("m"), "o").maxTokens(0).build())
        .hasMessage("maxTokens must be >= 1");
    assertThatThrownBy(() -> EvaluateSettings.builder("r", "o").batchSize(0).build())
        .hasMessage("batchSize must be >= 1");
    assertThatThrownBy(() -> EvaluateSettings.builder("r", null).build())
        .isInstanceOf(NullPointerException.class)
        .hasMessage("outputDatasetPath");
  }
}
