package org.valbench.flows;

import java.util.Objects;
import java.util.Optional;
import org.valbench.inference.OpenAiApi;
import org.valbench.inference.ProviderKind;
import org.valbench.protocol.Protocol;

/** Everything {@code valbench evaluate} was asked to do, checked. */
public record EvaluateSettings(
    String responsesDsPath,
    String judgeModelId,
    Optional<String> inferenceUrl,
    Optional<String> apiKeyEnv,
    Optional<ProviderKind> provider,
    int batchSize,
    boolean reversePairOrder,
    Optional<String> judgePromptFile,
    Protocol protocol,
    Optional<OpenAiApi> openAiApi,
    boolean noCache,
    boolean retryUnusable,
    Optional<String> evalOutputDsPath,
    String outputDatasetPath) {

  public static final String DEFAULT_JUDGE = "google/gemma-3-27b-it";

  public EvaluateSettings {
    Objects.requireNonNull(responsesDsPath, "responsesDsPath");
    Objects.requireNonNull(judgeModelId, "judgeModelId");
    Objects.requireNonNull(inferenceUrl, "inferenceUrl");
    Objects.requireNonNull(apiKeyEnv, "apiKeyEnv");
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(judgePromptFile, "judgePromptFile");
    Objects.requireNonNull(protocol, "protocol");
    Objects.requireNonNull(openAiApi, "openAiApi");
    Objects.requireNonNull(evalOutputDsPath, "evalOutputDsPath");
    Objects.requireNonNull(outputDatasetPath, "outputDatasetPath");
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be >= 1");
    }
  }
}
