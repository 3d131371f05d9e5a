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
  void rateIsInPercentWithItsInterval() {
    Rate rate = Rate.of(1, 4);
    assertThat(rate.percent()).isEqualTo(25.0);
    assertThat(rate.ci().low()).isCloseTo(4.56, within(0.01));
    assertThat(rate.ci().high()).isCloseTo(69.94, within(0.01));
  }
}
