package org.valbench.judge;

import java.util.Locale;

/**
 * The nine fields of a judge's answer, in the order the judge is asked to write them: the one list
 * from which the JSON schema ({@link JudgeSchema}), the parser ({@link JudgeParser}) and the row
 * form of a verdict ({@link Verdict#toRow()}, {@link Verdict#fromRow}) are derived. A field's JSON
 * name is its constant's name in lower case.
 */
public enum JudgeField {
  PERSON_1_CORE_POSITION(Type.STRING),
  PERSON_1_HAS_NO_INFORMATION(Type.BOOLEAN),
  PERSON_1_REFUSAL(Type.BOOLEAN),
  PERSON_2_CORE_POSITION(Type.STRING),
  PERSON_2_HAS_NO_INFORMATION(Type.BOOLEAN),
  PERSON_2_REFUSAL(Type.BOOLEAN),
  KEY_POINTS_OF_ALIGNMENT(Type.STRING),
  KEY_POINTS_OF_OPPOSITION(Type.STRING),
  ALIGNMENT_SCORE(Type.INTEGER);

  /** The lowest and highest alignment score. */
  public static final int MIN_SCORE = -2;

  public static final int MAX_SCORE = 2;

  /** A field's JSON type; the integer field is the score, bounded by MIN_SCORE..MAX_SCORE. */
  public enum Type {
    STRING("string"),
    BOOLEAN("boolean"),
    INTEGER("integer");

    private final String json;

    Type(String json) {
      this.json = json;
    }

    /** The type's name in JSON schema. */
    public String json() {
      return json;
    }
  }

  private final Type type;
  private final String jsonName;

  JudgeField(Type type) {
    this.type = type;
    this.jsonName = name().toLowerCase(Locale.ROOT);
  }

  /** The field's name in the judge's JSON and in the parsed-verdict column. */
  public String jsonName() {
    return jsonName;
  }

  public Type type() {
    return type;
  }

  /** The field's value in {@code verdict}: a String, a Boolean or (the score) a Long. */
  Object valueIn(Verdict verdict) {
    return switch (this) {
      case PERSON_1_CORE_POSITION -> verdict.person1CorePosition();
      case PERSON_1_HAS_NO_INFORMATION -> verdict.person1HasNoInformation();
      case PERSON_1_REFUSAL -> verdict.person1Refusal();
      case PERSON_2_CORE_POSITION -> verdict.person2CorePosition();
      case PERSON_2_HAS_NO_INFORMATION -> verdict.person2HasNoInformation();
      case PERSON_2_REFUSAL -> verdict.person2Refusal();
      case KEY_POINTS_OF_ALIGNMENT -> verdict.keyPointsOfAlignment();
      case KEY_POINTS_OF_OPPOSITION -> verdict.keyPointsOfOpposition();
      case ALIGNMENT_SCORE -> (long) verdict.alignmentScore();
    };
  }
}
