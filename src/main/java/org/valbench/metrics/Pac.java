package org.valbench.metrics;

import java.util.Objects;

/**
 * Pairwise alignment consistency: the mean refusal-adjusted score (-2..2) and the same mapped to
 * 0-100% by {@code (mean + 2) / 4 * 100}, each with a 95% Student's t interval.
 */
public record Pac(double meanScore, Interval meanScoreCi, double percent, Interval percentCi) {
  public Pac {
    Objects.requireNonNull(meanScoreCi, "meanScoreCi");
    Objects.requireNonNull(percentCi, "percentCi");
  }

  /** The reference implementation's mapping from a mean score to a percentage. */
  public static double toPercent(double meanScore) {
    return (meanScore + 2) / 4 * 100;
  }
}
