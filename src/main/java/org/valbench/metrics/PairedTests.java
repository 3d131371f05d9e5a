package org.valbench.metrics;

import org.apache.commons.math3.distribution.BinomialDistribution;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.special.Beta;

/**
 * Paired two-sided tests on per-pair differences given as a {@link Differences} histogram: the
 * sign-flip permutation test for a mean difference, the exact McNemar test for paired binary flags,
 * and Holm's adjustment over a family of p-values.
 *
 * <p>Why a sign-flip test and not Wilcoxon's signed-rank test: the differences of refusal-adjusted
 * scores take only the nine values -4..4, so most of them are tied or zero, where the signed-rank
 * test needs tie and zero corrections and tests a pseudo-median; the sign-flip test has no such
 * corrections and tests exactly the quantity reported, the mean difference (H0: each pair's
 * difference is as likely to have either sign).
 */
public final class PairedTests {
  /**
   * Up to this many non-zero differences the sign-flip distribution is computed exactly; above it
   * the normal approximation with a continuity correction is used (the summands are bounded
   * integers, so it is very accurate there).
   */
  public static final int EXACT_LIMIT = 2000;

  private static final NormalDistribution NORMAL = new NormalDistribution(null, 0, 1);

  private PairedTests() {}

  /**
   * Two-sided p-value of the sign-flip permutation test: the probability, when every non-zero
   * difference keeps its size and takes either sign with probability 1/2, of a total at least as
   * far from zero as the observed one. All differences zero gives 1.
   */
  public static double signFlip(Differences d) {
    long[] sizeCounts = new long[d.maxAbs() + 1];
    long observed = 0;
    long nonZero = 0;
    for (int v = d.min(); v <= d.max(); v++) {
      long c = d.count(v);
      sizeCounts[Math.abs(v)] += c;
      observed += v * c;
      if (v != 0) {
        nonZero += c;
      }
    }
    if (nonZero == 0 || observed == 0) {
      return 1.0;
    }
    long absObserved = Math.abs(observed);
    if (nonZero <= EXACT_LIMIT) {
      return exactSignFlip(sizeCounts, absObserved);
    }
    double variance = 0;
    for (int k = 1; k < sizeCounts.length; k++) {
      variance += (double) k * k * sizeCounts[k];
    }
    // The total moves in steps of 2 (one flip of a difference k changes it by 2k, k >= 1): half a
    // step of continuity correction.
    double z = (absObserved - 1) / Math.sqrt(variance);
    return Math.min(1.0, 2 * NORMAL.cumulativeProbability(-z));
  }

  /**
   * P(|T| >= t) for T = sum of k * (2 X_k - c_k), X_k ~ Binomial(c_k, 1/2) independent: the exact
   * sign-flip distribution, built by convolving the distributions of S = sum of k * X_k.
   */
  private static double exactSignFlip(long[] sizeCounts, long absObserved) {
    long total = 0;
    for (int k = 1; k < sizeCounts.length; k++) {
      total += k * sizeCounts[k];
    }
    double[] dist = {1.0};
    for (int k = 1; k < sizeCounts.length; k++) {
      int c = (int) sizeCounts[k];
      if (c == 0) {
        continue;
      }
      double[] binomial = new double[c + 1];
      BinomialDistribution b = new BinomialDistribution(null, c, 0.5);
      for (int j = 0; j <= c; j++) {
        binomial[j] = b.probability(j);
      }
      double[] next = new double[dist.length + k * c];
      for (int s = 0; s < dist.length; s++) {
        if (dist[s] == 0) {
          continue;
        }
        for (int j = 0; j <= c; j++) {
          next[s + k * j] += dist[s] * binomial[j];
        }
      }
      dist = next;
    }
    double p = 0;
    for (int s = 0; s < dist.length; s++) {
      if (Math.abs(2L * s - total) >= absObserved) {
        p += dist[s];
      }
    }
    return Math.min(1.0, p);
  }

  /**
   * Exact McNemar test: of the discordant pairs, {@code onlyA} have the flag only in run A and
   * {@code onlyB} only in run B; under H0 each discordant pair is either kind with probability 1/2
   * (a two-sided binomial test). No discordant pair gives 1.
   */
  public static double mcNemarExact(long onlyA, long onlyB) {
    if (onlyA < 0 || onlyB < 0) {
      throw new IllegalArgumentException("negative count");
    }
    long n = onlyA + onlyB;
    if (n == 0) {
      return 1.0;
    }
    if (n > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("too many pairs: " + n);
    }
    // With p = 1/2 the two-sided binomial p-value is twice the smaller tail. commons-math3's
    // BinomialTest gives the same value but sums the tails one outcome at a time (slow for 100K
    // discordant pairs), and its cdf is 1 - I(...), which rounds tails below 1e-16 to 0. The lower
    // tail P(X <= k) = I_{1/2}(n - k, k + 1) taken directly keeps p-values down to 1e-300.
    long k = Math.min(onlyA, onlyB);
    double tail = Beta.regularizedBeta(0.5, (double) (n - k), (double) (k + 1));
    return Math.min(1.0, 2 * tail);
  }

  /**
   * Holm's step-down adjustment: the i-th smallest of m p-values is multiplied by (m - i + 1), kept
   * no smaller than the adjusted values before it, and capped at 1. Returned in the input order.
   */
  public static double[] holm(double[] pValues) {
    int m = pValues.length;
    Integer[] order = new Integer[m];
    for (int i = 0; i < m; i++) {
      if (Double.isNaN(pValues[i]) || pValues[i] < 0 || pValues[i] > 1) {
        throw new IllegalArgumentException("not a p-value: " + pValues[i]);
      }
      order[i] = i;
    }
    java.util.Arrays.sort(order, (x, y) -> Double.compare(pValues[x], pValues[y]));
    double[] adjusted = new double[m];
    double running = 0;
    for (int rank = 0; rank < m; rank++) {
      int i = order[rank];
      running = Math.max(running, Math.min(1.0, (m - rank) * pValues[i]));
      adjusted[i] = running;
    }
    return adjusted;
  }
}
