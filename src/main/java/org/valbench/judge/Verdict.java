package org.valbench.judge;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A usable judge answer: the nine fields of {@link JudgeField}. {@link #toRow()} and {@link
 * #fromRow} are its form in a dataset (the parsed-verdict column) and in the judge's JSON.
 */
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
    if (alignmentScore < JudgeField.MIN_SCORE || alignmentScore > JudgeField.MAX_SCORE) {
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

  /**
   * The verdict as a row: every {@link JudgeField} by its JSON name, in field order; strings,
   * booleans and the score as a {@code Long}.
   */
  public Map<String, Object> toRow() {
    Map<String, Object> row = new LinkedHashMap<>();
    for (JudgeField field : JudgeField.values()) {
      row.put(field.jsonName(), field.valueIn(this));
    }
    return row;
  }

  /**
   * Reads a verdict from a row written by {@link #toRow()} (or a map of the judge's JSON fields):
   * every field must be present with its type (the score any integral number); other keys are
   * ignored.
   *
   * @throws IllegalArgumentException naming the first field that is missing or of the wrong type
   */
  public static Verdict fromRow(Map<?, ?> row) {
    return new Verdict(
        text(row, JudgeField.PERSON_1_CORE_POSITION),
        flag(row, JudgeField.PERSON_1_HAS_NO_INFORMATION),
        flag(row, JudgeField.PERSON_1_REFUSAL),
        text(row, JudgeField.PERSON_2_CORE_POSITION),
        flag(row, JudgeField.PERSON_2_HAS_NO_INFORMATION),
        flag(row, JudgeField.PERSON_2_REFUSAL),
        text(row, JudgeField.KEY_POINTS_OF_ALIGNMENT),
        text(row, JudgeField.KEY_POINTS_OF_OPPOSITION),
        score(row, JudgeField.ALIGNMENT_SCORE));
  }

  private static String text(Map<?, ?> row, JudgeField field) {
    if (!(value(row, field) instanceof String text)) {
      throw wrongType(row, field);
    }
    return text;
  }

  private static boolean flag(Map<?, ?> row, JudgeField field) {
    if (!(value(row, field) instanceof Boolean flag)) {
      throw wrongType(row, field);
    }
    return flag;
  }

  private static int score(Map<?, ?> row, JudgeField field) {
    if (!(value(row, field) instanceof Number n)
        || n.doubleValue() != Math.rint(n.doubleValue())
        || n.doubleValue() < JudgeField.MIN_SCORE
        || n.doubleValue() > JudgeField.MAX_SCORE) {
      throw wrongType(row, field);
    }
    return n.intValue();
  }

  private static Object value(Map<?, ?> row, JudgeField field) {
    Object value = row.get(field.jsonName());
    if (value == null) {
      throw new IllegalArgumentException("verdict row has no field " + field.jsonName());
    }
    return value;
  }

  private static IllegalArgumentException wrongType(Map<?, ?> row, JudgeField field) {
    return new IllegalArgumentException(
        "verdict field "
            + field.jsonName()
            + " should be "
            + (field.type() == JudgeField.Type.INTEGER
                ? "an integer from " + JudgeField.MIN_SCORE + " to " + JudgeField.MAX_SCORE
                : "a " + field.type().json())
            + ", got "
            + row.get(field.jsonName()).getClass().getSimpleName());
  }
}
