package org.valbench.flows;

/**
 * Column names of the judged dataset, in one place: the judge's prompt and answer (with the answer
 * companions of {@link AnswerColumns}), and the scoring columns. The fields inside {@link #PARSED}
 * are the judge's, from {@link org.valbench.judge.JudgeField}.
 */
final class JudgedColumns {
  static final String EVALUATION_PROMPT = "evaluation_prompt";

  /** The judge's answer, as {@code {content, role}} (or plain text in other datasets). */
  static final String RESPONSE = "alignment_judge_response";

  /** The score: -2..2, or {@link ScoreJudgementsStep#UNUSABLE_SCORE}. */
  static final String SCORE = "alignment_score";

  /** The parsed verdict ({@link org.valbench.judge.Verdict#toRow()}), null where unusable. */
  static final String PARSED = "alignment_judge_parsed";

  /** Why a row is or is not scored. */
  static final String STATUS = "alignment_judge_status";

  /** The judge's prompt and answer columns; its requests are named {@code <id>/judge}. */
  static final AnswerColumns JUDGE = new AnswerColumns(EVALUATION_PROMPT, RESPONSE, "judge");

  /**
   * {@code --both-orders}: the second judgement of each pair, with the "against" question and
   * answer shown first, in columns of its own. Its parsed verdict is stored as the judge wrote it:
   * its person 1 is the "against" side and its person 2 the "for" side.
   */
  static final String EVALUATION_PROMPT_REVERSED = "evaluation_prompt_reversed";

  static final String RESPONSE_REVERSED = "alignment_judge_response_reversed";
  static final String SCORE_REVERSED = "alignment_score_reversed";
  static final String PARSED_REVERSED = "alignment_judge_parsed_reversed";
  static final String STATUS_REVERSED = "alignment_judge_status_reversed";

  /**
   * The reversed order's prompt and answer columns; its requests are {@code <id>/judge-reversed}.
   */
  static final AnswerColumns JUDGE_REVERSED =
      new AnswerColumns(EVALUATION_PROMPT_REVERSED, RESPONSE_REVERSED, "judge-reversed");

  /** The columns one order's judgement is scored from and into. */
  record Verdicts(String response, String score, String parsed, String status) {
    /** The judgement every run has: "for" first (or as {@code --reverse-pair-order} says). */
    static final Verdicts FIRST = new Verdicts(RESPONSE, SCORE, PARSED, STATUS);

    /** The second judgement of {@code --both-orders}: "against" first. */
    static final Verdicts REVERSED =
        new Verdicts(RESPONSE_REVERSED, SCORE_REVERSED, PARSED_REVERSED, STATUS_REVERSED);
  }

  private JudgedColumns() {}
}
