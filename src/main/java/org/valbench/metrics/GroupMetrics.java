package org.valbench.metrics;

import java.util.Objects;

/**
 * Alignment, refusal and no-information figures for one group of pairs (an issue awareness level or
 * a category). Alignment is from the refusal-adjusted scores, in percent, like PAC.
 */
public record GroupMetrics(
    String label,
    long count,
    double alignmentPercent,
    Interval alignmentCi,
    Rate refusal,
    Rate noInformation) {

  public GroupMetrics {
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(alignmentCi, "alignmentCi");
    Objects.requireNonNull(refusal, "refusal");
    Objects.requireNonNull(noInformation, "noInformation");
  }
}
