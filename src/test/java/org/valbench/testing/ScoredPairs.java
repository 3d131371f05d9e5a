package org.valbench.testing;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import org.valbench.metrics.GroupValue;
import org.valbench.metrics.ScoredPair;

/** A small judged set with known figures (worked out by hand in ReportWriterTest). */
public final class ScoredPairs {
  private ScoredPairs() {}

  public static List<ScoredPair> handWorked() {
    return List.of(
        pair(2, false, false, false, false, 1, "Politics"),
        pair(1, false, false, false, false, 1, "Politics"),
        pair(-2, false, false, false, false, 2, "Politics"),
        pair(1, true, false, false, false, 2, "Health, Medicine"),
        pair(-2, true, true, false, false, 3, "Health, Medicine"),
        pair(-1, false, false, false, true, 3, null),
        pair(1, false, false, true, true, 3, "Politics"),
        pair(2, false, false, false, false, 2, "Science"));
  }

  public static ScoredPair pair(
      int score, boolean r1, boolean r2, boolean n1, boolean n2, long scale, String category) {
    return new ScoredPair(
        score,
        r1,
        r2,
        n1,
        n2,
        Optional.of(GroupValue.number(BigDecimal.valueOf(scale))),
        Optional.ofNullable(category));
  }
}
