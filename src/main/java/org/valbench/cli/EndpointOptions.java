package org.valbench.cli;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.valbench.common.Env;
import org.valbench.common.Urls;
import org.valbench.common.UserError;
import org.valbench.inference.OpenAiApi;
import org.valbench.inference.ProviderConfig;
import org.valbench.inference.ProviderKind;
import picocli.CommandLine.Option;

/** Where requests go: flags shared by {@code responses} and {@code evaluate}. */
final class EndpointOptions {
  /** Where the Hugging Face Hub is, as huggingface_hub reads it. */
  static final String HF_ENDPOINT = "HF_ENDPOINT";

  @Option(
      names = "--inference-url",
      paramLabel = "URL",
      converter = Converters.HttpUrl.class,
      description =
          "Base URL of an OpenAI-compatible server (vLLM, llama.cpp, Ollama, a gateway),"
              + " http:// or https://, e.g. http://localhost:8000/v1. Implies --provider"
              + " openai-compatible. Written to reports and keys without its credentials.")
  String inferenceUrl;

  @Option(
      names = "--api-key-env",
      paramLabel = "NAME",
      description =
          "Name of the environment (or .env) variable that holds the API key to send to the"
              + " model server. Without it, OPENAI_API_KEY and ANTHROPIC_API_KEY go only to"
              + " api.openai.com and api.anthropic.com; any other server gets the key in "
              + ProviderConfig.INFERENCE_KEY_VARIABLE
              + ", or no key.")
  String apiKeyEnv;

  @Option(
      names = "--provider",
      paramLabel = "NAME",
      converter = Converters.Provider.class,
      description =
          "openai, openai-compatible, anthropic, bedrock or mock. Default: openai-compatible with"
              + " --inference-url, else bedrock if the model id contains 'bedrock', anthropic if it"
              + " contains 'claude', else openai.")
  ProviderKind provider;

  @Option(
      names = "--openai-api",
      paramLabel = "API",
      converter = Converters.Api.class,
      description =
          "responses or chat, for the OpenAI provider. Default: responses on api.openai.com,"
              + " chat anywhere else.")
  OpenAiApi openAiApi;

  @Option(
      names = "--no-cache",
      arity = "0..1",
      paramLabel = "BOOL",
      converter = Converters.Bool.class,
      description =
          "Fresh answers: send every request again, reusing neither cached answers nor finished"
              + " inference steps, and store nothing in the cache.")
  boolean noCache;

  Optional<String> apiKeyEnv() {
    return Optional.ofNullable(apiKeyEnv).map(String::strip).filter(s -> !s.isEmpty());
  }

  Optional<String> inferenceUrl() {
    return Optional.ofNullable(inferenceUrl).filter(s -> !s.isBlank());
  }

  /**
   * Checks, before anything runs, every endpoint URL a run of {@code models} would take from the
   * environment or {@code .env} (the flag is checked by its converter): the provider's variable
   * when there is no {@code --inference-url}, and {@code HF_ENDPOINT} for Hub datasets; and that
   * the variable {@code --api-key-env} names is set. A bad one is a user error naming the variable.
   */
  void checkEndpointVariables(Env env, List<String> models) {
    Optional<String> keyVariable = apiKeyEnv();
    if (!models.isEmpty() && keyVariable.isPresent() && env.get(keyVariable.get()).isEmpty()) {
      throw ProviderConfig.unsetKeyVariable(keyVariable.get());
    }
    Set<String> names = new LinkedHashSet<>();
    if (inferenceUrl().isEmpty()) {
      for (String model : models) {
        ProviderKind kind =
            provider != null ? provider : ProviderKind.infer(model, Optional.empty());
        ProviderConfig.endpointVariable(kind, env).ifPresent(names::add);
      }
    }
    names.add(HF_ENDPOINT);
    for (String name : names) {
      Optional<String> value = env.get(name);
      Optional<String> problem = value.flatMap(Urls::problem);
      if (problem.isPresent()) {
        throw UserError.badInput(
            name + " (environment or .env): " + Urls.quoted(value.get()) + " " + problem.get());
      }
    }
  }
}
