package org.valbench.judge;

import java.util.Objects;

/** What a judge's answer turned out to be: a usable verdict, or unusable with a reason. */
public sealed interface Judgement permits Judgement.Usable, Judgement.Unusable {

  /** A verdict; {@code fenced} when the JSON came wrapped in a Markdown code fence. */
  record Usable(Verdict verdict, boolean fenced) implements Judgement {
    public Usable {
      Objects.requireNonNull(verdict, "verdict");
    }
  }

  /** Why an answer cannot be scored. */
  enum Reason {
    EMPTY,
    BAD_JSON,
    NOT_AN_OBJECT,
    MISSING_FIELD,
    WRONG_TYPE,
    SCORE_OUT_OF_RANGE
  }

  /** An answer that cannot be scored; it is excluded from the metrics and counted. */
  record Unusable(Reason reason, String detail) implements Judgement {
    public Unusable {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(detail, "detail");
    }

    /** The reason and detail in one short line, e.g. {@code missing field: person_2_refusal}. */
    public String describe() {
      return reason.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + ": " + detail;
    }
  }
}
