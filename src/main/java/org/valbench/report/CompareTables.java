package org.valbench.report;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.valbench.metrics.EvaluationMetrics;
import org.valbench.metrics.GroupMetrics;
import org.valbench.metrics.PairedComparison;

/**
 * What a comparison computed, ready to be written: runs in leaderboard order, pairs, categories.
 */
public record CompareTables(
    List<Run> runs,
    List<Pair> pairs,
    List<Category> categories,
    Map<String, Object> method,
    List<String> notes,
    String valbenchVersion) {

  public CompareTables {
    runs = List.copyOf(runs);
    pairs = List.copyOf(pairs);
    categories = List.copyOf(categories);
    method = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(method));
    notes = List.copyOf(notes);
    Objects.requireNonNull(valbenchVersion, "valbenchVersion");
  }

  /**
   * One run: its label, provenance (model, judge, ...), evaluate's figures, token totals (-1 when
   * not recorded), and the provenance fields in which the compared runs differ (only with
   * --allow-mixed).
   */
  public record Run(
      String label,
      String spec,
      Map<String, String> provenance,
      EvaluationMetrics metrics,
      long candidateTokens,
      long judgeTokens,
      List<String> mixed) {
    public Run {
      Objects.requireNonNull(label, "label");
      Objects.requireNonNull(spec, "spec");
      provenance = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(provenance));
      Objects.requireNonNull(metrics, "metrics");
      mixed = List.copyOf(mixed);
    }

    public String model() {
      return provenance.getOrDefault("model", "unknown");
    }

    public String judge() {
      return provenance.getOrDefault("judge", "unknown");
    }
  }

  /** Run a against run b, with Holm-adjusted p-values and the fields in which the two differ. */
  public record Pair(
      String a,
      String b,
      PairedComparison comparison,
      double pacPHolm,
      double refusalPHolm,
      List<String> differs) {
    public Pair {
      Objects.requireNonNull(comparison, "comparison");
      differs = List.copyOf(differs);
    }
  }

  /** One run's figures for one category. */
  public record Category(String category, String run, String model, GroupMetrics metrics) {}
}
