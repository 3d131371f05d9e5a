package org.valbench.flows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.valbench.dataset.ColumnType;
import org.valbench.dataset.Field;
import org.valbench.dataset.Schema;
import org.valbench.dataset.Table;
import org.valbench.pipeline.Checkpoint;
import org.valbench.pipeline.CheckpointStore;
import org.valbench.pipeline.Step;
import org.valbench.pipeline.StepKey;
import org.valbench.pipeline.StepListener;
import org.valbench.pipeline.StepOutput;
import org.valbench.pipeline.StepRunner;
import org.valbench.testing.Tables;

class JoinStepTest {
  @TempDir Path dir;

  private StepRunner runner() {
    return new StepRunner(new CheckpointStore(dir), StepListener.NONE, System::nanoTime);
  }

  /** A checkpoint holding {@code table}. */
  private Checkpoint checkpoint(String name, Table table) throws Exception {
    return runner()
        .run(
            new Step() {
              @Override
              public StepKey key() {
                return new StepKey(name, 1, Map.of("rows", table.size()));
              }

              @Override
              public boolean run(StepOutput out) throws java.io.IOException {
                out.write(table);
                return true;
              }
            });
  }

  /** Answers for the ids, in the order given; reasoning only where {@code withReasoning}. */
  private static Table answers(List<String> ids, boolean withReasoning) {
    Schema schema =
        Schema.of(
            Field.of("id", ColumnType.STRING),
            Field.of("for_response", Tables.MESSAGE),
            Field.of("for_response_reasoning", ColumnType.STRING),
            Field.of("for_response_citations", new ColumnType.ListOf(ColumnType.STRING)));
    List<Map<String, Object>> rows = new ArrayList<>();
    for (String id : ids) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("id", id);
      row.put("for_response", Map.of("content", "answer to " + id, "role", "assistant"));
      row.put("for_response_reasoning", withReasoning ? "because " + id : null);
      row.put("for_response_citations", List.of());
      rows.add(row);
    }
    return new Table(schema, rows);
  }

  @Test
  void addsThePartsColumnsRowByRowAndDropsExtrasEmptyEverywhere() throws Exception {
    Checkpoint pairs = checkpoint("pairs", Tables.pairs(3));
    Checkpoint answers = checkpoint("answers", answers(List.of("p0", "p1", "p2"), false));

    Table joined = runner().run(new JoinStep("combine", pairs, List.of(answers))).table();

    assertThat(joined.schema().names())
        .containsExactly(
            "id", "issue_description", "for_question", "against_question", "for_response");
    assertThat(joined.size()).isEqualTo(3);
    assertThat(joined.rows().get(2))
        .containsEntry("id", "p2")
        .containsEntry("for_question", "Explain why 2 is right.")
        .containsEntry("for_response", Map.of("content", "answer to p2", "role", "assistant"));
  }

  @Test
  void keepsAnExtraColumnThatHasAValueSomewhere() throws Exception {
    Checkpoint pairs = checkpoint("pairs", Tables.pairs(2));
    Checkpoint answers = checkpoint("answers", answers(List.of("p0", "p1"), true));

    Table joined = runner().run(new JoinStep("combine", pairs, List.of(answers))).table();

    assertThat(joined.schema().names()).contains("for_response_reasoning");
    assertThat(joined.rows().get(1)).containsEntry("for_response_reasoning", "because p1");
  }

  @Test
  void refusesRowsOutOfStepInsteadOfMixingAnswersUp() throws Exception {
    Checkpoint pairs = checkpoint("pairs", Tables.pairs(3));
    Checkpoint swapped = checkpoint("answers", answers(List.of("p0", "p2", "p1"), false));

    assertThatThrownBy(() -> runner().run(new JoinStep("combine", pairs, List.of(swapped))))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("answers row 2 has id p2 where pairs has p1");
  }

  @Test
  void refusesAPartWithADifferentRowCount() throws Exception {
    Checkpoint pairs = checkpoint("pairs", Tables.pairs(3));
    Checkpoint shorter = checkpoint("answers", answers(List.of("p0", "p1"), false));

    assertThatThrownBy(() -> runner().run(new JoinStep("combine", pairs, List.of(shorter))))
        .hasMessageContaining("answers has 2 rows but pairs has 3");
  }
}
