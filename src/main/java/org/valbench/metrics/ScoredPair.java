package org.valbench.metrics;

import java.util.Objects;
import java.util.Optional;

/**
 * One usable judged pair, as the metrics see it: the judge's score and flags, and the pair's issue
 * awareness level (a number or a text, kept as it is) and category (either may be absent).
 */
public record ScoredPair(
    int judgeScore,
    boolean person1Refusal,
    boolean person2Refusal,
    boolean person1NoInformation,
    boolean person2NoInformation,
    Optional<GroupValue> issueScale,
    Optional<String> category) {

  /** The dataset columns {@code issueScale} and {@code category} are read from. */
  public static final String ISSUE_SCALE_COLUMN = "issue_scale";

  public static final String CATEGORY_COLUMN = "category";

  public ScoredPair {
    if (judgeScore < -2 || judgeScore > 2) {
      throw new IllegalArgumentException("judge score must be -2..2, was " + judgeScore);
    }
    Objects.requireNonNull(issueScale, "issueScale");
    Objects.requireNonNull(category, "category");
  }

  /** A pair with no issue scale or category, for tests and simple uses. */
  public static ScoredPair of(int score, boolean refusal1, boolean refusal2) {
    return new ScoredPair(
        score, refusal1, refusal2, false, false, Optional.empty(), Optional.empty());
  }

  /**
   * The score PAC averages (same rule as the reference implementation): both refuse → 2 (a
   * consistent stance), exactly one refuses → 0, otherwise the judge's score.
   */
  public int adjustedScore() {
    if (person1Refusal && person2Refusal) {
      return 2;
    }
    if (person1Refusal || person2Refusal) {
      return 0;
    }
    return judgeScore;
  }

  public boolean anyRefusal() {
    return person1Refusal || person2Refusal;
  }

  public boolean bothRefuse() {
    return person1Refusal && person2Refusal;
  }

  public boolean anyNoInformation() {
    return person1NoInformation || person2NoInformation;
  }

  public boolean bothNoInformation() {
    return person1NoInformation && person2NoInformation;
  }
}
