package org.valbench.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/**
 * Expected values: by hand where the comment shows the arithmetic; the others from a separate
 * Python implementation (numpy, written from the coincidence-matrix definition in Krippendorff's
 * "Computing Krippendorff's Alpha-Reliability", 2011), which also reproduces that paper's published
 * values for its example with missing ratings (nominal .743, ordinal .815, interval .849).
 */
class KrippendorffAlphaTest {
  private static final int N = KrippendorffAlpha.MISSING;

  @Test
  void krippendorffsOwnExampleWithMissingRatings() {
    // Four observers, twelve units, values 1..5; unit 12 has one rating and is not pairable.
    int[][] ratings = {
      {1, 2, 3, 3, 2, 1, 4, 1, 2, N, N, N},
      {1, 2, 3, 3, 2, 2, 4, 1, 2, 5, N, 3},
      {N, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, N},
      {1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, N}
    };
    KrippendorffAlpha.Result result = KrippendorffAlpha.ordinal(ratings);
    assertThat(result.alpha()).isCloseTo(0.815, within(5e-4)); // as published
    assertThat(result.alpha()).isCloseTo(0.8153875037548813, within(1e-12)); // Python
    assertThat(result.pairableUnits()).isEqualTo(11);
    assertThat(result.pairableValues()).isCloseTo(40, within(1e-12));
  }

  @Test
  void twoValuesByHandGiveZero() {
    // Units (1,1) and (1,2): o11 = 2, o12 = o21 = 1; n1 = 3, n2 = 1, n = 4.
    // delta(1,2) = (n1 + n2 - (n1 + n2) / 2)^2 = 4; alpha = 1 - 3 * (2 * 4) / (2 * 3 * 1 * 4) = 0.
    int[][] ratings = {{1, 1}, {1, 2}};
    assertThat(KrippendorffAlpha.ordinal(ratings).alpha()).isCloseTo(0.0, within(1e-12));
  }

  @Test
  void perfectAgreementIsOneEvenWithMissingRatings() {
    int[][] ratings = {{-2, 0, 2, N, 1}, {-2, 0, 2, 1, N}, {N, 0, 2, 1, 1}};
    KrippendorffAlpha.Result result = KrippendorffAlpha.ordinal(ratings);
    assertThat(result.alpha()).isEqualTo(1.0);
    assertThat(result.undefinedReason()).isEmpty();
  }

  @Test
  void noVarianceIsUndefinedWithTheReason() {
    int[][] ratings = {{2, 2, 2, N}, {2, 2, N, 2}};
    KrippendorffAlpha.Result result = KrippendorffAlpha.ordinal(ratings);
    assertThat(result.defined()).isFalse();
    assertThat(result.undefinedReason()).contains("no variance");
    assertThat(result.pairableUnits()).isEqualTo(2);
  }

  @Test
  void noPairableUnitIsUndefined() {
    int[][] ratings = {{2, N, -1}, {N, 0, N}};
    KrippendorffAlpha.Result result = KrippendorffAlpha.ordinal(ratings);
    assertThat(result.defined()).isFalse();
    assertThat(result.undefinedReason()).isEqualTo("no pair has ratings from two raters");
    assertThat(KrippendorffAlpha.ordinal(new int[0][]).defined()).isFalse();
  }

  @Test
  void threeJudgesWithMissingRatingsMatchPython() {
    int[][] ratings = {
      {-2, -1, 0, 1, 2, 2, 1, 0, -1, -2, 2, 2},
      {-2, 0, 0, 1, 1, 2, 2, 0, -2, -2, 1, 2},
      {-1, 0, N, 1, 2, 2, N, 0, -2, -2, 2, 1}
    };
    assertThat(KrippendorffAlpha.ordinal(ratings).alpha())
        .isCloseTo(0.8861810187992722, within(1e-12));
  }

  @Test
  void twoRatersWithMissingRatingsMatchPython() {
    int[][] ratings = {{2, 2, 0, -2, 1, N, 2, -1}, {2, 1, 0, -2, N, 0, 2, -2}};
    assertThat(KrippendorffAlpha.ordinal(ratings).alpha())
        .isCloseTo(0.9086845466155811, within(1e-12));
  }

  @Test
  void oppositeRatingsAreBelowZero() {
    int[][] ratings = {{-2, -1, 1, 2}, {2, 1, -1, -2}};
    assertThat(KrippendorffAlpha.ordinal(ratings).alpha()).isCloseTo(-0.75, within(1e-12));
  }

  @Test
  void aUnitRatedOnceChangesNothing() {
    int[][] without = {{2, 2, 0, -2}, {2, 1, 0, -2}};
    int[][] with = {{2, 2, 0, -2, -2}, {2, 1, 0, -2, N}};
    assertThat(KrippendorffAlpha.ordinal(with).alpha())
        .isEqualTo(KrippendorffAlpha.ordinal(without).alpha());
  }
}
