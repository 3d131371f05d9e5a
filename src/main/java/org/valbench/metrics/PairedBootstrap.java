package org.valbench.metrics;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import org.apache.commons.math3.distribution.BinomialDistribution;
import org.apache.commons.math3.random.MersenneTwister;
import org.apache.commons.math3.random.RandomGenerator;

/**
 * Paired bootstrap percentile interval (95%) for a mean difference: each resample draws n pairs
 * with replacement from the n common pairs and takes the mean of their differences.
 *
 * <p>Drawing n pairs with replacement from a set whose differences take few values gives counts per
 * value that follow a multinomial distribution with the observed shares; this class draws those
 * counts directly (one binomial per value, conditional on the earlier ones, each by inversion
 * searching outward from the mode), which is the same distribution as drawing pair by pair but
 * costs about the square root of n per resample instead of n. The generator is a Mersenne Twister
 * seeded with {@link #seedFor}, so a rerun gives identical intervals.
 */
public final class PairedBootstrap {
  /** Number of resamples. */
  public static final int RESAMPLES = 10_000;

  /** The base seed every comparison's own seed is derived from. */
  public static final long SEED = 15_2026_11_30L;

  private PairedBootstrap() {}

  /**
   * The seed of the comparison between the runs labelled {@code a} and {@code b}: the first 8 bytes
   * of SHA-256 over {@link #SEED} and the two labels, so a comparison's interval does not depend on
   * which other runs are compared with it.
   */
  public static long seedFor(String a, String b) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      byte[] hash = digest.digest((SEED + "\0" + a + "\0" + b).getBytes(StandardCharsets.UTF_8));
      long seed = 0;
      for (int i = 0; i < 8; i++) {
        seed = (seed << 8) | (hash[i] & 0xff);
      }
      return seed;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The 2.5% and 97.5% percentiles (linear interpolation between order statistics, numpy's default)
   * of {@code resamples} resampled mean differences, multiplied by {@code scale}. With a single
   * pair, or all differences equal, every resample equals the observed mean.
   */
  public static Interval interval(Differences d, double scale, long seed, int resamples) {
    long n = d.n();
    if (n == 0) {
      throw new IllegalArgumentException("no pairs to resample");
    }
    if (resamples < 1) {
      throw new IllegalArgumentException("resamples < 1");
    }
    long[] byValue = d.countsCopy();
    // The last value drawn costs nothing (it takes the remaining draws): order the values by count,
    // so that the most common one (usually a difference of 0) comes last.
    Integer[] order = new Integer[byValue.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (x, y) -> Long.compare(byValue[x], byValue[y]));
    long[] counts = new long[order.length];
    int[] values = new int[order.length];
    for (int i = 0; i < order.length; i++) {
      counts[i] = byValue[order[i]];
      values[i] = order[i] + d.min();
    }
    RandomGenerator random = new MersenneTwister(seed);
    double[] means = new double[resamples];
    for (int r = 0; r < resamples; r++) {
      long remainingDraws = n;
      long remainingCount = n;
      long sum = 0;
      for (int i = 0; i < counts.length && remainingDraws > 0; i++) {
        if (counts[i] == 0) {
          continue;
        }
        long drawn =
            counts[i] == remainingCount
                ? remainingDraws
                : binomial(remainingDraws, (double) counts[i] / remainingCount, random);
        sum += drawn * (long) values[i];
        remainingDraws -= drawn;
        remainingCount -= counts[i];
      }
      means[r] = (double) sum / n * scale;
    }
    Arrays.sort(means);
    return new Interval(quantile(means, 0.025), quantile(means, 0.975));
  }

  /** numpy's default ("linear") quantile of sorted values. */
  static double quantile(double[] sorted, double q) {
    double position = q * (sorted.length - 1);
    int below = (int) Math.floor(position);
    int above = Math.min(sorted.length - 1, below + 1);
    double weight = position - below;
    return sorted[below] + weight * (sorted[above] - sorted[below]);
  }

  /**
   * One Binomial(n, p) draw by inversion: one uniform number, then the probabilities are taken off
   * it starting at the mode and moving outward (mode, mode + 1, mode - 1, ...), each obtained from
   * its neighbour by the ratio of binomial coefficients. About 2 standard deviations of steps.
   */
  static long binomial(long n, double p, RandomGenerator random) {
    if (n == 0 || p <= 0) {
      return 0;
    }
    if (p >= 1) {
      return n;
    }
    if (n > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("n too large: " + n);
    }
    long mode = Math.min(n, (long) Math.floor((n + 1) * p));
    double atMode = Math.exp(new BinomialDistribution(null, (int) n, p).logProbability((int) mode));
    double odds = p / (1 - p);
    double u = random.nextDouble() - atMode;
    if (u <= 0) {
      return mode;
    }
    long up = mode;
    long down = mode;
    double pUp = atMode;
    double pDown = atMode;
    while (true) {
      boolean moved = false;
      if (up < n && pUp > 0) {
        pUp *= (double) (n - up) / (up + 1) * odds;
        up++;
        u -= pUp;
        if (u <= 0) {
          return up;
        }
        moved = true;
      }
      if (down > 0 && pDown > 0) {
        pDown *= (double) down / (n - down + 1) / odds;
        down--;
        u -= pDown;
        if (u <= 0) {
          return down;
        }
        moved = true;
      }
      if (!moved) {
        return mode; // only rounding error was left of u
      }
    }
  }
}
