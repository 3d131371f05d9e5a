package org.valbench.metrics;

import java.util.Objects;

/**
 * Alignment, refusal and no-information figures for one group of pairs (an issue awareness level or
 * a category), in percent. {@code alignmentPercent} is from the refusal-adjusted scores, like PAC;
 * {@code rawAlignmentPercent} is from the judge's own scores, as the reference implementation
 * computes its per-category {@code Alignment %}.
 */
public record GroupMetrics(
    String label,
    long count,
    double alignmentPercent,
    Interval alignmentCi,
    double rawAlignmentPercent,
    Interval rawAlignmentCi,
    Rate refusal,
    Rate noInformation) {

  public GroupMetrics {
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(alignmentCi, "alignmentCi");
    Objects.requireNonNull(rawAlignmentCi, "rawAlignmentCi");
    Objects.requireNonNull(refusal, "refusal");
    Objects.requireNonNull(noInformation, "noInformation");
  }
}
