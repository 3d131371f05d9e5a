package org.valbench.inference;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.valbench.common.Env;
import org.valbench.common.Urls;
import org.valbench.common.UserError;

/**
 * Everything a provider client is built from: which provider, its base URL (flag or the SDK's
 * standard variable), the OpenAI API flavour, the environment (keys), the per-attempt timeout, how
 * many connections to keep, and the variable {@code --api-key-env} named, if any. {@link
 * #toString()} never shows a key.
 */
public record ProviderConfig(
    ProviderKind kind,
    Optional<String> baseUrl,
    OpenAiApi openAiApi,
    Env env,
    Duration timeout,
    int maxConnections,
    Optional<String> apiKeyVariable) {

  public static final String OPENAI_DEFAULT_BASE = "https://api.openai.com/v1";

  /**
   * The key for a server other than the provider's own, when {@code --api-key-env} is not given.
   */
  public static final String INFERENCE_KEY_VARIABLE = "VALBENCH_INFERENCE_API_KEY";

  public ProviderConfig {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(baseUrl, "baseUrl");
    Objects.requireNonNull(openAiApi, "openAiApi");
    Objects.requireNonNull(env, "env");
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(apiKeyVariable, "apiKeyVariable");
    if (maxConnections < 1) {
      throw new IllegalArgumentException("maxConnections must be >= 1");
    }
  }

  /** Without {@code --api-key-env}. */
  public ProviderConfig(
      ProviderKind kind,
      Optional<String> baseUrl,
      OpenAiApi openAiApi,
      Env env,
      Duration timeout,
      int maxConnections) {
    this(kind, baseUrl, openAiApi, env, timeout, maxConnections, Optional.empty());
  }

  /**
   * This configuration with the key taken from the variable {@code name} ({@code --api-key-env}).
   */
  public ProviderConfig withApiKeyVariable(Optional<String> name) {
    return new ProviderConfig(kind, baseUrl, openAiApi, env, timeout, maxConnections, name);
  }

  /**
   * The provider from {@code --provider}, else the reference implementation's rule ({@link
   * ProviderKind#infer}: an inference URL means OpenAI-compatible, an id with 'bedrock' Bedrock,
   * one with 'claude' Anthropic, anything else OpenAI); the base URL from {@code --inference-url}
   * or the SDK's variable; the OpenAI API from {@code --openai-api} or the host (Responses on
   * api.openai.com, Chat Completions anywhere else).
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

  /**
   * The API key to send, and the variable it came from; empty when no key may be sent. A key goes
   * only where the user meant it to go:
   *
   * <ul>
   *   <li>with {@code --api-key-env NAME}: the value of NAME, to whatever server is configured (an
   *       error when NAME is not set);
   *   <li>to the provider's own API ({@code ownBase}'s scheme, host and port, e.g.
   *       https://api.openai.com): the provider's variable ({@code ownVariable}, e.g.
   *       OPENAI_API_KEY);
   *   <li>to any other server ({@code --inference-url}, OPENAI_BASE_URL elsewhere): {@value
   *       #INFERENCE_KEY_VARIABLE}, else nothing, so that a provider's key never reaches a server
   *       that merely answers on its protocol.
   * </ul>
   */
  public Optional<ApiKey> apiKey(String ownVariable, String ownBase) {
    if (apiKeyVariable.isPresent()) {
      String name = apiKeyVariable.get();
      return Optional.of(new ApiKey(env.get(name).orElseThrow(() -> unsetKeyVariable(name)), name));
    }
    String variable = isOwnApi(ownBase) ? ownVariable : INFERENCE_KEY_VARIABLE;
    return env.get(variable).map(value -> new ApiKey(value, variable));
  }

  /** "--api-key-env NAME: NAME is not set (in the environment or .env)". */
  public static UserError unsetKeyVariable(String name) {
    return UserError.badInput(
        "--api-key-env " + name + ": " + name + " is not set (in the environment or .env)");
  }

  /** Whether requests go to the provider's own API at {@code ownBase}. */
  public boolean isOwnApi(String ownBase) {
    return baseUrl.map(url -> Urls.sameOrigin(url, ownBase)).orElse(true);
  }

  /**
   * The secrets to keep out of everything: the environment's, the base URL's credentials, and the
   * key of the variable {@code --api-key-env} named (whatever its name).
   */
  public Redactor redactor() {
    return Redactor.from(env)
        .withCredentialsOf(baseUrl)
        .withSecrets(apiKeyVariable.flatMap(env::get).stream().toList());
  }

  /** The base URL as valbench writes it (step keys, cache keys, reports): without credentials. */
  public Optional<String> describedBaseUrl() {
    return baseUrl.map(Urls::withoutCredentials);
  }

  private static boolean isOpenAiHost(String url) {
    return Urls.sameOrigin(url, OPENAI_DEFAULT_BASE);
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
