package org.valbench.metrics;

/**
 * How many pairs have each per-pair difference between two runs: the differences are small integers
 * (-4..4 for refusal-adjusted scores, -1..1 for a flag), so a histogram holds all the data any
 * paired statistic here needs, whatever the number of pairs.
 */
public final class Differences {
  private final int min;
  private final long[] counts;

  private Differences(int min, long[] counts) {
    this.min = min;
    this.counts = counts;
  }

  /** An empty histogram for differences from {@code -maxAbs} to {@code maxAbs}. */
  public static Differences symmetric(int maxAbs) {
    if (maxAbs < 0) {
      throw new IllegalArgumentException("maxAbs < 0");
    }
    return new Differences(-maxAbs, new long[2 * maxAbs + 1]);
  }

  /** A histogram from a list of differences, for tests and small inputs. */
  public static Differences of(int maxAbs, int... values) {
    Differences d = symmetric(maxAbs);
    for (int v : values) {
      d.add(v);
    }
    return d;
  }

  public void add(int difference) {
    if (difference < min || difference > max()) {
      throw new IllegalArgumentException(
          "difference " + difference + " outside " + min + ".." + max());
    }
    counts[difference - min]++;
  }

  public int min() {
    return min;
  }

  public int max() {
    return min + counts.length - 1;
  }

  public int maxAbs() {
    return -min;
  }

  public long count(int difference) {
    return difference < min || difference > max() ? 0 : counts[difference - min];
  }

  /** The number of pairs. */
  public long n() {
    long n = 0;
    for (long c : counts) {
      n += c;
    }
    return n;
  }

  /** The mean difference; NaN when there are no pairs. */
  public double mean() {
    long n = 0;
    long sum = 0;
    for (int i = 0; i < counts.length; i++) {
      n += counts[i];
      sum += (long) (i + min) * counts[i];
    }
    return n == 0 ? Double.NaN : (double) sum / n;
  }

  long[] countsCopy() {
    return counts.clone();
  }
}
