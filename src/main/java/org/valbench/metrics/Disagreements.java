package org.valbench.metrics;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The units on which raters disagree most: every unit with two ratings or more that are not all the
 * same, by spread (highest rating minus lowest), largest first; ties by the number of ratings away
 * from the unit's median (more first), then by unit order.
 */
public final class Disagreements {
  /** One unit: its position and the spread of its ratings. */
  public record Unit(int unit, int spread) {}

  /** The ranking, cut to {@code limit}, and how many disagreements there are in all. */
  public record Ranked(List<Unit> units, int total) {
    public Ranked {
      units = List.copyOf(units);
    }

    public boolean truncated() {
      return units.size() < total;
    }
  }

  private Disagreements() {}

  /**
   * Ranks the units of {@code ratings[rater][unit]} ({@link KrippendorffAlpha#MISSING} allowed).
   */
  public static Ranked rank(int[][] ratings, int limit) {
    if (limit < 0) {
      throw new IllegalArgumentException("limit must be >= 0, was " + limit);
    }
    int units = ratings.length == 0 ? 0 : ratings[0].length;
    List<int[]> found = new ArrayList<>(); // unit, spread, ratings off the median
    for (int u = 0; u < units; u++) {
      List<Integer> values = new ArrayList<>();
      for (int[] rater : ratings) {
        if (rater[u] != KrippendorffAlpha.MISSING) {
          values.add(rater[u]);
        }
      }
      if (values.size() < 2) {
        continue;
      }
      values.sort(Comparator.naturalOrder());
      int spread = values.get(values.size() - 1) - values.get(0);
      if (spread == 0) {
        continue;
      }
      int median = values.get((values.size() - 1) / 2);
      int off = (int) values.stream().filter(v -> v != median).count();
      found.add(new int[] {u, spread, off});
    }
    found.sort(
        Comparator.comparingInt((int[] f) -> -f[1])
            .thenComparingInt(f -> -f[2])
            .thenComparingInt(f -> f[0]));
    List<Unit> kept = new ArrayList<>();
    for (int i = 0; i < Math.min(limit, found.size()); i++) {
      kept.add(new Unit(found.get(i)[0], found.get(i)[1]));
    }
    return new Ranked(kept, found.size());
  }
}
