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

  private JudgedColumns() {}
}
