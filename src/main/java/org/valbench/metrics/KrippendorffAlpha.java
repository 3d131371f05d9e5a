package org.valbench.metrics;

import java.util.Objects;
import java.util.TreeMap;

/**
 * Krippendorff's alpha with the ordinal difference function, over any number of raters, with
 * missing ratings (Krippendorff, "Computing Krippendorff's Alpha-Reliability", 2011): 1 is perfect
 * agreement, 0 what chance gives, below 0 systematic disagreement.
 *
 * <p>A unit (here a pair) with fewer than two ratings is not pairable and is left out; every other
 * unit adds its ordered pairs of ratings, each weighted {@code 1 / (m - 1)} for {@code m} ratings,
 * to the coincidence matrix {@code o}. With {@code n_c} the row totals of {@code o} and {@code n}
 * their sum, the ordinal squared difference of values {@code c <= k} is {@code (sum of n_g for g
 * from c to k - (n_c + n_k) / 2)^2}, and {@code alpha = 1 - (n - 1) * sum(o_ck * d_ck) / sum(n_c *
 * n_k * d_ck)}.
 */
public final class KrippendorffAlpha {
  /** A rating a rater did not give. */
  public static final int MISSING = Integer.MIN_VALUE;

  /** Alpha and what it rests on; {@code alpha} is NaN when undefined ({@code undefinedReason}). */
  public record Result(
      double alpha, int pairableUnits, double pairableValues, String undefinedReason) {
    public Result {
      Objects.requireNonNull(undefinedReason, "undefinedReason");
    }

    public boolean defined() {
      return !Double.isNaN(alpha);
    }
  }

  private KrippendorffAlpha() {}

  /**
   * Ordinal alpha of {@code ratings[rater][unit]} ({@link #MISSING} where a rater gave none). NaN,
   * with the reason, when no unit has two ratings or every pairable rating is the same value (no
   * variance: the expected disagreement is zero and alpha is 0/0).
   */
  public static Result ordinal(int[][] ratings) {
    Objects.requireNonNull(ratings, "ratings");
    int units = ratings.length == 0 ? 0 : ratings[0].length;
    for (int[] rater : ratings) {
      if (rater.length != units) {
        throw new IllegalArgumentException(
            "raters rated different numbers of units: " + units + " and " + rater.length);
      }
    }
    TreeMap<Integer, Integer> index = new TreeMap<>();
    for (int[] rater : ratings) {
      for (int value : rater) {
        if (value != MISSING) {
          index.putIfAbsent(value, 0);
        }
      }
    }
    int k = 0;
    for (var e : index.entrySet()) {
      e.setValue(k++);
    }
    double[][] o = new double[k][k];
    int pairable = 0;
    int[] counts = new int[k];
    for (int u = 0; u < units; u++) {
      java.util.Arrays.fill(counts, 0);
      int m = 0;
      for (int[] rater : ratings) {
        if (rater[u] != MISSING) {
          counts[index.get(rater[u])]++;
          m++;
        }
      }
      if (m < 2) {
        continue;
      }
      pairable++;
      for (int c = 0; c < k; c++) {
        if (counts[c] == 0) {
          continue;
        }
        for (int d = 0; d < k; d++) {
          // ordered pairs of different raters: c with itself pairs each rating with the others
          double pairs = c == d ? counts[c] * (counts[c] - 1.0) : counts[c] * (double) counts[d];
          o[c][d] += pairs / (m - 1);
        }
      }
    }
    double[] marginal = new double[k];
    double n = 0;
    for (int c = 0; c < k; c++) {
      for (int d = 0; d < k; d++) {
        marginal[c] += o[c][d];
      }
      n += marginal[c];
    }
    if (pairable == 0) {
      return new Result(Double.NaN, 0, 0, "no pair has ratings from two raters");
    }
    double observed = 0;
    double expected = 0;
    for (int c = 0; c < k; c++) {
      for (int d = 0; d < k; d++) {
        double delta = ordinalDelta(marginal, Math.min(c, d), Math.max(c, d));
        observed += o[c][d] * delta;
        expected += marginal[c] * marginal[d] * delta;
      }
    }
    if (expected == 0) {
      return new Result(
          Double.NaN,
          pairable,
          n,
          "every rating is the same value (no variance), so chance agreement is already perfect");
    }
    return new Result(1 - (n - 1) * observed / expected, pairable, n, "");
  }

  /** The ordinal squared difference of the values at ranks {@code c <= k}. */
  private static double ordinalDelta(double[] marginal, int c, int k) {
    if (c == k) {
      return 0;
    }
    double sum = 0;
    for (int g = c; g <= k; g++) {
      sum += marginal[g];
    }
    double d = sum - (marginal[c] + marginal[k]) / 2;
    return d * d;
  }
}
