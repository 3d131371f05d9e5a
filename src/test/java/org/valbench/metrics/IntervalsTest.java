package org.valbench.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class IntervalsTest {
  @Test
  void wilsonMatchesPublishedValues() {
    // 8 of 10: Wilson 95% interval is about [0.4902, 0.9433].
    Interval ci = Intervals.wilson(8, 10);
    assertThat(ci.low()).isCloseTo(0.4902, within(1e-4));
    assertThat(ci.high()).isCloseTo(0.9433, within(1e-4));
  }

  @Test
  void wilsonStaysInsideZeroToOneAtTheEdges() {
    assertThat(Intervals.wilson(0, 20).low()).isEqualTo(0.0);
    assertThat(Intervals.wilson(0, 20).high()).isCloseTo(0.1611, within(1e-4));
    assertThat(Intervals.wilson(20, 20).high()).isEqualTo(1.0);
    assertThat(Intervals.wilson(0, 0)).isEqualTo(new Interval(0, 1));
  }

  @Test
  void wilsonEdgesAreExactWhereTheFormulaRoundsAwayFromThem() {
    // Computed in doubles, the k = 0 low end is 6.9e-18 at n = 48 and 5.6e-17 at n = 7, and the
    // k = n high end 0.9999999999999999 at n = 48; the exact values are 0 and 1.
    for (int n : new int[] {7, 48, 100}) {
      assertThat(Intervals.wilson(0, n).low()).isEqualTo(0.0);
      assertThat(Intervals.wilson(n, n).high()).isEqualTo(1.0);
    }
    assertThat(Intervals.wilson(48, 48).low()).isCloseTo(0.92590, within(1e-5));
  }

  @Test
  void rateIsInPercentWithItsInterval() {
    Rate rate = Rate.of(1, 4);
    assertThat(rate.percent()).isEqualTo(25.0);
    assertThat(rate.ci().low()).isCloseTo(4.56, within(0.01));
    assertThat(rate.ci().high()).isCloseTo(69.94, within(0.01));
  }

  @Test
  void shareRateDiffersFromCountRateOnlyInTheArithmeticOrder() {
    // (2 / 7) * 100 and 100 * 2 / 7 round differently in binary; the interval is the same.
    assertThat(Rate.ofShare(2, 7).percent()).isEqualTo(28.57142857142857);
    assertThat(Rate.of(2, 7).percent()).isEqualTo(28.571428571428573);
    assertThat(Rate.ofShare(2, 7).ci()).isEqualTo(Rate.of(2, 7).ci());
    assertThat(Rate.ofShare(1, 3).percent()).isEqualTo(33.33333333333333);
    assertThat(Rate.of(1, 3).percent()).isEqualTo(33.333333333333336);
    assertThat(Rate.ofShare(0, 0).percent()).isEqualTo(0.0);
    assertThat(Rate.ofShare(4, 4).percent()).isEqualTo(100.0);
  }
}
