package org.valbench.metrics;

import java.util.Objects;

/**
 * Run A against run B on the pairs both scored: PAC and issue-level refusal rate of each, their
 * differences (A - B, in percentage points) with paired bootstrap 95% intervals, and paired test
 * p-values (sign-flip permutation test for PAC, exact McNemar for refusal). The pairs left out are
 * counted by reason: only in A, only in B, or in both but not scored by one of them.
 */
public record PairedComparison(
    long common,
    long onlyInA,
    long onlyInB,
    long notScored,
    double pacA,
    double pacB,
    double pacDifference,
    Interval pacDifferenceCi,
    double pacP,
    double refusalA,
    double refusalB,
    double refusalDifference,
    Interval refusalDifferenceCi,
    long refusedOnlyByA,
    long refusedOnlyByB,
    double refusalP) {

  public PairedComparison {
    if (common < 1 || onlyInA < 0 || onlyInB < 0 || notScored < 0) {
      throw new IllegalArgumentException("bad counts");
    }
    Objects.requireNonNull(pacDifferenceCi, "pacDifferenceCi");
    Objects.requireNonNull(refusalDifferenceCi, "refusalDifferenceCi");
  }

  /**
   * Compares {@code a} with {@code b} (aligned on the same positions).
   *
   * @throws NoCommonPairsException when no pair is scored by both
   */
  public static PairedComparison of(AlignedRun a, AlignedRun b, long seed, int resamples) {
    if (a.size() != b.size()) {
      throw new IllegalArgumentException("runs are not aligned");
    }
    Differences scores = Differences.symmetric(4);
    Differences refusals = Differences.symmetric(1);
    long onlyInA = 0;
    long onlyInB = 0;
    long notScored = 0;
    long sumA = 0;
    long sumB = 0;
    long refusedA = 0;
    long refusedB = 0;
    for (int i = 0; i < a.size(); i++) {
      byte sa = a.score(i);
      byte sb = b.score(i);
      if (sa == AlignedRun.ABSENT || sb == AlignedRun.ABSENT) {
        if (sa != AlignedRun.ABSENT) {
          onlyInA++;
        } else if (sb != AlignedRun.ABSENT) {
          onlyInB++;
        }
        continue;
      }
      if (sa == AlignedRun.NOT_SCORED || sb == AlignedRun.NOT_SCORED) {
        notScored++;
        continue;
      }
      scores.add(sa - sb);
      sumA += sa;
      sumB += sb;
      int ra = a.refused(i) ? 1 : 0;
      int rb = b.refused(i) ? 1 : 0;
      refusals.add(ra - rb);
      refusedA += ra;
      refusedB += rb;
    }
    long n = scores.n();
    if (n == 0) {
      throw new NoCommonPairsException(onlyInA, onlyInB, notScored);
    }
    // PAC = (mean + 2) / 4 * 100, so a difference of mean scores maps to points by * 25.
    double points = 100.0 / 4;
    Interval pacCi = PairedBootstrap.interval(scores, points, seed, resamples);
    Interval refusalCi = PairedBootstrap.interval(refusals, 100.0, seed + 1, resamples);
    return new PairedComparison(
        n,
        onlyInA,
        onlyInB,
        notScored,
        Pac.toPercent((double) sumA / n),
        Pac.toPercent((double) sumB / n),
        scores.mean() * points,
        pacCi,
        PairedTests.signFlip(scores),
        100.0 * refusedA / n,
        100.0 * refusedB / n,
        refusals.mean() * 100,
        refusalCi,
        refusals.count(1),
        refusals.count(-1),
        PairedTests.mcNemarExact(refusals.count(1), refusals.count(-1)));
  }

  /** Thrown when two runs share no scored pair. */
  public static final class NoCommonPairsException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public NoCommonPairsException(long onlyInA, long onlyInB, long notScored) {
      super(
          "no scored pair in common ("
              + onlyInA
              + " ids only in the first, "
              + onlyInB
              + " only in the second, "
              + notScored
              + " in both but not scored by one of them)");
    }
  }
}
