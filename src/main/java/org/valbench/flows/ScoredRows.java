package org.valbench.flows;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.valbench.dataset.RowStream;
import org.valbench.judge.Verdict;
import org.valbench.metrics.GroupValue;
import org.valbench.metrics.ScoredPair;
import org.valbench.pipeline.Checkpoint;

/**
 * The rows of a scored table, sorted into what the metrics need, and which of the optional columns
 * the metrics group by are not in the table at all ({@code absentColumns}).
 */
record ScoredRows(
    List<ScoredPair> usable, long unusableJudge, long failed, Set<String> absentColumns) {
  ScoredRows {
    usable = List.copyOf(usable);
    absentColumns = java.util.Collections.unmodifiableSet(new TreeSet<>(absentColumns));
  }

  static final String ISSUE_SCALE = PairColumns.ISSUE_SCALE;
  static final String CATEGORY = PairColumns.CATEGORY;

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The columns the metrics read. */
  private static final List<String> COLUMNS =
      List.of(JudgedColumns.STATUS, JudgedColumns.PARSED, ISSUE_SCALE, CATEGORY);

  /** Reads the scored checkpoint's rows, only the columns the metrics need. */
  static ScoredRows of(Checkpoint scored) {
    org.valbench.dataset.Schema schema = scored.schema();
    Set<String> absent = new TreeSet<>();
    for (String optional : List.of(ISSUE_SCALE, CATEGORY)) {
      if (!schema.has(optional)) {
        absent.add(optional);
      }
    }
    return of(scored.read(COLUMNS.stream().filter(schema::has).toList()), absent);
  }

  /** Reads the rows (and closes them); only the small scored pairs are kept. */
  static ScoredRows of(RowStream scored, Set<String> absentColumns) {
    List<ScoredPair> usable = new ArrayList<>();
    long unusable = 0;
    long failed = 0;
    try (scored) {
      while (scored.hasNext()) {
        Map<String, Object> row = scored.next();
        if (failed(row)) {
          failed++;
        } else {
          Optional<ScoredPair> pair = scoredPair(row);
          if (pair.isPresent()) {
            usable.add(pair.get());
          } else {
            unusable++;
          }
        }
      }
    }
    return new ScoredRows(usable, unusable, failed, absentColumns);
  }

  /** True when the row's judge request failed (counted apart from unusable answers). */
  static boolean failed(Map<String, Object> row) {
    return ScoreJudgementsStep.FAILED.equals(String.valueOf(row.get(JudgedColumns.STATUS)));
  }

  /**
   * The row's scored pair, or empty when its judge answer was unusable (no parsed verdict). Call it
   * on rows that did not {@link #failed fail}.
   */
  static Optional<ScoredPair> scoredPair(Map<String, Object> row) {
    if (!(row.get(JudgedColumns.PARSED) instanceof Map<?, ?> parsed)) {
      return Optional.empty();
    }
    // Written by Verdict.toRow in the scoring step: a missing field is an error, not false.
    Verdict verdict = Verdict.fromRow(parsed);
    return Optional.of(
        new ScoredPair(
            verdict.alignmentScore(),
            verdict.person1Refusal(),
            verdict.person2Refusal(),
            verdict.person1HasNoInformation(),
            verdict.person2HasNoInformation(),
            issueScale(row.get(ISSUE_SCALE)),
            category(row.get(CATEGORY))));
  }

  /**
   * An issue scale as it is: integers and decimals exactly (never rounded), a text as text (a text
   * that is a number counts as that number), anything else by its JSON text. Null, blank text and a
   * missing column mean no value.
   */
  static Optional<GroupValue> issueScale(Object value) {
    if (value == null) {
      return Optional.empty();
    }
    Optional<BigDecimal> number = exactNumber(value);
    if (number.isPresent()) {
      return number.map(GroupValue::number);
    }
    String text = text(value);
    return text.isBlank() ? Optional.empty() : Optional.of(GroupValue.text(text));
  }

  /** A category as a label: text as it is, numbers in their shortest exact form, else JSON. */
  static Optional<String> category(Object value) {
    if (value == null) {
      return Optional.empty();
    }
    Optional<BigDecimal> number = exactNumber(value);
    if (number.isPresent()) {
      return number.map(n -> GroupValue.number(n).label());
    }
    String text = text(value);
    return text.isBlank() ? Optional.empty() : Optional.of(text);
  }

  /** The exact decimal value of a finite number; empty for NaN, infinities and non-numbers. */
  private static Optional<BigDecimal> exactNumber(Object value) {
    return switch (value) {
      case Long l -> Optional.of(BigDecimal.valueOf(l));
      case Integer i -> Optional.of(BigDecimal.valueOf(i));
      case Short s -> Optional.of(BigDecimal.valueOf(s));
      case Byte b -> Optional.of(BigDecimal.valueOf(b));
      case BigInteger big -> Optional.of(new BigDecimal(big));
      case BigDecimal decimal -> Optional.of(decimal);
      // Double.toString is the shortest text that reads back as the same double: 2.7 stays 2.7.
      case Double d when Double.isFinite(d) -> Optional.of(new BigDecimal(Double.toString(d)));
      case Float f when Float.isFinite(f) -> Optional.of(new BigDecimal(Float.toString(f)));
      default -> Optional.empty();
    };
  }

  private static String text(Object value) {
    if (value instanceof String s) {
      return s;
    }
    if (value instanceof Number || value instanceof Boolean) {
      return value.toString();
    }
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      return String.valueOf(value);
    }
  }
}
