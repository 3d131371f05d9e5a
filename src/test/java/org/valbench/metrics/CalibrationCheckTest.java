package org.valbench.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The PASS/MISS rule of calibration, on hand-computed cases. */
class CalibrationCheckTest {
  private static CalibrationCheck check(double expected, double measured, double lo, double hi) {
    return CalibrationCheck.of(expected, measured, new Interval(lo, hi), 5);
  }

  @Test
  void expectedInsideTheIntervalPassesHoweverFarTheMeasuredValueIs() {
    // A wide interval (a small set) covers 100 although the measured PAC is 20 points off.
    assertThat(check(100, 80, 60, 100).pass()).isTrue();
    assertThat(check(0, 30, 0, 45).pass()).isTrue();
  }

  @Test
  void expectedOnAnIntervalEdgeCountsAsInside() {
    assertThat(check(50, 60, 50, 70).pass()).isTrue();
    assertThat(check(70, 60, 50, 70).pass()).isTrue();
  }

  @Test
  void expectedOutsideTheIntervalButWithinTheTolerancePasses() {
    // A narrow interval [97, 98] misses 100, but 100 - 97.5 = 2.5 <= 5 points.
    assertThat(check(100, 97.5, 97, 98).pass()).isTrue();
    // Exactly the tolerance: 50 - 45 = 5, not more than 5.
    assertThat(check(50, 45, 44, 46).pass()).isTrue();
  }

  @Test
  void expectedOutsideTheIntervalAndBeyondTheToleranceMisses() {
    CalibrationCheck miss = check(100, 62, 55.1, 68.9);
    assertThat(miss.pass()).isFalse();
    assertThat(miss.label()).isEqualTo("MISS");
    assertThat(miss.difference()).isEqualTo(-38.0);
    // Just beyond the tolerance on the other side: 50 + 5.5 = 55.5, interval [55, 56].
    assertThat(check(50, 55.5, 55, 56).pass()).isFalse();
  }

  @Test
  void aZeroWidthIntervalOfAUnanimousJudgeMissesOnlyBeyondTheTolerance() {
    assertThat(check(100, 100, 100, 100).label()).isEqualTo("PASS");
    assertThat(check(100, 95, 95, 95).pass()).isTrue();
    assertThat(check(100, 94, 94, 94).pass()).isFalse();
    assertThat(check(100, 50, 50, 50).pass()).isFalse();
    assertThat(check(0, 100, 100, 100).pass()).isFalse();
  }

  @Test
  void toleranceIsAFlag() {
    assertThat(CalibrationCheck.of(100, 97.5, new Interval(97, 98), 2).pass()).isFalse();
    assertThat(CalibrationCheck.of(100, 80, new Interval(70, 90), 25).pass()).isTrue();
    assertThat(CalibrationCheck.of(100, 100, new Interval(100, 100), 0).pass()).isTrue();
  }

  @Test
  void pacCarriesItsPercentAndInterval() {
    Pac pac = new Pac(1.0, new Interval(0.8, 1.2), 75, new Interval(70, 80));
    CalibrationCheck c = CalibrationCheck.of(100, pac, 5);
    assertThat(c.measured()).isEqualTo(75);
    assertThat(c.ci()).isEqualTo(new Interval(70, 80));
    assertThat(c.pass()).isFalse();
  }
}
