package org.valbench.metrics;

import java.util.List;
import java.util.Objects;

/**
 * How much a judge's verdict depends on which answer it reads first, from the same pairs judged in
 * both orders ("for" first and "against" first): the share of pairs whose refusal-adjusted score is
 * the same in both orders (swap consistency, with a Wilson interval), the mean signed difference
 * (first order minus reversed, -4..4, with a Student's t interval: above 0 means the judge finds
 * more agreement when the "for" answer comes first), the linearly weighted Cohen's kappa between
 * the two orders' adjusted scores (NaN when undefined), and PAC for each order and for the per-pair
 * mean of the two.
 *
 * <p>Linear weights, because a pair's adjusted score enters PAC linearly: a disagreement of two
 * steps moves PAC twice as far as one of one step, and linear weights count it exactly twice.
 *
 * @param pairs pairs usable in both orders (the only ones these figures use)
 * @param leftOut the pairs without a usable verdict in one order or both
 * @param consistency pairs with the same adjusted score in both orders, of {@code pairs}
 */
public record PositionBias(
    long pairs,
    LeftOut leftOut,
    Rate consistency,
    double meanDifference,
    Interval meanDifferenceCi,
    double kappa,
    Pac forFirst,
    Pac againstFirst,
    Pac meanOfOrders) {

  /** The weighting of {@link #kappa}. */
  public static final Kappa.Weights KAPPA_WEIGHTS = Kappa.Weights.LINEAR;

  /**
   * Pairs left out: scored "for" first only, "against" first only, or in neither order (an unusable
   * judge answer or a failed request).
   */
  public record LeftOut(long onlyForFirst, long onlyAgainstFirst, long neither) {
    public static final LeftOut NONE = new LeftOut(0, 0, 0);

    public LeftOut {
      if (onlyForFirst < 0 || onlyAgainstFirst < 0 || neither < 0) {
        throw new IllegalArgumentException("negative count");
      }
    }

    public long total() {
      return onlyForFirst + onlyAgainstFirst + neither;
    }
  }

  public PositionBias {
    Objects.requireNonNull(leftOut, "leftOut");
    Objects.requireNonNull(consistency, "consistency");
    Objects.requireNonNull(meanDifferenceCi, "meanDifferenceCi");
    Objects.requireNonNull(forFirst, "forFirst");
    Objects.requireNonNull(againstFirst, "againstFirst");
    Objects.requireNonNull(meanOfOrders, "meanOfOrders");
  }

  /**
   * The figures for pairs judged in both orders: {@code forFirst.get(i)} and {@code
   * againstFirst.get(i)} are the verdicts on the same pair, the second with its person 1 / person 2
   * already mapped back to the "for" / "against" answers.
   *
   * @throws IllegalArgumentException when there is no pair, or the lists differ in length
   */
  public static PositionBias compute(
      List<ScoredPair> forFirst, List<ScoredPair> againstFirst, LeftOut leftOut) {
    if (forFirst.size() != againstFirst.size()) {
      throw new IllegalArgumentException(
          "the two orders hold different numbers of pairs: "
              + forFirst.size()
              + " and "
              + againstFirst.size());
    }
    int n = forFirst.size();
    if (n == 0) {
      throw new IllegalArgumentException("no pair was judged usably in both orders");
    }
    int[] first = new int[n];
    int[] reversed = new int[n];
    double[] firstScores = new double[n];
    double[] reversedScores = new double[n];
    double[] differences = new double[n];
    double[] means = new double[n];
    long same = 0;
    double sum = 0;
    for (int i = 0; i < n; i++) {
      first[i] = forFirst.get(i).adjustedScore();
      reversed[i] = againstFirst.get(i).adjustedScore();
      firstScores[i] = first[i];
      reversedScores[i] = reversed[i];
      differences[i] = first[i] - reversed[i];
      means[i] = (first[i] + reversed[i]) / 2.0;
      sum += differences[i];
      if (first[i] == reversed[i]) {
        same++;
      }
    }
    return new PositionBias(
        n,
        leftOut,
        Rate.of(same, n),
        sum / n,
        Intervals.meanT(differences, -4, 4),
        Kappa.of(first, reversed, -2, 2, KAPPA_WEIGHTS),
        PacMetrics.pac(firstScores),
        PacMetrics.pac(reversedScores),
        PacMetrics.pac(means));
  }
}
