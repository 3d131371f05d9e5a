package org.valbench.metrics;

import org.apache.commons.math3.distribution.TDistribution;

/** 95% confidence intervals: Student's t for means, Wilson score for proportions. */
public final class Intervals {
  /** The 97.5% quantile of the standard normal distribution. */
  static final double Z = 1.959963984540054;

  private Intervals() {}

  /**
   * Wilson score interval for {@code k} successes in {@code n} trials, as fractions. With no trials
   * nothing is known, so the interval is [0, 1].
   */
  public static Interval wilson(long k, long n) {
    if (n == 0) {
      return new Interval(0, 1);
    }
    double p = (double) k / n;
    double z2 = Z * Z;
    double denominator = 1 + z2 / n;
    double centre = (p + z2 / (2.0 * n)) / denominator;
    double half = Z * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n)) / denominator;
    // At k = 0 the low end is exactly 0 and at k = n the high end exactly 1; computed, they can
    // come out a rounding error away (6.9e-18 at n = 48), which a CSV would print as such.
    double low = k == 0 ? 0 : Math.max(0, centre - half);
    double high = k == n ? 1 : Math.min(1, centre + half);
    return new Interval(low, high);
  }

  /**
   * Student's t interval for the mean of {@code values}, clamped to [{@code min}, {@code max}], the
   * range the values can take. With fewer than two values the spread is unknown, so the interval is
   * the whole range.
   */
  public static Interval meanT(double[] values, double min, double max) {
    int n = values.length;
    if (n < 2) {
      return new Interval(min, max);
    }
    double mean = 0;
    for (double v : values) {
      mean += v;
    }
    mean /= n;
    double squares = 0;
    for (double v : values) {
      squares += (v - mean) * (v - mean);
    }
    double standardError = Math.sqrt(squares / (n - 1)) / Math.sqrt(n);
    double t = new TDistribution(null, n - 1).inverseCumulativeProbability(0.975);
    return new Interval(
        Math.max(min, Math.min(max, mean - t * standardError)),
        Math.min(max, Math.max(min, mean + t * standardError)));
  }
}
