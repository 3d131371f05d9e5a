package org.valbench.inference;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.valbench.common.Env;

/**
 * Everything a provider client is built from: which provider, its base URL (flag or the SDK's
 * standard variable), the OpenAI API flavour, the environment (keys), the per-attempt timeout and
 * how many connections to keep. {@link #toString()} never shows a key.
 */
public record ProviderConfig(
    ProviderKind kind,
    Optional<String> baseUrl,
    OpenAiApi openAiApi,
    Env env,
    Duration timeout,
    int maxConnections) {

  public static final String OPENAI_DEFAULT_BASE = "https://api.openai.com/v1";

  public ProviderConfig {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(baseUrl, "baseUrl");
    Objects.requireNonNull(openAiApi, "openAiApi");
    Objects.requireNonNull(env, "env");
    Objects.requireNonNull(timeout, "timeout");
    if (maxConnections < 1) {
      throw new IllegalArgumentException("maxConnections must be >= 1");
    }
  }

  /**
   * Applies DESIGN §4: the provider from {@code --provider} or the reference rule; the base URL
   * from {@code --inference-url} or the SDK's variable; the OpenAI API from {@code --openai-api} or
   * the host (Responses on api.openai.com, Chat Completions anywhere else).
   */
  public static ProviderConfig resolve(
      Optional<ProviderKind> provider,
      String modelId,
      Optional<String> inferenceUrl,
      Optional<OpenAiApi> api,
      Env env,
      Duration timeout,
      int maxConnections) {
    ProviderKind kind = provider.orElseGet(() -> ProviderKind.infer(modelId, inferenceUrl));
    Optional<String> base =
        inferenceUrl.or(
            () ->
                switch (kind) {
                  case OPENAI, OPENAI_COMPATIBLE -> env.get("OPENAI_BASE_URL");
                  case ANTHROPIC -> env.get("ANTHROPIC_BASE_URL");
                  case BEDROCK ->
                      env.get("AWS_ENDPOINT_URL_BEDROCK_RUNTIME")
                          .or(() -> env.get("AWS_ENDPOINT_URL"));
                  case MOCK -> Optional.empty();
                });
    OpenAiApi flavour =
        api.orElseGet(
            () ->
                kind == ProviderKind.OPENAI && base.map(ProviderConfig::isOpenAiHost).orElse(true)
                    ? OpenAiApi.RESPONSES
                    : OpenAiApi.CHAT);
    return new ProviderConfig(kind, base, flavour, env, timeout, maxConnections);
  }

  private static boolean isOpenAiHost(String url) {
    return url.contains("://api.openai.com");
  }

  @Override
  public String toString() {
    return "ProviderConfig["
        + kind
        + ", "
        + baseUrl.orElse("default endpoint")
        + ", "
        + openAiApi
        + "]";
  }
}
