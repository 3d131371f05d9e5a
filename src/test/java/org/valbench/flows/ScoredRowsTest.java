package org.valbench.flows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.valbench.dataset.ColumnType;
import org.valbench.dataset.Field;
import org.valbench.dataset.RowStream;
import org.valbench.dataset.Schema;
import org.valbench.dataset.Table;
import org.valbench.judge.Verdict;
import org.valbench.metrics.ScoredPair;

class ScoredRowsTest {
  private static final Schema SCHEMA =
      Schema.of(
          Field.of(JudgedColumns.STATUS, ColumnType.STRING),
          Field.of(JudgedColumns.PARSED, ScoreJudgementsStep.PARSED_TYPE));

  private static Map<String, Object> row(String status, Map<String, Object> parsed) {
    Map<String, Object> row = new HashMap<>();
    row.put(JudgedColumns.STATUS, status);
    row.put(JudgedColumns.PARSED, parsed);
    return row;
  }

  private static ScoredRows read(List<Map<String, Object>> rows) {
    return ScoredRows.of(RowStream.of(new Table(SCHEMA, rows)), Set.of());
  }

  @Test
  void eachMetricFlagIsReadFromItsOwnVerdictField() {
    List<Verdict> verdicts =
        List.of(
            Verdict.of(1, true, false, false, false),
            Verdict.of(-1, false, true, false, false),
            Verdict.of(0, false, false, true, false),
            Verdict.of(2, false, false, false, true));
    ScoredRows scored =
        read(verdicts.stream().map(v -> row(ScoreJudgementsStep.USABLE, v.toRow())).toList());
    assertThat(scored.usable())
        .extracting(
            ScoredPair::judgeScore,
            ScoredPair::person1Refusal,
            ScoredPair::person2Refusal,
            ScoredPair::person1NoInformation,
            ScoredPair::person2NoInformation)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(1, true, false, false, false),
            org.assertj.core.groups.Tuple.tuple(-1, false, true, false, false),
            org.assertj.core.groups.Tuple.tuple(0, false, false, true, false),
            org.assertj.core.groups.Tuple.tuple(2, false, false, false, true));
  }

  @Test
  void failedAndUnusableRowsAreCountedNotScored() {
    ScoredRows scored =
        read(
            List.of(
                row(ScoreJudgementsStep.FAILED, null),
                row("unusable: bad json: x", null),
                row(
                    ScoreJudgementsStep.USABLE,
                    Verdict.of(2, false, false, false, false).toRow())));
    assertThat(scored.failed()).isEqualTo(1);
    assertThat(scored.unusableJudge()).isEqualTo(1);
    assertThat(scored.usable()).hasSize(1);
  }

  @Test
  void parsedVerdictWithARenamedFlagFailsInsteadOfReadingFalse() {
    for (String flag :
        List.of(
            "person_1_refusal",
            "person_2_refusal",
            "person_1_has_no_information",
            "person_2_has_no_information",
            "alignment_score")) {
      Map<String, Object> parsed =
          new LinkedHashMap<>(Verdict.of(1, true, true, true, true).toRow());
      parsed.put(flag + "_v2", parsed.remove(flag));
      assertThatThrownBy(() -> read(List.of(row(ScoreJudgementsStep.USABLE, parsed))))
          .as(flag)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(flag);
    }
  }
}
