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

  public static Rate of(long count, long total) {
    double percent = total == 0 ? 0 : 100.0 * count / total;
    Interval fraction = Intervals.wilson(count, total);
    return new Rate(
        count, total, percent, new Interval(100 * fraction.low(), 100 * fraction.high()));
  }
}
