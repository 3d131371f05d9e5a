package org.valbench.flows;

import java.util.Locale;

/**
 * The two sides of a pair. Each names its columns: the question ({@code for_question}), the prompt
 * built from it ({@code for_prompt}) and the answer with its companions ({@code for_response},
 * {@code for_response_usage}, ...), and the suffix of its requests' ids ({@code <id>/for}).
 */
enum Side {
  FOR,
  AGAINST;

  private final String tag = name().toLowerCase(Locale.ROOT);

  /** The column holding the question asking to argue this side. */
  String question() {
    return tag + "_question";
  }

  /** The prompt column and the answer columns of this side. */
  AnswerColumns answer() {
    return new AnswerColumns(tag + "_prompt", tag + "_response", tag);
  }

  /** The name of the step that asks this side's questions. */
  String generateStep() {
    return "generate-" + tag;
  }
}
