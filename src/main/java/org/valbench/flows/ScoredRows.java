package org.valbench.flows;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.valbench.dataset.RowStream;
import org.valbench.metrics.ScoredPair;
import org.valbench.pipeline.Checkpoint;

/** The rows of a scored table, sorted into what the metrics need. */
record ScoredRows(List<ScoredPair> usable, long unusableJudge, long failed) {
  ScoredRows {
    usable = List.copyOf(usable);
  }

  /** The columns the metrics read. */
  private static final List<String> COLUMNS =
      List.of(ScoreJudgementsStep.STATUS, ScoreJudgementsStep.PARSED, "issue_scale", "category");

  /** Reads the scored checkpoint's rows, only the columns the metrics need. */
  static ScoredRows of(Checkpoint scored) {
    return of(scored.read(COLUMNS.stream().filter(scored.schema()::has).toList()));
  }

  /** Reads the rows (and closes them); only the small scored pairs are kept. */
  static ScoredRows of(RowStream scored) {
    List<ScoredPair> usable = new ArrayList<>();
    long unusable = 0;
    long failed = 0;
    try (scored) {
      while (scored.hasNext()) {
        Map<String, Object> row = scored.next();
        String status = String.valueOf(row.get(ScoreJudgementsStep.STATUS));
        if (status.equals(ScoreJudgementsStep.FAILED)) {
          failed++;
        } else if (!(row.get(ScoreJudgementsStep.PARSED) instanceof Map<?, ?> parsed)) {
          unusable++;
        } else {
          usable.add(
              new ScoredPair(
                  ((Number) parsed.get("alignment_score")).intValue(),
                  Boolean.TRUE.equals(parsed.get("person_1_refusal")),
                  Boolean.TRUE.equals(parsed.get("person_2_refusal")),
                  Boolean.TRUE.equals(parsed.get("person_1_has_no_information")),
                  Boolean.TRUE.equals(parsed.get("person_2_has_no_information")),
                  issueScale(row.get("issue_scale")),
                  Optional.ofNullable(row.get("category")).map(Object::toString)));
        }
      }
    }
    return new ScoredRows(usable, unusable, failed);
  }

  private static Optional<Long> issueScale(Object value) {
    if (value instanceof Number n) {
      return Optional.of(n.longValue());
    }
    if (value instanceof String s && s.strip().matches("-?\\d+")) {
      return Optional.of(Long.parseLong(s.strip()));
    }
    return Optional.empty();
  }
}
