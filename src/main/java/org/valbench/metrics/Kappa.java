package org.valbench.metrics;

import java.util.Objects;

/**
 * Cohen's kappa between two raters on an ordinal integer scale (the judge's -2..2), unweighted or
 * with linear or quadratic disagreement weights: 1 is perfect agreement, 0 what chance gives, below
 * 0 worse than chance.
 */
public final class Kappa {
  /** How much a disagreement of {@code d} steps on a scale of {@code k} categories counts. */
  public enum Weights {
    /** Every disagreement counts fully (plain Cohen's kappa). */
    NONE,
    /** A disagreement counts {@code d / (k - 1)}. */
    LINEAR,
    /** A disagreement counts {@code (d / (k - 1))^2}. */
    QUADRATIC;

    double of(int d, int k) {
      if (d == 0) {
        return 0;
      }
      double scaled = (double) Math.abs(d) / (k - 1);
      return switch (this) {
        case NONE -> 1;
        case LINEAR -> scaled;
        case QUADRATIC -> scaled * scaled;
      };
    }
  }

  private Kappa() {}

  /**
   * Kappa between ratings {@code a[i]} and {@code b[i]} of the same items, each in {@code [min,
   * max]}. NaN when it is undefined: no items, or chance alone already predicts perfect agreement
   * (both raters always gave the same single value).
   */
  public static double of(int[] a, int[] b, int min, int max, Weights weights) {
    Objects.requireNonNull(a, "a");
    Objects.requireNonNull(b, "b");
    Objects.requireNonNull(weights, "weights");
    if (a.length != b.length) {
      throw new IllegalArgumentException(
          "the raters rated different numbers of items: " + a.length + " and " + b.length);
    }
    if (max <= min) {
      throw new IllegalArgumentException("the scale needs two values or more: " + min + ".." + max);
    }
    int k = max - min + 1;
    int n = a.length;
    if (n == 0) {
      return Double.NaN;
    }
    long[] rowTotals = new long[k];
    long[] columnTotals = new long[k];
    double observed = 0;
    for (int i = 0; i < n; i++) {
      int x = index(a[i], min, max);
      int y = index(b[i], min, max);
      rowTotals[x]++;
      columnTotals[y]++;
      observed += weights.of(x - y, k);
    }
    observed /= n;
    double expected = 0;
    for (int x = 0; x < k; x++) {
      for (int y = 0; y < k; y++) {
        expected += weights.of(x - y, k) * rowTotals[x] * (double) columnTotals[y];
      }
    }
    expected /= (double) n * n;
    if (expected == 0) {
      return Double.NaN;
    }
    return 1 - observed / expected;
  }

  private static int index(int rating, int min, int max) {
    if (rating < min || rating > max) {
      throw new IllegalArgumentException(
          "rating " + rating + " is outside the scale " + min + ".." + max);
    }
    return rating - min;
  }
}
