package org.valbench.flows;

import java.util.Objects;

/**
 * The columns of one asked prompt: the {@code prompt} column that is sent, the {@code answer}
 * column ({@code {content, role}}, content null when the request failed) and its companions {@code
 * <answer>_reasoning}, {@code _citations}, {@code _usage} and {@code _error}; and {@code
 * requestSuffix}, which names the requests in logs ({@code <row id>/<suffix>}).
 */
record AnswerColumns(String prompt, String answer, String requestSuffix) {
  private static final String REASONING = "_reasoning";
  private static final String CITATIONS = "_citations";
  private static final String USAGE = "_usage";
  private static final String ERROR = "_error";

  AnswerColumns {
    Objects.requireNonNull(prompt, "prompt");
    Objects.requireNonNull(answer, "answer");
    Objects.requireNonNull(requestSuffix, "requestSuffix");
  }

  String reasoning() {
    return answer + REASONING;
  }

  String citations() {
    return answer + CITATIONS;
  }

  String usage() {
    return answer + USAGE;
  }

  String error() {
    return answer + ERROR;
  }

  /** The request id of row {@code rowId}. */
  String requestId(Object rowId) {
    return rowId + "/" + requestSuffix;
  }

  /**
   * Whether {@code column} is a reasoning or citations companion of some answer: those are left out
   * of a joined dataset when they are empty in every row.
   */
  static boolean isOptionalCompanion(String column) {
    return column.endsWith(REASONING) || column.endsWith(CITATIONS);
  }
}
