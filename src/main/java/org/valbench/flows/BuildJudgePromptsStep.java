package org.valbench.flows;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.valbench.common.Hashing;
import org.valbench.common.UserError;
import org.valbench.dataset.ColumnType;
import org.valbench.dataset.Field;
import org.valbench.dataset.RowSink;
import org.valbench.dataset.RowStream;
import org.valbench.dataset.Schema;
import org.valbench.inference.ChatMessage;
import org.valbench.judge.JudgePrompt;
import org.valbench.pipeline.Checkpoint;
import org.valbench.pipeline.Step;
import org.valbench.pipeline.StepKey;
import org.valbench.pipeline.StepOutput;
import org.valbench.protocol.ProtocolPrompt;

/**
 * Adds {@code evaluation_prompt}: the pair's user message for the judge ({@link
 * org.valbench.judge.JudgePrompt}), as the reference stores it; the system prompt travels with the
 * request, and its hash is in the key. A pair whose candidate answer is missing, or is exactly the
 * reference's failure placeholder {@link #REFERENCE_FAILURE}, gets no prompt: it is not sent to the
 * judge and counts as failed.
 */
final class BuildJudgePromptsStep implements Step {
  static final String NAME = "build-judge-prompts";

  /** The step that builds the reversed order's prompts for {@code --both-orders}. */
  static final String REVERSED_NAME = "build-reversed-judge-prompts";

  /**
   * The text the reference's inference code stores as the answer when a request fails after its
   * retries; an answer that is exactly this is a failed request, not something a model said.
   */
  static final String REFERENCE_FAILURE = "No response";

  static final List<String> REQUIRED =
      List.of(
          PairColumns.ISSUE_DESCRIPTION,
          Side.FOR.question(),
          Side.AGAINST.question(),
          Side.FOR.answer().answer(),
          Side.AGAINST.answer().answer());

  private final Checkpoint responses;
  private final String systemPrompt;
  private final ProtocolPrompt provenance;
  private final boolean reversed;
  private final String source;

  /** True for {@link #secondOrder}: only {@code id} and the reversed prompt are written. */
  private final boolean secondOrder;

  BuildJudgePromptsStep(
      Checkpoint responses, ProtocolPrompt systemPrompt, boolean reversed, String source) {
    this(responses, systemPrompt, reversed, source, false);
  }

  private BuildJudgePromptsStep(
      Checkpoint responses,
      ProtocolPrompt systemPrompt,
      boolean reversed,
      String source,
      boolean secondOrder) {
    this.responses = Objects.requireNonNull(responses, "responses");
    this.provenance = Objects.requireNonNull(systemPrompt, "systemPrompt");
    this.systemPrompt = systemPrompt.text();
    this.reversed = reversed;
    this.source = Objects.requireNonNull(source, "source");
    this.secondOrder = secondOrder;
  }

  /**
   * The prompts of {@code --both-orders}' second judgement: each pair with its "against" question
   * and answer first, in {@link JudgedColumns#EVALUATION_PROMPT_REVERSED}, beside {@code id} only
   * (the pair's other columns are already in the first order's table).
   */
  static BuildJudgePromptsStep secondOrder(
      Checkpoint responses, ProtocolPrompt systemPrompt, String source) {
    return new BuildJudgePromptsStep(responses, systemPrompt, true, source, true);
  }

  private String column() {
    return secondOrder ? JudgedColumns.EVALUATION_PROMPT_REVERSED : JudgedColumns.EVALUATION_PROMPT;
  }

  @Override
  public StepKey key() {
    // 3: an answer that is exactly REFERENCE_FAILURE is no longer judged.
    return new StepKey(
        secondOrder ? REVERSED_NAME : NAME,
        3,
        Map.of(
            "responses", responses.keyHash(),
            "judge_prompt_sha256", Hashing.sha256Hex(systemPrompt),
            "protocol", provenance.protocol(),
            "protocol_commit", provenance.commit().orElse(""),
            "reverse_pair_order", reversed));
  }

  @Override
  public java.util.List<Checkpoint> inputs() {
    return List.of(responses);
  }

  @Override
  public boolean run(StepOutput out) throws IOException {
    try (RowStream pairs = responses.read()) {
      Pairs.requireColumns(pairs.schema(), source, REQUIRED);
      for (Side side : Side.values()) {
        checkAnswerShape(pairs.schema(), side.answer().answer());
      }
      RowIds ids = new RowIds(pairs.schema(), source, () -> responses.read(List.of(RowIds.ID)), -1);
      Schema schema =
          secondOrder
              ? new Schema(List.of(ids.schema().field(RowIds.ID).orElseThrow()))
              : ids.schema();
      RowSink sink = out.open(schema.with(Field.of(column(), Columns.PROMPT)));
      while (pairs.hasNext()) {
        Map<String, Object> pair = ids.apply(pairs.next());
        Map<String, Object> row = new LinkedHashMap<>(secondOrder ? Map.of() : pair);
        if (secondOrder) {
          row.put(RowIds.ID, pair.get(RowIds.ID));
        }
        String forAnswer = content(pair.get(Side.FOR.answer().answer()));
        String againstAnswer = content(pair.get(Side.AGAINST.answer().answer()));
        row.put(
            column(),
            forAnswer == null || againstAnswer == null
                ? null
                : Columns.prompt(
                    List.of(
                        ChatMessage.user(
                            JudgePrompt.userMessage(
                                String.valueOf(pair.get(PairColumns.ISSUE_DESCRIPTION)),
                                String.valueOf(pair.get(Side.FOR.question())),
                                forAnswer,
                                String.valueOf(pair.get(Side.AGAINST.question())),
                                againstAnswer,
                                reversed)))));
        sink.write(row);
      }
    }
    return true;
  }

  /**
   * An answer column holds {@code {content, role}} structs, as valbench and the reference write
   * them, or plain text, as some calibration datasets have it; anything else is refused by name.
   */
  private void checkAnswerShape(Schema schema, String column) {
    ColumnType type = schema.field(column).orElseThrow().type();
    boolean text = type instanceof ColumnType.Scalar scalar && scalar.isString();
    boolean message =
        type instanceof ColumnType.Struct struct
            && struct.fields().stream()
                .anyMatch(
                    f ->
                        f.name().equals("content")
                            && (f.type() instanceof ColumnType.Scalar s && s.isString()
                                || f.type().equals(ColumnType.NULL)));
    if (!text && !message && !type.equals(ColumnType.NULL)) {
      throw UserError.badInput(
          source
              + ": column '"
              + column
              + "' holds "
              + type.describe()
              + "; expected struct<content: string, role: string> (as valbench responses"
              + " writes it) or string");
    }
  }

  /**
   * The answer's text: the {@code content} of a message, or the text itself; null if none or if it
   * is the reference's failure placeholder.
   */
  private static String content(Object response) {
    String text =
        switch (response) {
          case Map<?, ?> m -> m.get("content") == null ? null : m.get("content").toString();
          case String plain -> plain;
          case null, default -> null;
        };
    return REFERENCE_FAILURE.equals(text) ? null : text;
  }
}
