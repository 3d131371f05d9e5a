package org.valbench.flows;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.valbench.dataset.RowStream;
import org.valbench.metrics.PositionBias;
import org.valbench.metrics.ScoredPair;
import org.valbench.pipeline.Checkpoint;

/**
 * The rows of a table scored in both orders ({@code --both-orders}), sorted into what {@link
 * PositionBias} needs: the pairs usable in both orders, each order's verdict side by side, and the
 * pairs left out. The reversed verdict's person 1 is the "against" side, so its flags are swapped
 * back: in both lists person 1 is the "for" answer.
 */
record BothOrdersRows(
    List<ScoredPair> forFirst, List<ScoredPair> againstFirst, PositionBias.LeftOut leftOut) {
  BothOrdersRows {
    forFirst = List.copyOf(forFirst);
    againstFirst = List.copyOf(againstFirst);
  }

  private static final JudgedColumns.Verdicts FIRST = JudgedColumns.Verdicts.FIRST;
  private static final JudgedColumns.Verdicts REVERSED = JudgedColumns.Verdicts.REVERSED;

  /** Reads the scored checkpoint's verdict columns of both orders. */
  static BothOrdersRows of(Checkpoint scored) {
    return of(
        scored.read(List.of(FIRST.status(), FIRST.parsed(), REVERSED.status(), REVERSED.parsed())));
  }

  /** Reads the rows (and closes them). */
  static BothOrdersRows of(RowStream scored) {
    List<ScoredPair> first = new ArrayList<>();
    List<ScoredPair> reversed = new ArrayList<>();
    long onlyFirst = 0;
    long onlyReversed = 0;
    long neither = 0;
    try (scored) {
      while (scored.hasNext()) {
        Map<String, Object> row = scored.next();
        Optional<ScoredPair> a = verdict(row, FIRST);
        Optional<ScoredPair> b = verdict(row, REVERSED).map(BothOrdersRows::sidesSwapped);
        if (a.isPresent() && b.isPresent()) {
          first.add(a.get());
          reversed.add(b.get());
        } else if (a.isPresent()) {
          onlyFirst++;
        } else if (b.isPresent()) {
          onlyReversed++;
        } else {
          neither++;
        }
      }
    }
    return new BothOrdersRows(
        first, reversed, new PositionBias.LeftOut(onlyFirst, onlyReversed, neither));
  }

  /**
   * One order's scored pair, read with the same rule as the headline figures ({@link ScoredRows}).
   */
  private static Optional<ScoredPair> verdict(
      Map<String, Object> row, JudgedColumns.Verdicts columns) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put(JudgedColumns.STATUS, row.get(columns.status()));
    view.put(JudgedColumns.PARSED, row.get(columns.parsed()));
    return ScoredRows.failed(view) ? Optional.empty() : ScoredRows.scoredPair(view);
  }

  /** The same verdict with person 1 and person 2 exchanged. */
  private static ScoredPair sidesSwapped(ScoredPair p) {
    return new ScoredPair(
        p.judgeScore(),
        p.person2Refusal(),
        p.person1Refusal(),
        p.person2NoInformation(),
        p.person1NoInformation(),
        p.issueScale(),
        p.category());
  }

  /** The position-bias figures, or empty when no pair was usable in both orders. */
  Optional<PositionBias> positionBias() {
    return forFirst.isEmpty()
        ? Optional.empty()
        : Optional.of(PositionBias.compute(forFirst, againstFirst, leftOut));
  }
}
