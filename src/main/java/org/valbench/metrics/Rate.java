package org.valbench.metrics;

import java.util.Objects;

/** {@code count} of {@code total} as a percentage, with a 95% Wilson interval in percent. */
public record Rate(long count, long total, double percent, Interval ci) {
  public Rate {
    if (count < 0 || total < 0 || count > total) {
      throw new IllegalArgumentException("bad rate " + count + "/" + total);
    }
    Objects.requireNonNull(ci, "ci");
  }

  /**
   * Percent as {@code count * 100 / total}: the order the reference uses for its overall rates in
   * {@code alignment_statistics.csv}.
   */
  public static Rate of(long count, long total) {
    return withPercent(count, total, total == 0 ? 0 : 100.0 * count / total);
  }

  /**
   * Percent as {@code (count / total) * 100}: the order the reference uses for its per-category
   * rates in {@code category_metrics.csv}. The two orders can differ in the last bit (2 of 7:
   * 28.57142857142857 here, 28.571428571428573 above); each file matches the reference's exactly.
   */
  public static Rate ofShare(long count, long total) {
    return withPercent(count, total, total == 0 ? 0 : (double) count / total * 100);
  }

  private static Rate withPercent(long count, long total, double percent) {
    Interval fraction = Intervals.wilson(count, total);
    return new Rate(
        count, total, percent, new Interval(100 * fraction.low(), 100 * fraction.high()));
  }
}
