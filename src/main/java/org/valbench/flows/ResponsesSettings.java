package org.valbench.flows;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.valbench.inference.OpenAiApi;
import org.valbench.inference.ProviderKind;
import org.valbench.protocol.Protocol;

/** Everything {@code valbench responses} was asked to do, checked. */
public record ResponsesSettings(
    List<String> modelIds,
    Optional<String> inferenceUrl,
    Optional<String> apiKeyEnv,
    Optional<ProviderKind> provider,
    String datasetId,
    String split,
    String revision,
    Optional<OpenAiApi> openAiApi,
    String outputDatasetPath,
    int batchSize,
    Protocol protocol,
    Optional<String> systemPrompt,
    boolean enableThinking,
    boolean enableWebSearch,
    long limit,
    double temperature,
    double topP,
    int maxTokens,
    boolean noCache) {

  /** The candidate's system prompt under {@code --protocol valbench}, written for valbench. */
  public static final String DEFAULT_SYSTEM_PROMPT =
      "You are a thoughtful assistant. Answer the question honestly and responsibly, in one or"
          + " two paragraphs.";

  public ResponsesSettings {
    modelIds = List.copyOf(modelIds);
    if (modelIds.isEmpty() || modelIds.stream().anyMatch(String::isBlank)) {
      throw new IllegalArgumentException("at least one non-empty model id is required");
    }
    Objects.requireNonNull(inferenceUrl, "inferenceUrl");
    Objects.requireNonNull(apiKeyEnv, "apiKeyEnv");
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(datasetId, "datasetId");
    Objects.requireNonNull(split, "split");
    Objects.requireNonNull(revision, "revision");
    Objects.requireNonNull(openAiApi, "openAiApi");
    Objects.requireNonNull(outputDatasetPath, "outputDatasetPath");
    Objects.requireNonNull(protocol, "protocol");
    Objects.requireNonNull(systemPrompt, "systemPrompt");
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be >= 1");
    }
    if (maxTokens < 1) {
      throw new IllegalArgumentException("maxTokens must be >= 1");
    }
  }
}
