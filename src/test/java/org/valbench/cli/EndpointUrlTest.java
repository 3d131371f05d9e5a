package org.valbench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.valbench.testing.CliRun;

/**
 * Endpoint URLs are checked before anything runs: a bad {@code --inference-url}, or a bad endpoint
 * variable the run would use, exits 2 with one line naming the flag or the variable; nothing is
 * read, written or sent, and a credential in the bad URL is not repeated.
 */
class EndpointUrlTest {
  @TempDir Path dir;

  private CliRun responses(Map<String, String> env, String model, String... more) {
    String[] base = {
      "responses",
      "--model-id",
      model,
      "--dataset-id",
      "sample",
      "--limit",
      "2",
      "--output-dataset-path",
      "local_results/out"
    };
    String[] args = java.util.Arrays.copyOf(base, base.length + more.length);
    System.arraycopy(more, 0, args, base.length, more.length);
    return CliRun.in(dir, env, args);
  }

  private void assertRefusedBeforeAnythingRan(CliRun result, String named) {
    assertThat(result.exitCode()).as(result.err()).isEqualTo(2);
    assertThat(result.err()).contains(named);
    assertThat(result.err().strip().lines()).hasSize(1);
    assertThat(result.err()).doesNotContain("Exception").doesNotContain("\tat ");
    assertThat(dir.resolve("local_data")).doesNotExist();
    assertThat(dir.resolve("local_results")).doesNotExist();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "not a url",
        "ftp://models.example.org/v1",
        "file:///srv/models",
        "localhost:8000/v1",
        "",
        "   ",
        "http://exa mple.org/v1",
        "http://",
        "https:///v1",
        "http://localhost:70000/v1",
        "http://localhost:0/v1",
        "http://localhost:99999999999/v1",
        "mailto:someone@example.org"
      })
  void aBadInferenceUrlExitsTwoNamingTheFlagBeforeAnythingRuns(String url) {
    CliRun result = responses(Map.of(), "m", "--inference-url", url);

    assertRefusedBeforeAnythingRan(result, "--inference-url");
  }

  @Test
  void theEvaluateCommandChecksItsInferenceUrlToo() {
    CliRun result =
        CliRun.in(
            dir,
            "evaluate",
            "--responses-ds-path",
            "somewhere",
            "--inference-url",
            "ftp://judge.example.org/v1",
            "--output-dataset-path",
            "local_results/out");

    assertRefusedBeforeAnythingRan(result, "--inference-url");
    assertThat(result.err()).contains("'ftp://judge.example.org/v1'").contains("http://");
  }

  @Test
  void theMessageNamesWhatIsWrongWithoutRepeatingACredential() {
    CliRun result =
        responses(
            Map.of(), "m", "--inference-url", "ftp://user:Pw-9sQ2xV7kLm@host/v1?key=K3y-8dFh2Zq");

    assertRefusedBeforeAnythingRan(result, "--inference-url");
    assertThat(result.err())
        .contains("'ftp://host/v1'")
        .contains("only http:// and https://")
        .doesNotContain("Pw-9sQ2xV7kLm")
        .doesNotContain("K3y-8dFh2Zq");
  }

  @Test
  void aBadOpenAiBaseUrlVariableExitsTwoNamingTheVariable() {
    CliRun result = responses(Map.of("OPENAI_BASE_URL", "ftp://models.example.org/v1"), "gpt-x");

    assertRefusedBeforeAnythingRan(result, "OPENAI_BASE_URL");
  }

  @Test
  void aBadAnthropicBaseUrlVariableExitsTwoNamingTheVariable() {
    CliRun result = responses(Map.of("ANTHROPIC_BASE_URL", "not a url"), "claude-x");

    assertRefusedBeforeAnythingRan(result, "ANTHROPIC_BASE_URL");
  }

  @Test
  void aBadAwsEndpointVariableExitsTwoNamingTheVariableThatWouldBeUsed() {
    CliRun generic = responses(Map.of("AWS_ENDPOINT_URL", "localhost:4566"), "bedrock/x");
    assertRefusedBeforeAnythingRan(generic, "AWS_ENDPOINT_URL");

    CliRun specific =
        responses(
            Map.of(
                "AWS_ENDPOINT_URL_BEDROCK_RUNTIME",
                "http://:8000",
                "AWS_ENDPOINT_URL",
                "http://localhost:4566"),
            "bedrock/x");
    assertRefusedBeforeAnythingRan(specific, "AWS_ENDPOINT_URL_BEDROCK_RUNTIME");
  }

  @Test
  void aBadHfEndpointExitsTwoNamingTheVariableForBothCommands() {
    CliRun responses =
        responses(Map.of("HF_ENDPOINT", "huggingface.co"), "m", "--provider", "mock");
    assertRefusedBeforeAnythingRan(responses, "HF_ENDPOINT");

    CliRun evaluate =
        CliRun.in(
            dir,
            Map.of("HF_ENDPOINT", "ftp://hub.example.org"),
            "evaluate",
            "--responses-ds-path",
            "owner/name",
            "--provider",
            "mock",
            "--output-dataset-path",
            "local_results/out");
    assertRefusedBeforeAnythingRan(evaluate, "HF_ENDPOINT");
  }

  @Test
  void aBadEndpointVariableInDotEnvIsNamedToo() throws Exception {
    Files.writeString(dir.resolve(".env"), "OPENAI_BASE_URL=file:///etc/models\n");

    CliRun result = responses(Map.of(), "gpt-x");

    assertThat(result.exitCode()).as(result.err()).isEqualTo(2);
    assertThat(result.err()).contains("OPENAI_BASE_URL").contains(".env");
    assertThat(dir.resolve("local_data")).doesNotExist();
  }

  @Test
  void anEndpointVariableTheRunDoesNotUseIsNotChecked() {
    // --inference-url wins over OPENAI_BASE_URL, and the mock provider has no endpoint at all.
    CliRun result =
        responses(
            Map.of("OPENAI_BASE_URL", "not a url", "ANTHROPIC_BASE_URL", "ftp://x"),
            "mock-consistent",
            "--provider",
            "mock");

    assertThat(result.exitCode()).as(result.err()).isZero();
  }
}
