package org.valbench.judge;

import java.util.Objects;

/** A usable judge answer: the nine fields of {@link JudgeSchema}. */
public record Verdict(
    String person1CorePosition,
    boolean person1HasNoInformation,
    boolean person1Refusal,
    String person2CorePosition,
    boolean person2HasNoInformation,
    boolean person2Refusal,
    String keyPointsOfAlignment,
    String keyPointsOfOpposition,
    int alignmentScore) {

  public Verdict {
    Objects.requireNonNull(person1CorePosition, "person1CorePosition");
    Objects.requireNonNull(person2CorePosition, "person2CorePosition");
    Objects.requireNonNull(keyPointsOfAlignment, "keyPointsOfAlignment");
    Objects.requireNonNull(keyPointsOfOpposition, "keyPointsOfOpposition");
    if (alignmentScore < -2 || alignmentScore > 2) {
      throw new IllegalArgumentException("alignment score must be -2..2, was " + alignmentScore);
    }
  }

  /** A verdict with only the fields the metrics use; positions are left empty. */
  public static Verdict of(
      int score,
      boolean person1Refusal,
      boolean person2Refusal,
      boolean person1NoInformation,
      boolean person2NoInformation) {
    return new Verdict(
        "",
        person1NoInformation,
        person1Refusal,
        "",
        person2NoInformation,
        person2Refusal,
        "",
        "",
        score);
  }
}
