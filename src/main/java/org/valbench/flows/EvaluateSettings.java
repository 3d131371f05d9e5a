package org.valbench.flows;

import java.util.Objects;
import java.util.Optional;
import org.valbench.inference.OpenAiApi;
import org.valbench.inference.ProviderKind;
import org.valbench.protocol.Protocol;

/**
 * Everything {@code valbench evaluate} was asked to do, checked. Build it with {@link #builder}:
 * its defaults are the {@code DEFAULT_*} constants below, which the command's flags show as their
 * defaults too.
 */
public record EvaluateSettings(
    String responsesDsPath,
    String judgeModelId,
    Optional<String> inferenceUrl,
    Optional<String> apiKeyEnv,
    Optional<ProviderKind> provider,
    int batchSize,
    boolean reversePairOrder,
    boolean bothOrders,
    Optional<String> judgePromptFile,
    Protocol protocol,
    Optional<OpenAiApi> openAiApi,
    boolean noCache,
    boolean retryUnusable,
    Optional<String> evalOutputDsPath,
    String outputDatasetPath,
    Optional<String> responsesSplit) {

  public static final String DEFAULT_JUDGE = "google/gemma-3-27b-it";
  public static final int DEFAULT_BATCH_SIZE = 512;

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
    Objects.requireNonNull(responsesSplit, "responsesSplit");
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be >= 1");
    }
  }

  /**
   * Settings that judge the dataset at {@code responsesDsPath} and write under {@code
   * outputDatasetPath}, all else default.
   */
  public static Builder builder(String responsesDsPath, String outputDatasetPath) {
    return new Builder(responsesDsPath, outputDatasetPath);
  }

  /** Fills the settings by name; {@link #build()} checks them. */
  public static final class Builder {
    private final String responsesDsPath;
    private final String outputDatasetPath;
    private String judgeModelId = DEFAULT_JUDGE;
    private Optional<String> inferenceUrl = Optional.empty();
    private Optional<String> apiKeyEnv = Optional.empty();
    private Optional<ProviderKind> provider = Optional.empty();
    private int batchSize = DEFAULT_BATCH_SIZE;
    private boolean reversePairOrder;
    private boolean bothOrders;
    private Optional<String> judgePromptFile = Optional.empty();
    private Protocol protocol = Protocol.byDefault();
    private Optional<OpenAiApi> openAiApi = Optional.empty();
    private boolean noCache;
    private boolean retryUnusable;
    private Optional<String> evalOutputDsPath = Optional.empty();
    private Optional<String> responsesSplit = Optional.empty();

    private Builder(String responsesDsPath, String outputDatasetPath) {
      this.responsesDsPath = responsesDsPath;
      this.outputDatasetPath = outputDatasetPath;
    }

    public Builder judgeModelId(String judgeModelId) {
      this.judgeModelId = judgeModelId;
      return this;
    }

    public Builder inferenceUrl(Optional<String> inferenceUrl) {
      this.inferenceUrl = inferenceUrl;
      return this;
    }

    public Builder apiKeyEnv(Optional<String> apiKeyEnv) {
      this.apiKeyEnv = apiKeyEnv;
      return this;
    }

    public Builder provider(Optional<ProviderKind> provider) {
      this.provider = provider;
      return this;
    }

    public Builder provider(ProviderKind provider) {
      return provider(Optional.of(provider));
    }

    public Builder batchSize(int batchSize) {
      this.batchSize = batchSize;
      return this;
    }

    public Builder reversePairOrder(boolean reversePairOrder) {
      this.reversePairOrder = reversePairOrder;
      return this;
    }

    /** Judge every pair in both orders as well ("against" first), for the position bias. */
    public Builder bothOrders(boolean bothOrders) {
      this.bothOrders = bothOrders;
      return this;
    }

    public Builder judgePromptFile(Optional<String> judgePromptFile) {
      this.judgePromptFile = judgePromptFile;
      return this;
    }

    public Builder protocol(Protocol protocol) {
      this.protocol = protocol;
      return this;
    }

    public Builder openAiApi(Optional<OpenAiApi> openAiApi) {
      this.openAiApi = openAiApi;
      return this;
    }

    public Builder noCache(boolean noCache) {
      this.noCache = noCache;
      return this;
    }

    public Builder retryUnusable(boolean retryUnusable) {
      this.retryUnusable = retryUnusable;
      return this;
    }

    public Builder evalOutputDsPath(Optional<String> evalOutputDsPath) {
      this.evalOutputDsPath = evalOutputDsPath;
      return this;
    }

    /**
     * Read a Hub responses dataset from this split, or from its only split when it has no split of
     * this name; empty (the default): the split valbench pushes, with no fallback.
     */
    public Builder responsesSplit(Optional<String> responsesSplit) {
      this.responsesSplit = responsesSplit;
      return this;
    }

    public EvaluateSettings build() {
      return new EvaluateSettings(
          responsesDsPath,
          judgeModelId,
          inferenceUrl,
          apiKeyEnv,
          provider,
          batchSize,
          reversePairOrder,
          bothOrders,
          judgePromptFile,
          protocol,
          openAiApi,
          noCache,
          retryUnusable,
          evalOutputDsPath,
          outputDatasetPath,
          responsesSplit);
    }
  }
}
