package org.valbench.metrics;

import java.util.Objects;

/**
 * One calibration set's verdict: the PAC a well-calibrated judge should give ({@code expected}),
 * the PAC it gave with its 95% interval, their difference, and whether that is a miss. A miss needs
 * both: the expected value lies outside the interval, and it differs from the measured PAC by more
 * than {@code tolerance} points. All values are in PAC percentage points.
 */
public record CalibrationCheck(
    double expected, double measured, Interval ci, double tolerance, boolean pass) {
  public CalibrationCheck {
    Objects.requireNonNull(ci, "ci");
    if (!(tolerance >= 0) || Double.isNaN(expected) || Double.isNaN(measured)) {
      throw new IllegalArgumentException("bad calibration values");
    }
  }

  /**
   * The verdict for a judge that gave {@code pac} on a set whose PAC should be {@code expected}.
   */
  public static CalibrationCheck of(double expected, Pac pac, double tolerance) {
    return of(expected, pac.percent(), pac.percentCi(), tolerance);
  }

  /** The rule itself: a miss when outside the interval and further than the tolerance. */
  public static CalibrationCheck of(
      double expected, double measured, Interval ci, double tolerance) {
    boolean outside = expected < ci.low() || expected > ci.high();
    boolean far = Math.abs(measured - expected) > tolerance;
    return new CalibrationCheck(expected, measured, ci, tolerance, !(outside && far));
  }

  /** Measured minus expected, in points. */
  public double difference() {
    return measured - expected;
  }

  /** {@code PASS} or {@code MISS}, as written in the reports. */
  public String label() {
    return pass ? "PASS" : "MISS";
  }
}
