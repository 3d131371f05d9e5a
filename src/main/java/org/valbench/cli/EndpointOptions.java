package org.valbench.cli;

import java.util.Optional;
import org.valbench.inference.OpenAiApi;
import org.valbench.inference.ProviderKind;
import picocli.CommandLine.Option;

/** Where requests go: flags shared by {@code responses} and {@code evaluate}. */
final class EndpointOptions {
  @Option(
      names = "--inference-url",
      paramLabel = "URL",
      description =
          "Base URL of an OpenAI-compatible server (vLLM, llama.cpp, Ollama, a gateway),"
              + " e.g. http://localhost:8000/v1. Implies --provider openai-compatible.")
  String inferenceUrl;

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
      description =
          "Fresh answers: send every request again, reusing neither cached answers nor finished"
              + " inference steps, and store nothing in the cache.")
  boolean noCache;

  Optional<String> inferenceUrl() {
    return Optional.ofNullable(inferenceUrl).filter(s -> !s.isBlank());
  }
}
