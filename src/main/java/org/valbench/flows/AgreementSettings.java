package org.valbench.flows;

import java.util.List;
import java.util.Optional;

/**
 * What {@code valbench agreement} was asked: the judged datasets (paths, Hub ids, {@code s3://}
 * locations or globs of local paths), people's ratings when given, where to write, and how many
 * disagreements to list at most.
 */
public record AgreementSettings(
    List<String> runs, Optional<String> human, Optional<String> outputDir, int maxDisagreements) {
  /** Disagreements listed when not told otherwise. */
  public static final int DEFAULT_MAX_DISAGREEMENTS = 100;

  public AgreementSettings {
    runs = List.copyOf(runs);
    java.util.Objects.requireNonNull(human, "human");
    java.util.Objects.requireNonNull(outputDir, "outputDir");
    if (maxDisagreements < 0) {
      throw new IllegalArgumentException("maxDisagreements must be >= 0");
    }
  }
}
