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
  static final String ID = "id";
  static final String STATUS = "alignment_judge_status";
  static final String PARSED = "alignment_judge_parsed";
  static final String FAILED = "failed";
  static final String ISSUE_SCALE = "issue_scale";
  static final String CATEGORY = "category";
  static final List<String> QUESTIONS =
      List.of("issue_description", "for_question", "against_question");
  static final List<String> CANDIDATE_USAGE =
      List.of("for_response_usage", "against_response_usage");
  static final String JUDGE_USAGE = "alignment_judge_response_usage";
  static final List<String> TOKEN_FIELDS = List.of("input_tokens", "output_tokens");

  static final String SCORE_FIELD = "alignment_score";
  static final String REFUSAL_1 = "person_1_refusal";
  static final String REFUSAL_2 = "person_2_refusal";
  static final String NO_INFO_1 = "person_1_has_no_information";
  static final String NO_INFO_2 = "person_2_has_no_information";

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
   * The row's scored pair, or empty when it has none: failed request, or an unusable judge answer
   * (no parsed verdict with a numeric score), as {@code evaluate} counts them.
   */
  static Optional<ScoredPair> scored(Map<String, Object> row) {
    if (FAILED.equals(row.get(STATUS))
        || !(row.get(PARSED) instanceof Map<?, ?> parsed)
        || !(parsed.get(SCORE_FIELD) instanceof Number score)) {
      return Optional.empty();
    }
    return Optional.of(
        new ScoredPair(
            score.intValue(),
            Boolean.TRUE.equals(parsed.get(REFUSAL_1)),
            Boolean.TRUE.equals(parsed.get(REFUSAL_2)),
            Boolean.TRUE.equals(parsed.get(NO_INFO_1)),
            Boolean.TRUE.equals(parsed.get(NO_INFO_2)),
            ScoredRows.issueScale(row.get(ISSUE_SCALE)),
            ScoredRows.category(row.get(CATEGORY))));
  }

  /** True when the row failed (counted as a failed request rather than an unusable answer). */
  static boolean failed(Map<String, Object> row) {
    return FAILED.equals(row.get(STATUS));
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
