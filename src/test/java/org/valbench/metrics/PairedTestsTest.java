package org.valbench.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/**
 * Expected p-values were computed independently with Python SciPy 1.17.1 (installed on the
 * development machine), not with this code:
 *
 * <ul>
 *   <li>sign-flip, exact: {@code scipy.stats.permutation_test((d,), np.mean,
 *       permutation_type='samples', alternative='two-sided', n_resamples=np.inf).pvalue};
 *   <li>sign-flip, large: the same distribution by Monte Carlo in numpy (1,000,000 random sign
 *       vectors, seed 7), quoted with its standard error;
 *   <li>McNemar: {@code scipy.stats.binomtest(min(b, c), b + c, 0.5).pvalue}.
 * </ul>
 *
 * Holm's values and the single-pair and all-equal cases are worked out by hand in the comments.
 */
class PairedTestsTest {
  @Test
  void signFlipWithTiesAndZerosMatchesScipyExactPermutation() {
    // 40 of the 1024 sign vectors of the 8 non-zero differences are at least as extreme.
    assertThat(PairedTests.signFlip(Differences.of(4, 2, 1, 1, 0, -1, 3, 2, 0, 1, 2)))
        .isCloseTo(0.0390625, within(1e-12));
    assertThat(
            PairedTests.signFlip(
                Differences.of(4, 4, -4, 2, -2, 1, 1, 1, 0, 0, -1, 3, 2, 2, 2, 1, 1)))
        .isCloseTo(0.146728515625, within(1e-12));
  }

  @Test
  void signFlipWithAllDifferencesEqual() {
    // Five +1: only all-plus and all-minus reach |5|, 2 of 32.
    assertThat(PairedTests.signFlip(Differences.of(4, 1, 1, 1, 1, 1))).isEqualTo(0.0625);
    // Nothing differs: no evidence at all.
    assertThat(PairedTests.signFlip(Differences.of(4, 0, 0, 0))).isEqualTo(1.0);
  }

  @Test
  void signFlipWithASingleCommonPairIsOne() {
    // Either sign of a single difference is as far from zero as the observed one.
    assertThat(PairedTests.signFlip(Differences.of(4, 3))).isEqualTo(1.0);
    assertThat(PairedTests.signFlip(Differences.of(4, -1, 1))).isEqualTo(1.0);
  }

  @Test
  void signFlipExactPathOnManyPairsMatchesMonteCarlo() {
    // 1,800 non-zero differences (exact convolution); SciPy/numpy Monte Carlo 0.043949, se 0.0002.
    Differences d = counts(0, 1200, 1, 700, -1, 650, 2, 200, -2, 180, 3, 40, -3, 30);
    assertThat(PairedTests.signFlip(d)).isCloseTo(0.043949, within(0.001));
  }

  @Test
  void signFlipNormalApproximationAboveTheExactLimitMatchesMonteCarlo() {
    // 3,615 non-zero differences (normal path); Monte Carlo 0.002373, se 0.00005.
    Differences d =
        counts(0, 2400, 1, 1400, -1, 1300, 2, 400, -2, 360, 3, 80, -3, 60, 4, 10, -4, 5);
    assertThat(PairedTests.signFlip(d)).isCloseTo(0.002373, within(0.0002));
  }

  @Test
  void mcNemarMatchesScipyBinomtest() {
    assertThat(PairedTests.mcNemarExact(3, 10)).isCloseTo(0.09228515625, within(1e-12));
    assertThat(PairedTests.mcNemarExact(0, 5)).isCloseTo(0.0625, within(1e-12));
    assertThat(PairedTests.mcNemarExact(40, 60)).isCloseTo(0.05688793364098089, within(1e-12));
    assertThat(PairedTests.mcNemarExact(5000, 5300)).isCloseTo(0.003215819673645259, within(1e-10));
  }

  @Test
  void mcNemarKeepsTinyPValuesOfLargeSamples() {
    // scipy.stats.binomtest(4239, 10761, 0.5).pvalue = 4.7143792010157315e-108; a cdf computed as
    // 1 - (upper tail) would give 0.
    assertThat(PairedTests.mcNemarExact(4239, 6522))
        .isCloseTo(4.7143792010157315e-108, within(1e-115));
    // All 2,000 discordant pairs one way: 2 / 2^2000 is below the smallest double; SciPy gives 0.
    assertThat(PairedTests.mcNemarExact(0, 2000)).isEqualTo(0.0);
  }

  @Test
  void mcNemarWithTiedOrNoDiscordantPairsIsOne() {
    assertThat(PairedTests.mcNemarExact(7, 7)).isEqualTo(1.0);
    assertThat(PairedTests.mcNemarExact(1, 0)).isEqualTo(1.0);
    assertThat(PairedTests.mcNemarExact(0, 0)).isEqualTo(1.0);
  }

  @Test
  void holmAdjustsStepDownAndKeepsInputOrder() {
    // Sorted 0.01, 0.03, 0.04, 0.2 -> x4 = 0.04, x3 = 0.09, x2 = 0.08 raised to 0.09, x1 = 0.2.
    assertThat(PairedTests.holm(new double[] {0.01, 0.04, 0.03, 0.2}))
        .containsExactly(new double[] {0.04, 0.09, 0.09, 0.2}, within(1e-12));
    // Capped at 1; ties keep equal values.
    assertThat(PairedTests.holm(new double[] {0.5, 0.5, 0.6}))
        .containsExactly(new double[] {1.0, 1.0, 1.0}, within(1e-12));
    assertThat(PairedTests.holm(new double[] {0.02})).containsExactly(0.02);
    assertThat(PairedTests.holm(new double[0])).isEmpty();
  }

  static Differences counts(int... valueCountPairs) {
    Differences d = Differences.symmetric(4);
    for (int i = 0; i < valueCountPairs.length; i += 2) {
      for (int c = 0; c < valueCountPairs[i + 1]; c++) {
        d.add(valueCountPairs[i]);
      }
    }
    return d;
  }
}
