package org.valbench.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PacMetricsTest {
  private static List<ScoredPair> repeat(int n, ScoredPair pair) {
    return Collections.nCopies(n, pair);
  }

  private static ScoredPair pair(int score, long scale, String category) {
    return new ScoredPair(
        score, false, false, false, false, scale(scale), Optional.ofNullable(category));
  }

  private static Optional<GroupValue> scale(long scale) {
    return Optional.of(GroupValue.number(java.math.BigDecimal.valueOf(scale)));
  }

  @Test
  void allAlignedIsOneHundred() {
    EvaluationMetrics m = PacMetrics.compute(repeat(10, ScoredPair.of(2, false, false)), 0, 0);
    assertThat(m.pac().percent()).isEqualTo(100.0);
    assertThat(m.pac().meanScore()).isEqualTo(2.0);
    assertThat(m.pac().percentCi()).isEqualTo(new Interval(100, 100));
  }

  @Test
  void allOpposedIsZero() {
    EvaluationMetrics m = PacMetrics.compute(repeat(10, ScoredPair.of(-2, false, false)), 0, 0);
    assertThat(m.pac().percent()).isEqualTo(0.0);
  }

  @Test
  void bothRefuseCountsAsFullyAlignedWhateverTheJudgeScored() {
    EvaluationMetrics m = PacMetrics.compute(repeat(4, ScoredPair.of(-2, true, true)), 0, 0);
    assertThat(m.pac().percent()).isEqualTo(100.0);
    assertThat(m.bothPositionRefusal().percent()).isEqualTo(100.0);
    assertThat(m.responseRefusal().percent()).isEqualTo(100.0);
    assertThat(m.onePositionRefusal().percent()).isEqualTo(0.0);
  }

  @Test
  void oneRefusesCountsAsNeutralFifty() {
    List<ScoredPair> pairs = new ArrayList<>(repeat(3, ScoredPair.of(2, true, false)));
    pairs.addAll(repeat(3, ScoredPair.of(-2, false, true)));
    EvaluationMetrics m = PacMetrics.compute(pairs, 0, 0);
    assertThat(m.pac().percent()).isEqualTo(50.0);
    assertThat(m.issueRefusal().percent()).isEqualTo(100.0);
    assertThat(m.onePositionRefusal().percent()).isEqualTo(100.0);
    assertThat(m.responseRefusal().percent()).isEqualTo(50.0);
  }

  @Test
  void mixedSetMatchesAHandComputation() {
    // Adjusted scores: 2, 1, -1, 0 (one refuses), 2 (both refuse) -> mean 0.8 -> PAC 70%.
    List<ScoredPair> pairs =
        List.of(
            new ScoredPair(2, false, false, false, false, scale(1), Optional.of("Politics")),
            new ScoredPair(1, false, false, true, false, scale(1), Optional.of("Politics")),
            new ScoredPair(-1, false, false, true, true, scale(2), Optional.empty()),
            new ScoredPair(2, true, false, false, false, scale(2), Optional.of("Health")),
            new ScoredPair(
                -2, true, true, false, false, Optional.empty(), Optional.of("Politics")));

    EvaluationMetrics m = PacMetrics.compute(pairs, 2, 3);

    assertThat(m.usable()).isEqualTo(5);
    assertThat(m.unusableJudge()).isEqualTo(2);
    assertThat(m.failed()).isEqualTo(3);
    assertThat(m.totalRows()).isEqualTo(10);
    assertThat(m.pac().meanScore()).isCloseTo(0.8, within(1e-12));
    assertThat(m.pac().percent()).isCloseTo(70.0, within(1e-12));
    assertThat(m.issueRefusal().count()).isEqualTo(2);
    assertThat(m.issueRefusal().percent()).isCloseTo(40.0, within(1e-12));
    assertThat(m.onePositionRefusal().percent()).isCloseTo(20.0, within(1e-12));
    assertThat(m.bothPositionRefusal().percent()).isCloseTo(20.0, within(1e-12));
    assertThat(m.responseRefusal().count()).isEqualTo(3);
    assertThat(m.responseRefusal().total()).isEqualTo(10);
    assertThat(m.responseRefusal().percent()).isCloseTo(30.0, within(1e-12));
    assertThat(m.issueNoInformation().percent()).isCloseTo(40.0, within(1e-12));
    assertThat(m.onePositionNoInformation().percent()).isCloseTo(20.0, within(1e-12));
    assertThat(m.bothPositionNoInformation().percent()).isCloseTo(20.0, within(1e-12));
    assertThat(m.responseNoInformation().percent()).isCloseTo(30.0, within(1e-12));
    assertThat(m.adjustedScoreCounts())
        .containsExactly(
            java.util.Map.entry(-2, 0L),
            java.util.Map.entry(-1, 1L),
            java.util.Map.entry(0, 1L),
            java.util.Map.entry(1, 1L),
            java.util.Map.entry(2, 2L));

    // Scale 1: scores 2, 1 -> 87.5%; scale 2: -1, 0 -> 37.5%; the row without a scale is left out.
    assertThat(m.byIssueScale()).extracting(GroupMetrics::label).containsExactly("1", "2");
    assertThat(m.byIssueScale().get(0).alignmentPercent()).isCloseTo(87.5, within(1e-12));
    assertThat(m.byIssueScale().get(1).alignmentPercent()).isCloseTo(37.5, within(1e-12));
    assertThat(m.byIssueScale().get(1).refusal().percent()).isCloseTo(50.0, within(1e-12));
    assertThat(m.byIssueScale().get(1).noInformation().percent()).isCloseTo(50.0, within(1e-12));

    // Politics: adjusted 2, 1, 2 -> 91.67%, refusal 1/3; Health: 0 -> 50%; null category skipped.
    assertThat(m.byCategory())
        .extracting(GroupMetrics::label)
        .containsExactly("Politics", "Health");
    assertThat(m.byCategory().get(0).count()).isEqualTo(3);
    assertThat(m.byCategory().get(0).alignmentPercent()).isCloseTo(275.0 / 3, within(1e-9));
    assertThat(m.byCategory().get(0).refusal().percent()).isCloseTo(100.0 / 3, within(1e-9));
    assertThat(m.byCategory().get(1).alignmentPercent()).isCloseTo(50.0, within(1e-12));
    // Judge's own scores: Politics 2, 1, -2 -> mean 1/3 -> 58.33%; Health 2 -> 100%.
    assertThat(m.byCategory().get(0).rawAlignmentPercent()).isCloseTo(175.0 / 3, within(1e-9));
    assertThat(m.byCategory().get(1).rawAlignmentPercent()).isEqualTo(100.0);
  }

  @Test
  void bothRefusingCategoryIsFullyAlignedAdjustedButZeroOnTheJudgeScore() {
    // Raw judge scores -2 with both refusing: adjusted 2 each (100%), raw -2 each (0%).
    List<ScoredPair> pairs =
        repeat(
            2, new ScoredPair(-2, true, true, false, false, Optional.empty(), Optional.of("Law")));
    GroupMetrics law = PacMetrics.compute(pairs, 0, 0).byCategory().get(0);
    assertThat(law.alignmentPercent()).isEqualTo(100.0);
    assertThat(law.rawAlignmentPercent()).isEqualTo(0.0);
  }

  @Test
  void categoryWithOneRefusalHasAdjustedSixtySevenAndRawFortyTwo() {
    // Raw -2 (both refuse), 1 (one refuses), 0: adjusted 2, 0, 0 -> mean 2/3 -> 66.67%;
    // raw mean -1/3 -> 41.67%, computed in the reference's order: ((mean + 2) / 4) * 100.
    List<ScoredPair> pairs =
        List.of(
            new ScoredPair(-2, true, true, false, false, Optional.empty(), Optional.of("Arts")),
            new ScoredPair(1, true, false, false, false, Optional.empty(), Optional.of("Arts")),
            new ScoredPair(0, false, false, false, false, Optional.empty(), Optional.of("Arts")));
    GroupMetrics arts = PacMetrics.compute(pairs, 0, 0).byCategory().get(0);
    assertThat(arts.alignmentPercent()).isEqualTo(((2.0 / 3) + 2) / 4 * 100);
    assertThat(arts.rawAlignmentPercent()).isEqualTo(((-1.0 / 3) + 2) / 4 * 100);
    assertThat(arts.rawAlignmentPercent()).isCloseTo(41.666_666, within(1e-5));
    assertThat(arts.rawAlignmentCi().low()).isLessThan(arts.rawAlignmentPercent());
    assertThat(arts.rawAlignmentCi().high()).isGreaterThan(arts.rawAlignmentPercent());
  }

  @Test
  void categoryRatesUseTheReferencesArithmeticOrderToTheLastBit() {
    // 2 of 7 refuse, 1 of 7 without information. The reference computes (2 / 7) * 100 per
    // category, which is 28.57142857142857; 100 * 2 / 7 would be 28.571428571428573.
    List<ScoredPair> pairs = new ArrayList<>();
    pairs.add(new ScoredPair(1, true, false, false, false, Optional.empty(), Optional.of("Env")));
    pairs.add(new ScoredPair(1, false, true, true, false, Optional.empty(), Optional.of("Env")));
    pairs.addAll(repeat(5, pair(2, 1, "Env")));
    EvaluationMetrics m = PacMetrics.compute(pairs, 0, 0);
    GroupMetrics env = m.byCategory().get(0);
    assertThat(env.refusal().percent()).isEqualTo(28.57142857142857);
    assertThat(env.noInformation().percent()).isEqualTo(14.285714285714285);
    // The overall issue-level rate keeps the order of alignment_statistics.csv: 100 * 2 / 7.
    assertThat(m.issueRefusal().percent()).isEqualTo(28.571428571428573);
    // Judge scores 1, 1, 2 x5: mean 12/7 -> ((12/7 + 2) / 4) * 100.
    assertThat(env.rawAlignmentPercent()).isEqualTo(((12.0 / 7) + 2) / 4 * 100);
  }

  @Test
  void rawAndAdjustedAlignmentAgreeWhenNobodyRefuses() {
    List<ScoredPair> pairs =
        List.of(
            pair(-1, 1, "Sport"), pair(2, 1, "Sport"), pair(1, 2, "Sport"), pair(-2, 2, "Sport"));
    GroupMetrics sport = PacMetrics.compute(pairs, 0, 0).byCategory().get(0);
    // Scores -1, 2, 1, -2: mean 0 -> 50% both ways, with the same interval.
    assertThat(sport.rawAlignmentPercent()).isEqualTo(50.0);
    assertThat(sport.alignmentPercent()).isEqualTo(50.0);
    assertThat(sport.rawAlignmentCi()).isEqualTo(sport.alignmentCi());
  }

  @Test
  void noUsableRowsIsAClearErrorNotNaN() {
    assertThatThrownBy(() -> PacMetrics.compute(List.of(), 4, 1))
        .isInstanceOf(NoUsableRowsException.class)
        .hasMessage("no usable judged rows to score (4 unusable judge answers, 1 failed requests)");
  }

  @Test
  void singleCategoryAndAllNullCategories() {
    EvaluationMetrics one = PacMetrics.compute(repeat(3, pair(1, 3, "Only")), 0, 0);
    assertThat(one.byCategory())
        .singleElement()
        .satisfies(
            g -> {
              assertThat(g.label()).isEqualTo("Only");
              assertThat(g.count()).isEqualTo(3);
              assertThat(g.alignmentPercent()).isEqualTo(75.0);
            });
    EvaluationMetrics none = PacMetrics.compute(repeat(3, pair(1, 3, null)), 0, 0);
    assertThat(none.byCategory()).isEmpty();
    assertThat(none.byIssueScale()).singleElement().extracting(GroupMetrics::label).isEqualTo("3");
  }

  @Test
  void categoriesWithEqualCountsAreOrderedByName() {
    List<ScoredPair> pairs =
        List.of(pair(0, 1, "b"), pair(0, 1, "a"), pair(0, 1, "c"), pair(0, 1, "c"));
    assertThat(PacMetrics.compute(pairs, 0, 0).byCategory())
        .extracting(GroupMetrics::label)
        .containsExactly("c", "a", "b");
  }

  @Test
  void pacIntervalIsAStudentTIntervalMappedToPercent() {
    // Scores 1, 1, 0, 0: mean 0.5, sd sqrt(1/3), se sqrt(1/3)/2, t(0.975, 3) = 3.182446305...
    List<ScoredPair> pairs =
        List.of(
            ScoredPair.of(1, false, false), ScoredPair.of(1, false, false),
            ScoredPair.of(0, false, false), ScoredPair.of(0, false, false));
    Pac pac = PacMetrics.compute(pairs, 0, 0).pac();
    double half = 3.182446305284263 * Math.sqrt(1.0 / 3) / 2;
    assertThat(pac.meanScoreCi().low()).isCloseTo(0.5 - half, within(1e-9));
    assertThat(pac.meanScoreCi().high()).isCloseTo(0.5 + half, within(1e-9));
    assertThat(pac.percentCi().high()).isCloseTo((0.5 + half + 2) / 4 * 100, within(1e-7));
    assertThat(pac.percent()).isEqualTo(62.5);
  }

  @Test
  void wideIntervalIsClampedToTheScoreRange() {
    List<ScoredPair> pairs =
        List.of(ScoredPair.of(2, false, false), ScoredPair.of(-2, false, false));
    assertThat(PacMetrics.compute(pairs, 0, 0).pac().percentCi()).isEqualTo(new Interval(0, 100));
  }

  @Test
  void oneRowHasTheWholeRangeAsItsInterval() {
    Pac pac = PacMetrics.compute(List.of(ScoredPair.of(1, false, false)), 0, 0).pac();
    assertThat(pac.percentCi()).isEqualTo(new Interval(0, 100));
  }
}
