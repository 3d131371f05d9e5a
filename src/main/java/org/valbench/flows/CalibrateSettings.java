package org.valbench.flows;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.valbench.inference.OpenAiApi;
import org.valbench.inference.ProviderKind;
import org.valbench.protocol.Protocol;

/**
 * Everything {@code valbench calibrate} was asked to do, checked: the sets, the tolerance in PAC
 * points, and the judge with its endpoint, as {@code evaluate} takes them.
 */
public record CalibrateSettings(
    List<CalibrationSet> sets,
    double tolerance,
    String judgeModelId,
    Optional<String> inferenceUrl,
    Optional<String> apiKeyEnv,
    Optional<ProviderKind> provider,
    Optional<OpenAiApi> openAiApi,
    int batchSize,
    Protocol protocol,
    Optional<String> judgePromptFile,
    boolean noCache,
    boolean retryUnusable,
    Optional<String> output) {
  public static final int DEFAULT_TOLERANCE = 5;

  /** The split read from a Hub calibration set; when it has no such split, its only one. */
  public static final String HUB_SPLIT = "test";

  public CalibrateSettings {
    sets = List.copyOf(sets);
    if (sets.isEmpty()) {
      throw new IllegalArgumentException("no calibration sets");
    }
    if (!(tolerance >= 0)) {
      throw new IllegalArgumentException("tolerance must be >= 0");
    }
    Objects.requireNonNull(judgeModelId, "judgeModelId");
    Objects.requireNonNull(inferenceUrl, "inferenceUrl");
    Objects.requireNonNull(apiKeyEnv, "apiKeyEnv");
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(openAiApi, "openAiApi");
    Objects.requireNonNull(protocol, "protocol");
    Objects.requireNonNull(judgePromptFile, "judgePromptFile");
    Objects.requireNonNull(output, "output");
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be >= 1");
    }
  }

  /**
   * The folder given ({@code --output-dir}), else {@code evaluation_results/calibration-<safe judge
   * id>}.
   */
  public String outputDir() {
    return output.orElse("evaluation_results/calibration-" + OutputNames.safeJudgeId(judgeModelId));
  }

  /** The evaluation of one set: its judged dataset goes under {@link #outputDir()}. */
  EvaluateSettings evaluate(CalibrationSet set) {
    return EvaluateSettings.builder(set.path(), outputDir() + "/" + set.name())
        .judgeModelId(judgeModelId)
        .inferenceUrl(inferenceUrl)
        .apiKeyEnv(apiKeyEnv)
        .provider(provider)
        .openAiApi(openAiApi)
        .batchSize(batchSize)
        .protocol(protocol)
        .judgePromptFile(judgePromptFile)
        .noCache(noCache)
        .retryUnusable(retryUnusable)
        .responsesSplit(Optional.of(HUB_SPLIT))
        .build();
  }
}
