package org.valbench.flows;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.valbench.common.Env;
import org.valbench.inference.ApiKey;
import org.valbench.inference.OpenAiApi;
import org.valbench.inference.ProviderConfig;
import org.valbench.inference.ProviderKind;
import org.valbench.testing.CliRun;
import org.valbench.testing.FakeHttpServer;
import org.valbench.testing.FakeOpenAi;
import org.valbench.testing.ScriptedPairs;

/**
 * A provider's key goes only to that provider's own API: a custom server (--inference-url,
 * OPENAI_BASE_URL elsewhere) gets the key the user named for it (--api-key-env NAME, or
 * VALBENCH_INFERENCE_API_KEY), else no real key. Checked on the Authorization header that arrives.
 */
class ApiKeyRoutingTest {
  private static final String OPENAI_KEY = "sk-openai-Real7Key8Do9Not0Leak";
  private static final String INFERENCE_KEY = "sk-local-Inference1Key2";
  private static final String NAMED_KEY = "gpu-box-Named3Key4Value5";

  @TempDir Path dir;
  private final FakeOpenAi openAi = new FakeOpenAi();
  private FakeHttpServer server;

  @BeforeEach
  void start() throws Exception {
    server = new FakeHttpServer().handle(openAi::handle);
    Files.writeString(dir.resolve("pairs.jsonl"), ScriptedPairs.jsonl("consistent", "refusing"));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private CliRun responses(Map<String, String> env, String model, String... more) {
    List<String> args =
        new java.util.ArrayList<>(
            List.of(
                "responses",
                "--model-id",
                model,
                "--dataset-id",
                "pairs.jsonl",
                "--output-dataset-path",
                "local_results/vb"));
    args.addAll(List.of(more));
    return CliRun.in(dir, env, args.toArray(String[]::new));
  }

  private CliRun withUrl(Map<String, String> env, String... more) {
    List<String> args = new java.util.ArrayList<>(List.of("--inference-url", server.url() + "/v1"));
    args.addAll(List.of(more));
    return responses(env, "org/model", args.toArray(String[]::new));
  }

  private List<String> authorizations() {
    return server.requests().stream().map(r -> r.header("authorization")).distinct().toList();
  }

  // ---- which header arrives

  @Test
  void openAiKeyIsNotSentToACustomUrl() {
    CliRun run = withUrl(Map.of("OPENAI_API_KEY", OPENAI_KEY));

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(authorizations()).containsExactly("Bearer EMPTY");
    assertThat(server.requests()).noneMatch(r -> r.headers().toString().contains(OPENAI_KEY));
  }

  @Test
  void openAiKeyIsNotSentWhereOpenAiBaseUrlPointsElsewhere() {
    CliRun run =
        responses(
            Map.of("OPENAI_API_KEY", OPENAI_KEY, "OPENAI_BASE_URL", server.url() + "/v1"),
            "gpt-4.1-mini");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(authorizations()).containsExactly("Bearer EMPTY");
  }

  @Test
  void theInferenceKeyVariableGoesToACustomUrl() {
    CliRun run =
        withUrl(Map.of("OPENAI_API_KEY", OPENAI_KEY, "VALBENCH_INFERENCE_API_KEY", INFERENCE_KEY));

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(authorizations()).containsExactly("Bearer " + INFERENCE_KEY);
  }

  @Test
  void theVariableNamedByApiKeyEnvGoesToACustomUrlAndWinsOverTheInferenceKey() {
    Map<String, String> env =
        Map.of(
            "OPENAI_API_KEY", OPENAI_KEY,
            "VALBENCH_INFERENCE_API_KEY", INFERENCE_KEY,
            "GPU_BOX_AUTH", NAMED_KEY);

    CliRun run = withUrl(env, "--api-key-env", "GPU_BOX_AUTH");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(authorizations()).containsExactly("Bearer " + NAMED_KEY);
  }

  @Test
  void apiKeyEnvInTheReferenceSpellingAndFromDotEnvWorks() throws Exception {
    Files.writeString(dir.resolve(".env"), "GPU_BOX_AUTH=" + NAMED_KEY + "\n");

    CliRun run = withUrl(Map.of(), "--api_key_env=GPU_BOX_AUTH");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(authorizations()).containsExactly("Bearer " + NAMED_KEY);
  }

  @Test
  void apiKeyEnvCanNameOpenAiKeyToSendItToACustomUrlOnPurpose() {
    CliRun run = withUrl(Map.of("OPENAI_API_KEY", OPENAI_KEY), "--api-key-env", "OPENAI_API_KEY");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(authorizations()).containsExactly("Bearer " + OPENAI_KEY);
  }

  @Test
  void anUnsetVariableNamedByApiKeyEnvExitsTwoBeforeAnyRequest() {
    CliRun run = withUrl(Map.of("OPENAI_API_KEY", OPENAI_KEY), "--api-key-env", "NOT_THERE");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err().strip())
        .isEqualTo(
            "valbench: --api-key-env NOT_THERE: NOT_THERE is not set (in the environment or .env)");
    assertThat(server.requests()).isEmpty();
  }

