package org.valbench.flows;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.valbench.common.UserError;
import org.valbench.dataset.ColumnType;
import org.valbench.dataset.Field;
import org.valbench.dataset.RowSink;
import org.valbench.dataset.RowStream;
import org.valbench.dataset.Schema;
import org.valbench.judge.JudgeField;
import org.valbench.judge.JudgeParser;
import org.valbench.judge.Judgement;
import org.valbench.pipeline.Checkpoint;
import org.valbench.pipeline.Step;
import org.valbench.pipeline.StepKey;
import org.valbench.pipeline.StepOutput;

/**
 * Scores a judged table: parses each judge answer into {@code alignment_score} (-100 where
 * unusable) and {@code alignment_judge_parsed} (null where unusable), and records why a row is not
 * scored in {@code alignment_judge_status}. Accepts valbench's judged datasets and the reference
 * implementation's (which carry only {@code alignment_score} and the parsed fields).
 */
public final class ScoreJudgementsStep implements Step {
  static final String NAME = "score-judgements";

  /** The step that scores {@code --both-orders}' reversed judgement. */
  static final String REVERSED_NAME = "score-reversed-judgements";

  static final int VERSION = 1;

  public static final long UNUSABLE_SCORE = -100;

  /** Row status values in {@link JudgedColumns#STATUS}. */
  public static final String USABLE = "usable";

  public static final String USABLE_FENCED = "usable (code fence removed)";
  public static final String FAILED = "failed";

  static final ColumnType PARSED_TYPE = parsedType();

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Checkpoint judged;
  private final String source;
  private final JudgedColumns.Verdicts columns;
  private final String response;
  private final String score;
  private final String parsed;
  private final String status;

  /** {@code source} names the judged dataset in error messages. */
  public ScoreJudgementsStep(Checkpoint judged, String source) {
    this(judged, source, JudgedColumns.Verdicts.FIRST);
  }

  /** Scores the judgement in {@code columns}: the first order's, or the reversed one's. */
  ScoreJudgementsStep(Checkpoint judged, String source, JudgedColumns.Verdicts columns) {
    this.judged = Objects.requireNonNull(judged, "judged");
    this.source = Objects.requireNonNull(source, "source");
    this.columns = Objects.requireNonNull(columns, "columns");
    this.response = columns.response();
    this.score = columns.score();
    this.parsed = columns.parsed();
    this.status = columns.status();
  }

  @Override
  public StepKey key() {
    if (columns.equals(JudgedColumns.Verdicts.FIRST)) {
      return new StepKey(NAME, VERSION, Map.of("judged", judged.keyHash()));
    }
    return new StepKey(
        REVERSED_NAME, VERSION, Map.of("judged", judged.keyHash(), "response_column", response));
  }

  @Override
  public java.util.List<Checkpoint> inputs() {
    return List.of(judged);
  }

  @Override
  public boolean run(StepOutput out) throws IOException {
    try (RowStream rows = judged.read()) {
      Schema schema = rows.schema();
      boolean hasResponse = schema.has(response);
      if (!hasResponse && !(schema.has(score) && schema.has(parsed))) {
        throw UserError.badInput(
            source
                + (columns.equals(JudgedColumns.Verdicts.FIRST)
                    ? ": not a judged dataset: needs column '"
                    : ": --both-orders needs the reversed order's judgement: column '")
                + response
                + "', or '"
                + score
                + "' and '"
                + parsed
                + "' (found: "
                + String.join(", ", schema.names())
                + ")");
      }
      RowSink sink =
          out.open(
              schema
                  .with(Field.of(score, ColumnType.INT64))
                  .with(Field.of(parsed, PARSED_TYPE))
                  .with(Field.of(status, ColumnType.STRING)));
      while (rows.hasNext()) {
        Map<String, Object> row = rows.next();
        Judgement judgement = hasResponse ? fromResponse(row) : fromReference(row);
        Map<String, Object> scored = new LinkedHashMap<>(row);
        switch (judgement) {
          case Judgement.Usable usable -> {
            scored.put(score, (long) usable.verdict().alignmentScore());
            scored.put(parsed, usable.verdict().toRow());
            scored.put(status, usable.fenced() ? USABLE_FENCED : USABLE);
          }
          case Judgement.Unusable unusable -> {
            scored.put(score, UNUSABLE_SCORE);
            scored.put(parsed, null);
            scored.put(
                status, unusable == NOT_ANSWERED ? FAILED : "unusable: " + unusable.describe());
          }
        }
        sink.write(scored);
      }
    }
    return true;
  }

  /** Marks a row whose judge (or candidate) request never produced an answer. */
  private static final Judgement.Unusable NOT_ANSWERED =
      new Judgement.Unusable(Judgement.Reason.EMPTY, "no judge answer (the request failed)");

  /**
   * The judge's answer as {@code {content, role}} (as valbench writes it) or as a plain string;
   * null, or a message without content, is a request that never produced an answer.
   */
  private Judgement fromResponse(Map<String, Object> row) {
    Object answer = row.get(response);
    Object content = answer instanceof Map<?, ?> message ? message.get("content") : answer;
    return switch (content) {
      case null -> NOT_ANSWERED;
      case String text -> JudgeParser.parse(text);
      default ->
          new Judgement.Unusable(
              Judgement.Reason.WRONG_TYPE,
              response
                  + " is not text or {content, role} (found "
                  + JSON.valueToTree(content)
                  + ")");
    };
  }

  /**
   * A reference-style row: {@code alignment_score} (a number, -100 when unusable; a numeric text is
   * read as its number) and {@code alignment_judge_parsed} (an object, or its JSON text).
   */
  private Judgement fromReference(Map<String, Object> row) {
    Object value = row.get(score);
    if (value == null) {
      return NOT_ANSWERED;
    }
    if (value instanceof String text && text.strip().matches("[+-]?\\d+(\\.0*)?")) {
      value = Double.parseDouble(text.strip());
    }
    if (value instanceof Number n && n.doubleValue() == UNUSABLE_SCORE) {
      return new Judgement.Unusable(Judgement.Reason.BAD_JSON, "marked -100 in the dataset");
    }
    Object verdict = row.get(parsed);
    if (verdict instanceof String text) {
      return JudgeParser.parse(text);
    }
    if (!(verdict instanceof Map<?, ?> fields)) {
      return new Judgement.Unusable(Judgement.Reason.MISSING_FIELD, parsed);
    }
    return JudgeParser.fromObject(JSON.valueToTree(fields), false);
  }

  /** The parsed-verdict column's type: one field per {@link JudgeField}, as Verdict.toRow. */
  private static ColumnType parsedType() {
    List<Field> fields = new ArrayList<>();
    for (JudgeField field : JudgeField.values()) {
      ColumnType type =
          switch (field.type()) {
            case STRING -> ColumnType.STRING;
            case BOOLEAN -> ColumnType.BOOL;
            case INTEGER -> ColumnType.INT64;
          };
      fields.add(Field.of(field.jsonName(), type));
    }
    return new ColumnType.Struct(fields);
  }
}
