package org.valbench.inference;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.valbench.common.Env;
import org.valbench.common.Urls;

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
    Optional<String> base = inferenceUrl.or(() -> endpointVariable(kind, env).flatMap(env::get));
    OpenAiApi flavour =
        api.orElseGet(
            () ->
                kind == ProviderKind.OPENAI && base.map(ProviderConfig::isOpenAiHost).orElse(true)
                    ? OpenAiApi.RESPONSES
                    : OpenAiApi.CHAT);
    return new ProviderConfig(kind, base, flavour, env, timeout, maxConnections);
  }

  /**
   * The variables that can name {@code kind}'s endpoint, the first set one wins, as in the SDKs.
   */
  public static List<String> endpointVariables(ProviderKind kind) {
    return switch (kind) {
      case OPENAI, OPENAI_COMPATIBLE -> List.of("OPENAI_BASE_URL");
      case ANTHROPIC -> List.of("ANTHROPIC_BASE_URL");
      case BEDROCK -> List.of("AWS_ENDPOINT_URL_BEDROCK_RUNTIME", "AWS_ENDPOINT_URL");
      case MOCK -> List.of();
    };
  }

  /** The variable {@code kind}'s endpoint comes from when no URL is given, if one is set. */
  public static Optional<String> endpointVariable(ProviderKind kind, Env env) {
    return endpointVariables(kind).stream().filter(name -> env.get(name).isPresent()).findFirst();
  }

  /** The secrets to keep out of everything: the environment's, and the base URL's credentials. */
  public Redactor redactor() {
    return Redactor.from(env).withCredentialsOf(baseUrl);
  }

  /** The base URL as valbench writes it (step keys, cache keys, reports): without credentials. */
  public Optional<String> describedBaseUrl() {
    return baseUrl.map(Urls::withoutCredentials);
  }

  private static boolean isOpenAiHost(String url) {
    return url.contains("://api.openai.com");
  }

  @Override
  public String toString() {
    return "ProviderConfig["
        + kind
        + ", "
        + describedBaseUrl().orElse("default endpoint")
        + ", "
        + openAiApi
        + "]";
  }
}