  // ---- the note on a refusal

  @Test
  void aRefusalFromACustomUrlThatGotNoKeySaysHowToNameOne() {
    CliRun run = responses(Map.of("OPENAI_API_KEY", OPENAI_KEY), "org/refused-key", urlArgs());

    assertThat(run.exitCode()).isEqualTo(4);
    String last = run.err().strip().lines().reduce((a, b) -> b).orElseThrow();
    assertThat(last)
        .startsWith("valbench: stopped: openai answered HTTP 401")
        .contains(
            "; no API key was sent to this server; name one with --api-key-env NAME or"
                + " VALBENCH_INFERENCE_API_KEY");
    assertThat(authorizations()).containsExactly("Bearer EMPTY");
  }

  @Test
  void aRefusalOfANamedKeySaysWhichVariableItCameFrom() {
    String[] args = {"--inference-url", server.url() + "/v1", "--api-key-env", "GPU_BOX_AUTH"};
    CliRun run = responses(Map.of("GPU_BOX_AUTH", NAMED_KEY), "org/refused-key", args);

    assertThat(run.exitCode()).isEqualTo(4);
    assertThat(run.err())
        .contains("the key from GPU_BOX_AUTH was sent")
        .doesNotContain("no API key was sent")
        .doesNotContain(NAMED_KEY);
  }

  private String[] urlArgs() {
    return new String[] {"--inference-url", server.url() + "/v1"};
  }

  // ---- the rule itself, host by host (no request sent)

  private static Optional<ApiKey> openAiKeyFor(String url, Map<String, String> variables) {
    Map<String, String> env = new HashMap<>(variables);
    env.putIfAbsent("OPENAI_API_KEY", OPENAI_KEY);
    return new ProviderConfig(
            ProviderKind.OPENAI,
            Optional.ofNullable(url),
            OpenAiApi.CHAT,
            Env.of(env),
            Duration.ofSeconds(1),
            1)
        .apiKey("OPENAI_API_KEY", ProviderConfig.OPENAI_DEFAULT_BASE);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://api.openai.com/v1",
        "https://API.OpenAI.com/v1/",
        "https://api.openai.com:443/v1",
        "https://proxy-user@api.openai.com/v1"
      })
  void openAiKeyGoesToOpenAisOwnHost(String url) {
    assertThat(openAiKeyFor(url, Map.of())).map(ApiKey::variable).hasValue("OPENAI_API_KEY");
    assertThat(openAiKeyFor(null, Map.of())).map(ApiKey::value).hasValue(OPENAI_KEY);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://api.openai.com.attacker.example/v1",
        "https://attacker.example/api.openai.com/v1",
        "https://attacker.example/v1?h=://api.openai.com",
        "http://api.openai.com/v1",
        "https://api.openai.com:8443/v1",
        "https://eu.api.openai.com/v1",
        "http://localhost:8000/v1"
      })
  void openAiKeyGoesNowhereElseNotEvenToLookalikes(String url) {
    assertThat(openAiKeyFor(url, Map.of())).isEmpty();
    assertThat(openAiKeyFor(url, Map.of("VALBENCH_INFERENCE_API_KEY", INFERENCE_KEY)))
        .map(ApiKey::variable)
        .hasValue("VALBENCH_INFERENCE_API_KEY");
  }

  @Test
  void theInferenceKeyIsNotSentToOpenAiItself() {
    assertThat(
            openAiKeyFor(
                "https://api.openai.com/v1", Map.of("VALBENCH_INFERENCE_API_KEY", INFERENCE_KEY)))
        .map(ApiKey::value)
        .hasValue(OPENAI_KEY);
  }

  @Test
  void aKeyDoesNotShowInTheConfigurationsText() {
    ApiKey key = openAiKeyFor(null, Map.of()).orElseThrow();
    assertThat(key.toString()).isEqualTo("ApiKey[from OPENAI_API_KEY]");
  }
}
