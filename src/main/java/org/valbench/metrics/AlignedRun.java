package org.valbench.metrics;

/**
 * One run's pairs on an id index shared by every run of a comparison: per pair position, its
 * refusal-adjusted score (-2..2) and issue-level refusal flag, or {@link #ABSENT} (the run has no
 * such pair) or {@link #NOT_SCORED} (unusable judge answer or failed request). Two bytes a pair, so
 * 20 runs of 115K pairs take under 5 MB.
 */
public final class AlignedRun {
  public static final byte ABSENT = 100;
  public static final byte NOT_SCORED = 101;

  private final byte[] scores;
  private final byte[] refusals;

  private AlignedRun(byte[] scores, byte[] refusals) {
    this.scores = scores;
    this.refusals = refusals;
  }

  /** A run of {@code size} positions, every one {@link #ABSENT} until set. */
  public static AlignedRun absent(int size) {
    byte[] scores = new byte[size];
    java.util.Arrays.fill(scores, ABSENT);
    return new AlignedRun(scores, new byte[size]);
  }

  /**
   * Records a scored pair at {@code position}: its refusal-adjusted score ({@link
   * ScoredPair#adjustedScore()}) and whether either side refused.
   */
  public void scored(int position, int adjustedScore, boolean refused) {
    if (adjustedScore < -2 || adjustedScore > 2) {
      throw new IllegalArgumentException("adjusted score must be -2..2, was " + adjustedScore);
    }
    scores[position] = (byte) adjustedScore;
    refusals[position] = (byte) (refused ? 1 : 0);
  }

  /** Records a pair that exists but has no usable score at {@code position}. */
  public void notScored(int position) {
    scores[position] = NOT_SCORED;
    refusals[position] = 0;
  }

  public int size() {
    return scores.length;
  }

  /** The refusal-adjusted score, or {@link #ABSENT} / {@link #NOT_SCORED}. */
  public byte score(int position) {
    return scores[position];
  }

  public boolean isScored(int position) {
    return scores[position] != ABSENT && scores[position] != NOT_SCORED;
  }

  public boolean refused(int position) {
    return refusals[position] != 0;
  }

  /** Number of scored pairs. */
  public int scoredCount() {
    int n = 0;
    for (int i = 0; i < scores.length; i++) {
      if (isScored(i)) {
        n++;
      }
    }
    return n;
  }
}
