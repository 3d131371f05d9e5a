package org.valbench.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Expected values: perfect consistency, no variance, a known bias and the refusal rule by hand (the
 * arithmetic is in each test's comments); the mixed case from an independent implementation, scipy
 * 1.17 ({@code stats.t.ppf}, {@code binomtest(...).proportion_ci(method='wilson')}) and
 * scikit-learn 1.9 ({@code cohen_kappa_score(a, b, weights='linear', labels=[-2..2])}).
 */
class PositionBiasTest {
  private static List<ScoredPair> scores(int... scores) {
    return Arrays.stream(scores).mapToObj(s -> ScoredPair.of(s, false, false)).toList();
  }

  @Test
  void sameScoresInBothOrdersArePerfectlyConsistentWithNoPreference() {
    List<ScoredPair> pairs = scores(2, -2, 0, 1, 2);

    PositionBias bias = PositionBias.compute(pairs, pairs, PositionBias.LeftOut.NONE);

    assertThat(bias.pairs()).isEqualTo(5);
    assertThat(bias.consistency().count()).isEqualTo(5);
    assertThat(bias.consistency().percent()).isEqualTo(100.0);
    // Wilson with k = n = 5: low = n / (n + z^2) = 5 / 8.8414588 = 0.565518.
    assertThat(bias.consistency().ci().low()).isCloseTo(56.55175352168251, within(1e-9));
    assertThat(bias.consistency().ci().high()).isEqualTo(100.0);
    // Every difference is 0: mean 0 and a t interval of width 0.
    assertThat(bias.meanDifference()).isZero();
    assertThat(bias.meanDifferenceCi()).isEqualTo(new Interval(0, 0));
    assertThat(bias.kappa()).isEqualTo(1.0);
    assertThat(bias.forFirst()).isEqualTo(bias.againstFirst());
    assertThat(bias.meanOfOrders()).isEqualTo(bias.forFirst());
    // Mean 3/5 = 0.6 -> (0.6 + 2) / 4 = 65%.
    assertThat(bias.forFirst().percent()).isCloseTo(65.0, within(1e-12));
  }

  @Test
  void noVarianceLeavesKappaUndefinedButConsistencyFull() {
    // Both orders always say 2: chance alone predicts the agreement, so kappa is 0/0 (NaN).
    PositionBias bias =
        PositionBias.compute(scores(2, 2, 2), scores(2, 2, 2), PositionBias.LeftOut.NONE);

    assertThat(bias.kappa()).isNaN();
    assertThat(bias.consistency().percent()).isEqualTo(100.0);
    assertThat(bias.meanDifferenceCi()).isEqualTo(new Interval(0, 0));
    assertThat(bias.forFirst().percent()).isEqualTo(100.0);
    assertThat(bias.forFirst().percentCi()).isEqualTo(new Interval(100, 100));
  }

  @Test
  void aJudgeThatScoresOnePointHigherWhenAgainstComesFirstShowsMinusOne() {
    // Every pair: -2 "for" first, -1 "against" first. Differences all -1: mean -1, no spread.
    PositionBias bias =
        PositionBias.compute(
            scores(-2, -2, -2, -2), scores(-1, -1, -1, -1), PositionBias.LeftOut.NONE);

    assertThat(bias.meanDifference()).isEqualTo(-1.0);
    assertThat(bias.meanDifferenceCi()).isEqualTo(new Interval(-1, -1));
    assertThat(bias.consistency().count()).isZero();
    // Wilson with k = 0, n = 4: high = z^2 / (n + z^2) = 3.8414588 / 7.8414588 = 0.489891.
    assertThat(bias.consistency().ci().high()).isCloseTo(48.98908364545973, within(1e-9));
    // Linear weights, 5 categories: every pair disagrees by one step (weight 1/4), and chance
    // (all -2 against all -1) predicts the same 1/4: kappa = 1 - (1/4) / (1/4) = 0.
    assertThat(bias.kappa()).isCloseTo(0.0, within(1e-12));
    // Means -2 and -1: PAC 0% and 25%; the per-pair mean -1.5 gives 12.5%.
    assertThat(bias.forFirst().percent()).isEqualTo(0.0);
    assertThat(bias.againstFirst().percent()).isEqualTo(25.0);
    assertThat(bias.meanOfOrders().percent()).isEqualTo(12.5);
  }

  @Test
  void scoresDifferingOnlyUnderARefusalCountAsConsistent() {
    // One person refuses in both orders: the adjusted score is 0 whatever the judge's score.
    List<ScoredPair> first = List.of(ScoredPair.of(2, true, false), ScoredPair.of(-2, true, true));
    List<ScoredPair> reversed =
        List.of(ScoredPair.of(-1, true, false), ScoredPair.of(1, true, true));

    PositionBias bias = PositionBias.compute(first, reversed, PositionBias.LeftOut.NONE);

    assertThat(bias.consistency().count()).isEqualTo(2);
    assertThat(bias.meanDifference()).isZero();
  }

  @Test
  void mixedScoresMatchScipyAndScikitLearn() {
    List<ScoredPair> first = scores(2, 2, -2, -2, 1, 0, 2, -1, 2, 0);
    List<ScoredPair> reversed = scores(2, 1, -1, -2, 1, 0, 2, 0, 2, -2);

    PositionBias bias = PositionBias.compute(first, reversed, PositionBias.LeftOut.NONE);

    assertThat(bias.consistency().count()).isEqualTo(6);
    assertThat(bias.consistency().ci().low()).isCloseTo(31.26737697336583, within(1e-9));
    assertThat(bias.consistency().ci().high()).isCloseTo(83.18196702937639, within(1e-9));
    assertThat(bias.meanDifference()).isCloseTo(0.1, within(1e-12));
    assertThat(bias.meanDifferenceCi().low()).isCloseTo(-0.5263629556723539, within(1e-9));
    assertThat(bias.meanDifferenceCi().high()).isCloseTo(0.7263629556723539, within(1e-9));
    assertThat(bias.kappa()).isCloseTo(0.7058823529411764, within(1e-12));
    assertThat(bias.forFirst().percent()).isCloseTo(60.0, within(1e-12));
    assertThat(bias.forFirst().percentCi().low()).isCloseTo(30.55331292067568, within(1e-9));
    assertThat(bias.againstFirst().percent()).isCloseTo(57.5, within(1e-12));
    assertThat(bias.againstFirst().percentCi().high()).isCloseTo(85.5244865828309, within(1e-9));
    assertThat(bias.meanOfOrders().percent()).isCloseTo(58.75, within(1e-12));
    assertThat(bias.meanOfOrders().percentCi().low()).isCloseTo(31.09248808547349, within(1e-9));
    assertThat(bias.meanOfOrders().percentCi().high()).isCloseTo(86.40751191452651, within(1e-9));
  }

  @Test
  void ordersOfDifferentLengthsOrNoPairsAreRefused() {
    assertThatThrownBy(
            () -> PositionBias.compute(scores(1, 2), scores(1), PositionBias.LeftOut.NONE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("2 and 1");
    assertThatThrownBy(() -> PositionBias.compute(List.of(), List.of(), PositionBias.LeftOut.NONE))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
