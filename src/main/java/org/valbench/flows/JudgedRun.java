package org.valbench.flows;

import java.util.Map;
import java.util.Objects;
import org.valbench.metrics.EvaluationMetrics;

/**
 * One judged dataset as compare holds it: its label, provenance, evaluate's figures over all its
 * rows, token totals (-1 when not recorded) and its rows in compact form (positions on the shared
 * id index, refusal-adjusted score or "not scored", issue-level refusal flag).
 */
record JudgedRun(
    String spec,
    String label,
    Map<String, String> provenance,
    EvaluationMetrics metrics,
    long candidateTokens,
    long judgeTokens,
    int[] positions,
    byte[] scores,
    boolean[] refusals) {
  JudgedRun {
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(label, "label");
    provenance = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(provenance));
    Objects.requireNonNull(metrics, "metrics");
    if (positions.length != scores.length || positions.length != refusals.length) {
      throw new IllegalArgumentException("row arrays differ in length");
    }
  }
}
