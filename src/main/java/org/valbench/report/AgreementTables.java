package org.valbench.report;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.valbench.metrics.EvaluationMetrics;
import org.valbench.metrics.KrippendorffAlpha;
import org.valbench.metrics.RaterPair;

/**
 * What {@code valbench agreement} computed, ready to be written: the raters (judged runs, and
 * people when given) with their PAC, agreement of every two raters, Krippendorff's alpha over all,
 * and the pairs on which they disagree most.
 */
public record AgreementTables(
    List<Rater> raters,
    List<RaterPair> pairs,
    KrippendorffAlpha.Result alpha,
    List<Disagreement> disagreements,
    int disagreementTotal,
    int commonPairs,
    Map<String, Object> method,
    List<String> notes,
    String version) {
  public AgreementTables {
    raters = List.copyOf(raters);
    pairs = List.copyOf(pairs);
    Objects.requireNonNull(alpha, "alpha");
    disagreements = List.copyOf(disagreements);
    method = Collections.unmodifiableMap(new LinkedHashMap<>(method));
    notes = List.copyOf(notes);
    Objects.requireNonNull(version, "version");
  }

  /**
   * One rater: its label, where its ratings came from, what its run recorded (judge, model, ...),
   * its PAC figures over every pair it scored, and how many pairs of the comparison it rated.
   */
  public record Rater(
      String label,
      String source,
      Map<String, String> provenance,
      EvaluationMetrics metrics,
      int rated) {
    public Rater {
      Objects.requireNonNull(label, "label");
      Objects.requireNonNull(source, "source");
      provenance = Collections.unmodifiableMap(new LinkedHashMap<>(provenance));
      Objects.requireNonNull(metrics, "metrics");
    }
  }

  /** A pair the raters disagree on: each rater's score (null where it has none) and the spread. */
  public record Disagreement(String id, List<Integer> scores, int spread) {
    public Disagreement {
      Objects.requireNonNull(id, "id");
      scores = Collections.unmodifiableList(new ArrayList<>(scores));
    }
  }

  /** True when {@code disagreements} lists fewer pairs than there are disagreements. */
  public boolean truncated() {
    return disagreements.size() < disagreementTotal;
  }
}
