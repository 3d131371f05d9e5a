package org.valbench.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Exact agreement and kappa on common units, and the disagreement ranking; values by hand. */
class RaterAgreementTest {
  private static final int N = KrippendorffAlpha.MISSING;

  @Test
  void onlyUnitsBothRatedAreCompared() {
    // Common units 0, 1, 3, 5: ratings (2,2), (0,1), (-2,-2), (1,1): 3 of 4 exact.
    int[] a = {2, 0, N, -2, 1, 1};
    int[] b = {2, 1, 2, -2, N, 1};
    RaterPair pair = RaterPair.of("a", a, "b", b);
    assertThat(pair.common()).isEqualTo(4);
    assertThat(pair.exact()).isEqualTo(3);
    assertThat(pair.exactPercent()).isEqualTo(75.0);
    // Same as Kappa on the four common units (its own tests check it against scikit-learn).
    assertThat(pair.kappaLinear())
        .isCloseTo(
            Kappa.of(new int[] {2, 0, -2, 1}, new int[] {2, 1, -2, 1}, -2, 2, Kappa.Weights.LINEAR),
            within(1e-15));
  }

  @Test
  void identicalRatersAgreeFullyAndNoCommonUnitIsUndefined() {
    RaterPair same = RaterPair.of("a", new int[] {2, -1, 0}, "b", new int[] {2, -1, 0});
    assertThat(same.exactPercent()).isEqualTo(100.0);
    assertThat(same.kappaLinear()).isEqualTo(1.0);
    assertThat(same.kappaQuadratic()).isEqualTo(1.0);
    RaterPair none = RaterPair.of("a", new int[] {2, N}, "b", new int[] {N, 1});
    assertThat(none.common()).isZero();
    assertThat(none.exactPercent()).isNaN();
    assertThat(none.kappaLinear()).isNaN();
  }

  @Test
  void bothRatersAlwaysTwoHaveFullExactAgreementButNoKappa() {
    RaterPair pair = RaterPair.of("a", new int[] {2, 2, 2}, "b", new int[] {2, 2, 2});
    assertThat(pair.exactPercent()).isEqualTo(100.0);
    assertThat(pair.kappaLinear()).isNaN();
  }

  @Test
  void disagreementsAreRankedBySpreadThenBySizeOfTheMinorityThenByUnit() {
    int[][] ratings = {
      {2, 2, 0, 2, 1, -2, 2},
      {2, 1, 0, -2, 1, 2, N},
      {2, 2, N, 2, -1, 2, -2}
    };
    Disagreements.Ranked ranked = Disagreements.rank(ratings, 10);
    // spreads: unit 1: 1, unit 3: 4 (one off the median), unit 4: 2, unit 5: 4 (one off), unit 6: 4
    assertThat(ranked.units()).extracting(Disagreements.Unit::unit).containsExactly(3, 5, 6, 4, 1);
    assertThat(ranked.units())
        .extracting(Disagreements.Unit::spread)
        .containsExactly(4, 4, 4, 2, 1);
    assertThat(ranked.truncated()).isFalse();
    Disagreements.Ranked capped = Disagreements.rank(ratings, 2);
    assertThat(capped.units()).extracting(Disagreements.Unit::unit).containsExactly(3, 5);
    assertThat(capped.total()).isEqualTo(5);
    assertThat(capped.truncated()).isTrue();
  }
}
