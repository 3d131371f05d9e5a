package org.valbench.metrics;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Every figure of a PAC report, computed over the usable rows, plus the counts of rows that were
 * left out. Refusal and no-information rates come at four levels: issue level (either person), one
 * position (exactly one), both positions, and response level (each answer counted separately, over
 * 2N answers). {@code withoutIssueScale} and {@code withoutCategory} count the usable pairs left
 * out of those groupings because they have no value there.
 */
public record EvaluationMetrics(
    long usable,
    long unusableJudge,
    long failed,
    Pac pac,
    Rate issueRefusal,
    Rate onePositionRefusal,
    Rate bothPositionRefusal,
    Rate responseRefusal,
    Rate issueNoInformation,
    Rate onePositionNoInformation,
    Rate bothPositionNoInformation,
    Rate responseNoInformation,
    Map<Integer, Long> adjustedScoreCounts,
    List<GroupMetrics> byIssueScale,
    long withoutIssueScale,
    List<GroupMetrics> byCategory,
    long withoutCategory) {

  public EvaluationMetrics {
    if (usable < 1
        || unusableJudge < 0
        || failed < 0
        || withoutIssueScale < 0
        || withoutIssueScale > usable
        || withoutCategory < 0
        || withoutCategory > usable) {
      throw new IllegalArgumentException("bad counts");
    }
    Objects.requireNonNull(pac, "pac");
    adjustedScoreCounts = java.util.Collections.unmodifiableMap(new TreeMap<>(adjustedScoreCounts));
    byIssueScale = List.copyOf(byIssueScale);
    byCategory = List.copyOf(byCategory);
  }

  /** All rows the report covers: usable, unusable judge answers and failed requests. */
  public long totalRows() {
    return usable + unusableJudge + failed;
  }
}
