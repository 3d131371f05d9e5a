package org.valbench.flows;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.valbench.metrics.ScoredPair;

/**
 * The judged-dataset contract as {@code compare} reads it: every column name, judge field name and
 * provenance key the command uses, in one place, and how one row becomes a scored pair. These are
 * the names {@code evaluate} writes (the score-judgements step) and records ({@code summary.json},
 * the dataset's description).
 */
final class JudgedRunColumns {
  static final String ID = PairColumns.ID;
  static final String STATUS = JudgedColumns.STATUS;
  static final String PARSED = JudgedColumns.PARSED;
  static final String ISSUE_SCALE = PairColumns.ISSUE_SCALE;
  static final String CATEGORY = PairColumns.CATEGORY;
  static final List<String> QUESTIONS = Pairs.REQUIRED;
  static final List<String> ANSWERS =
      List.of(Side.FOR.answer().answer(), Side.AGAINST.answer().answer());
  static final List<String> CANDIDATE_USAGE =
      List.of(Side.FOR.answer().usage(), Side.AGAINST.answer().usage());
  static final String JUDGE_USAGE = JudgedColumns.JUDGE.usage();
  static final List<String> TOKEN_FIELDS = List.of(Columns.INPUT_TOKENS, Columns.OUTPUT_TOKENS);

  /** Where a judged dataset's report folder is: {@code evaluation_results/<name>/summary.json}. */
  static final String REPORTS = "evaluation_results";

  static final String SUMMARY = "summary.json";
  static final String JUDGED_SUFFIX = "-evaluation";
  static final String DATASET_INFO = "dataset_info.json";

  /** Keys of {@code summary.json}'s {@code parameters} and of the dataset description. */
  static final String MODEL = "model_id";

  static final String JUDGE = "judge_model_id";
  static final String PROMPT_SHA = "judge_prompt_sha256";
  static final String PROTOCOL = "protocol";
  static final String PROTOCOL_COMMIT = "protocol_commit";
  static final String REVERSE = "reverse_pair_order";
  static final String RESPONSES = "responses_ds_path";
  static final String VERSION = "valbench_version";

  private JudgedRunColumns() {}

  /** The columns compare reads; those absent from a dataset are simply not asked for. */
  static List<String> wanted() {
    List<String> columns =
        new java.util.ArrayList<>(List.of(ID, STATUS, PARSED, ISSUE_SCALE, CATEGORY));
    columns.addAll(QUESTIONS);
    columns.addAll(CANDIDATE_USAGE);
    columns.add(JUDGE_USAGE);
    return columns;
  }

  /**
   * The row's scored pair, or empty when it has none: failed request, or an unusable judge answer,
   * as {@code evaluate} counts them.
   */
  static Optional<ScoredPair> scored(Map<String, Object> row) {
    return ScoredRows.failed(row) ? Optional.empty() : ScoredRows.scoredPair(row);
  }

  /** True when the row failed (counted as a failed request rather than an unusable answer). */
  static boolean failed(Map<String, Object> row) {
    return ScoredRows.failed(row);
  }

  /** Input plus output tokens of the usage struct in {@code column}, or -1 when not recorded. */
  static long tokens(Map<String, Object> row, String column) {
    if (!(row.get(column) instanceof Map<?, ?> usage)) {
      return -1;
    }
    long total = -1;
    for (String field : TOKEN_FIELDS) {
      if (usage.get(field) instanceof Number n) {
        total = Math.max(total, 0) + n.longValue();
      }
    }
    return total;
  }
}
