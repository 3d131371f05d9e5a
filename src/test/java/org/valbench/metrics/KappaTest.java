package org.valbench.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.valbench.metrics.Kappa.Weights;

/**
 * Expected values: the first two cases by hand; the others from scikit-learn 1.9.1's {@code
 * cohen_kappa_score(a, b, weights=..., labels=[-2, -1, 0, 1, 2])}, an independent implementation.
 */
class KappaTest {
  private static final int[] MIXED_A = {-2, -1, 0, 1, 2, 2, 1, 0, -1, -2, 2, 2};
  private static final int[] MIXED_B = {-2, 0, 0, 1, 1, 2, 2, 0, -2, -2, 1, 2};

  @Test
  void identicalRatingsAgreePerfectlyUnderEveryWeighting() {
    int[] r = {-2, 0, 1, 2, 2, -1};
    for (Weights w : Weights.values()) {
      assertThat(Kappa.of(r, r, -2, 2, w)).isEqualTo(1.0);
    }
  }

  @Test
  void twoCategoriesByHand() {
    // a = [1,1,0,0], b = [1,0,0,0]: observed agreement 3/4; chance (2*1 + 2*3)/16 = 1/2;
    // kappa = (3/4 - 1/2) / (1 - 1/2) = 1/2. With two categories every weighting is the same.
    int[] a = {1, 1, 0, 0};
    int[] b = {1, 0, 0, 0};
    for (Weights w : Weights.values()) {
      assertThat(Kappa.of(a, b, 0, 1, w)).isCloseTo(0.5, within(1e-12));
    }
  }

  @Test
  void mixedRatingsMatchScikitLearn() {
    assertThat(Kappa.of(MIXED_A, MIXED_B, -2, 2, Weights.LINEAR)).isCloseTo(0.75, within(1e-12));
    assertThat(Kappa.of(MIXED_A, MIXED_B, -2, 2, Weights.QUADRATIC))
        .isCloseTo(0.9056603773584906, within(1e-12));
    assertThat(Kappa.of(MIXED_A, MIXED_B, -2, 2, Weights.NONE))
        .isCloseTo(0.4736842105263158, within(1e-12));
  }

  @Test
  void oppositeRatingsAreBelowChance() {
    int[] a = {-2, -1, 1, 2};
    int[] b = {2, 1, -1, -2};
    assertThat(Kappa.of(a, b, -2, 2, Weights.QUADRATIC)).isCloseTo(-1.0, within(1e-12));
    assertThat(Kappa.of(a, b, -2, 2, Weights.LINEAR)).isCloseTo(-0.7142857142857142, within(1e-12));
  }

  @Test
  void oneStepDisagreementsCountLessWhenWeighted() {
    int[] a = {0, 0, 1, 1, 2, 2, -1, -1};
    int[] b = {0, 1, 1, 2, 2, 1, -1, 0};
    assertThat(Kappa.of(a, b, -2, 2, Weights.NONE)).isCloseTo(0.33333333333333337, within(1e-12));
    assertThat(Kappa.of(a, b, -2, 2, Weights.LINEAR)).isCloseTo(0.5789473684210527, within(1e-12));
    assertThat(Kappa.of(a, b, -2, 2, Weights.QUADRATIC))
        .isCloseTo(0.7777777777777778, within(1e-12));
  }

  @Test
  void undefinedWithoutItemsOrWhenBothRatersGiveOneValue() {
    assertThat(Kappa.of(new int[0], new int[0], -2, 2, Weights.LINEAR)).isNaN();
    int[] constant = {2, 2, 2};
    assertThat(Kappa.of(constant, constant, -2, 2, Weights.QUADRATIC)).isNaN();
  }

  @Test
  void ratingsOffTheScaleOrOfDifferentLengthsAreRefused() {
    assertThatThrownBy(() -> Kappa.of(new int[] {3}, new int[] {2}, -2, 2, Weights.LINEAR))
        .hasMessage("rating 3 is outside the scale -2..2");
    assertThatThrownBy(() -> Kappa.of(new int[] {1, 2}, new int[] {2}, -2, 2, Weights.LINEAR))
        .hasMessage("the raters rated different numbers of items: 2 and 1");
  }
}
