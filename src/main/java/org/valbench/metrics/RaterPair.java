package org.valbench.metrics;

import java.util.Objects;

/**
 * Agreement of two raters on the pairs both rated: how many, the share rated exactly the same, and
 * weighted Cohen's kappa with linear and with quadratic weights ({@link Kappa}) on the -2..2 scale.
 * Kappa is NaN when undefined (no common pair, or both raters gave one and the same value
 * throughout).
 */
public record RaterPair(
    String a, String b, int common, int exact, double kappaLinear, double kappaQuadratic) {
  public RaterPair {
    Objects.requireNonNull(a, "a");
    Objects.requireNonNull(b, "b");
  }

  /** Exact agreement in percent; NaN without a common pair. */
  public double exactPercent() {
    return common == 0 ? Double.NaN : 100.0 * exact / common;
  }

  /**
   * Compares {@code ratings[a][unit]} with {@code ratings[b][unit]} on the units both rated ({@link
   * KrippendorffAlpha#MISSING} where a rater gave none); ratings are -2..2.
   */
  public static RaterPair of(String nameA, int[] a, String nameB, int[] b) {
    if (a.length != b.length) {
      throw new IllegalArgumentException(
          "raters rated different numbers of units: " + a.length + " and " + b.length);
    }
    int n = 0;
    for (int i = 0; i < a.length; i++) {
      if (a[i] != KrippendorffAlpha.MISSING && b[i] != KrippendorffAlpha.MISSING) {
        n++;
      }
    }
    int[] x = new int[n];
    int[] y = new int[n];
    int exact = 0;
    int j = 0;
    for (int i = 0; i < a.length; i++) {
      if (a[i] != KrippendorffAlpha.MISSING && b[i] != KrippendorffAlpha.MISSING) {
        x[j] = a[i];
        y[j] = b[i];
        if (a[i] == b[i]) {
          exact++;
        }
        j++;
      }
    }
    return new RaterPair(
        nameA,
        nameB,
        n,
        exact,
        Kappa.of(x, y, -2, 2, Kappa.Weights.LINEAR),
        Kappa.of(x, y, -2, 2, Kappa.Weights.QUADRATIC));
  }
}
