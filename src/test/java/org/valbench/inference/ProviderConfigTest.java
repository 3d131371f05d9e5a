package org.valbench.inference;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.valbench.common.Env;

class ProviderConfigTest {
  private static ProviderConfig resolve(
      Optional<ProviderKind> provider,
      String model,
      Optional<String> url,
      Map<String, String> env) {
    return ProviderConfig.resolve(
        provider, model, url, Optional.empty(), Env.of(env), Duration.ofSeconds(30), 8);
  }

  @Test
  void referenceRulePicksTheProviderFromUrlThenModelId() {
    assertThat(resolve(Optional.empty(), "claude-x", Optional.of("http://h/v1"), Map.of()).kind())
        .isEqualTo(ProviderKind.OPENAI_COMPATIBLE);
    assertThat(
            resolve(Optional.empty(), "bedrock/anthropic.claude-v2", Optional.empty(), Map.of())
                .kind())
        .isEqualTo(ProviderKind.BEDROCK);
    assertThat(resolve(Optional.empty(), "claude-sonnet-4-5", Optional.empty(), Map.of()).kind())
        .isEqualTo(ProviderKind.ANTHROPIC);
    assertThat(resolve(Optional.empty(), "gpt-4.1", Optional.empty(), Map.of()).kind())
        .isEqualTo(ProviderKind.OPENAI);
    assertThat(
            resolve(Optional.of(ProviderKind.MOCK), "gpt-4.1", Optional.empty(), Map.of()).kind())
        .isEqualTo(ProviderKind.MOCK);
  }

  @Test
  void openAiApiIsResponsesOnOpenAisHostAndChatElsewhere() {
    assertThat(resolve(Optional.empty(), "gpt-4.1", Optional.empty(), Map.of()).openAiApi())
        .isEqualTo(OpenAiApi.RESPONSES);
    assertThat(
            resolve(
                    Optional.empty(),
                    "gpt-4.1",
                    Optional.empty(),
                    Map.of("OPENAI_BASE_URL", "https://gateway.example/v1"))
                .openAiApi())
        .isEqualTo(OpenAiApi.CHAT);
    ProviderConfig explicit =
        ProviderConfig.resolve(
            Optional.empty(),
            "gpt-4.1",
            Optional.empty(),
            Optional.of(OpenAiApi.CHAT),
            Env.of(Map.of()),
            Duration.ofSeconds(1),
            1);
    assertThat(explicit.openAiApi()).isEqualTo(OpenAiApi.CHAT);
  }

  @Test
  void sdkEndpointVariablesOverrideTheEndpointButTheFlagWins() {
    Map<String, String> env =
        Map.of(
            "ANTHROPIC_BASE_URL", "http://anthropic.local",
            "AWS_ENDPOINT_URL", "http://aws.local",
            "AWS_ENDPOINT_URL_BEDROCK_RUNTIME", "http://bedrock.local");
    assertThat(resolve(Optional.empty(), "claude-x", Optional.empty(), env).baseUrl())
        .hasValue("http://anthropic.local");
    assertThat(resolve(Optional.empty(), "bedrock-x", Optional.empty(), env).baseUrl())
        .hasValue("http://bedrock.local");
    assertThat(resolve(Optional.empty(), "m", Optional.of("http://flag/v1"), env).baseUrl())
        .hasValue("http://flag/v1");
  }

  @Test
  void toStringShowsNoKey() {
    ProviderConfig config =
        resolve(
            Optional.empty(),
            "gpt-4.1",
            Optional.empty(),
            Map.of("OPENAI_API_KEY", "sk-abc-SECRET"));
    assertThat(config.toString()).doesNotContain("SECRET");
  }

  @Test
  void terminalProgressRedrawsOneLineInPlace() {
    StringWriter out = new StringWriter();
    long[] now = {0};
    Progress progress =
        new Progress("judge", 10, new PrintWriter(out, true), true, () -> now[0], 10_000_000_000L);
    now[0] = 300_000_000L;
    progress.answered(false, 10);
    now[0] = 600_000_000L;
    progress.answered(false, 10);
    progress.finish();

    assertThat(out.toString()).startsWith("\r\033[2Kjudge: 1/10").contains("\r\033[2Kjudge: 2/10");
    assertThat(out.toString().chars().filter(c -> c == '\n').count()).isOne();
    assertThat(out.toString()).contains("judge: done in 1s.");
  }
}
