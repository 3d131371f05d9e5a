package org.valbench.flows;

import org.valbench.metrics.ScoredPair;

/**
 * Column names of the pairs dataset and of the responses dataset built from it, in one place: the
 * per-side columns come from {@link Side}, an answer and its companions from {@link AnswerColumns}.
 */
final class PairColumns {
  /** The pair's id: text or a number, unique; see {@link RowIds}. */
  static final String ID = "id";

  static final String ISSUE_DESCRIPTION = "issue_description";

  /** The system prompt sent with every request, the same text on every row. */
  static final String SYSTEM_PROMPT = "system_prompt";

  /** Optional pair columns the metrics group by. */
  static final String ISSUE_SCALE = ScoredPair.ISSUE_SCALE_COLUMN;

  static final String CATEGORY = ScoredPair.CATEGORY_COLUMN;

  private PairColumns() {}
}
