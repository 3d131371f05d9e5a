package org.valbench.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.apache.commons.math3.random.MersenneTwister;
import org.junit.jupiter.api.Test;

/**
 * The multinomial shortcut is checked against an independent implementation of the textbook
 * definition written here (draw n pair indices with replacement, average their differences; a
 * different generator), and its edge cases by hand.
 */
class PairedBootstrapTest {
  @Test
  void intervalAgreesWithResamplingPairByPair() {
    int[] diffs = new int[400];
    for (int i = 0; i < diffs.length; i++) {
      diffs[i] = new int[] {0, 0, 1, -1, 2, 0, 1, -2, 4, 0, 1, -1, 0, 3}[i % 14];
    }
    Differences d = Differences.of(4, diffs);
    Interval fast = PairedBootstrap.interval(d, 25, 99, 20_000);
    Interval naive = naive(diffs, 25, 20_000);
    // Monte Carlo error of a 2.5% percentile with 20,000 resamples is about 0.1 points here.
    assertThat(fast.low()).isCloseTo(naive.low(), within(0.4));
    assertThat(fast.high()).isCloseTo(naive.high(), within(0.4));
    assertThat(fast.low()).isLessThan(d.mean() * 25).isGreaterThan(0);
  }

  @Test
  void sameSeedGivesIdenticalIntervalsAndLabelsGiveTheirOwnSeed() {
    Differences d = Differences.of(4, 1, 0, -1, 2, 2, 0, 1, 3, -2, 1);
    assertThat(PairedBootstrap.interval(d, 25, 5, 2000))
        .isEqualTo(PairedBootstrap.interval(d, 25, 5, 2000));
    assertThat(PairedBootstrap.seedFor("a", "b")).isEqualTo(PairedBootstrap.seedFor("a", "b"));
    assertThat(PairedBootstrap.seedFor("a", "b")).isNotEqualTo(PairedBootstrap.seedFor("b", "a"));
  }

  @Test
  void allEqualDifferencesGiveAPointInterval() {
    Differences d = Differences.of(4, 2, 2, 2, 2);
    assertThat(PairedBootstrap.interval(d, 25, 1, 1000)).isEqualTo(new Interval(50, 50));
  }

  @Test
  void aSingleCommonPairGivesAPointInterval() {
    assertThat(PairedBootstrap.interval(Differences.of(4, -3), 25, 1, 1000))
        .isEqualTo(new Interval(-75, -75));
  }

  @Test
  void binomialDrawsHaveTheRightMeanAndVariance() {
    MersenneTwister random = new MersenneTwister(3);
    long n = 115_000;
    double p = 0.23;
    int draws = 20_000;
    double sum = 0;
    double squares = 0;
    for (int i = 0; i < draws; i++) {
      long x = PairedBootstrap.binomial(n, p, random);
      sum += x;
      squares += (double) x * x;
    }
    double mean = sum / draws;
    double variance = squares / draws - mean * mean;
    // Expected n p = 26450 and n p (1 - p) = 20366.5; the sample mean's standard error is about 1.
    assertThat(mean).isCloseTo(26_450, within(5.0));
    assertThat(variance).isCloseTo(20_366.5, within(20_366.5 * 0.05));
    assertThat(PairedBootstrap.binomial(10, 0, random)).isZero();
    assertThat(PairedBootstrap.binomial(10, 1, random)).isEqualTo(10);
  }

  @Test
  void quantileInterpolatesLikeNumpy() {
    // numpy.quantile([1, 2, 3, 4], 0.025) = 1.075, 0.975 -> 3.925.
    double[] sorted = {1, 2, 3, 4};
    assertThat(PairedBootstrap.quantile(sorted, 0.025)).isCloseTo(1.075, within(1e-12));
    assertThat(PairedBootstrap.quantile(sorted, 0.975)).isCloseTo(3.925, within(1e-12));
  }

  private static Interval naive(int[] diffs, double scale, int resamples) {
    SplittableRandom random = new SplittableRandom(12345);
    double[] means = new double[resamples];
    for (int r = 0; r < resamples; r++) {
      long sum = 0;
      for (int i = 0; i < diffs.length; i++) {
        sum += diffs[random.nextInt(diffs.length)];
      }
      means[r] = (double) sum / diffs.length * scale;
    }
    Arrays.sort(means);
    return new Interval(
        PairedBootstrap.quantile(means, 0.025), PairedBootstrap.quantile(means, 0.975));
  }
}
