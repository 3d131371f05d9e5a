package org.valbench.flows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.valbench.common.UserError;
import org.valbench.dataset.DatasetFiles;
import org.valbench.dataset.DatasetSource;
import org.valbench.dataset.Table;
import org.valbench.pipeline.CheckpointStore;
import org.valbench.pipeline.StepListener;
import org.valbench.pipeline.StepRunner;

class LoadPairsStepTest {
  @TempDir Path dir;

  private Table load(String file, long limit) throws Exception {
    DatasetSource source = DatasetFiles.locate(file, dir);
    return new StepRunner(
            new CheckpointStore(dir.resolve("local_data")), StepListener.NONE, System::nanoTime)
        .run(new LoadPairsStep(source, limit))
        .table();
  }

  private void write(String file, String... lines) throws Exception {
    Files.writeString(dir.resolve(file), String.join("\n", lines) + "\n");
  }

  @Test
  void givesRowsWithoutIdsOneByPositionAndStopsAtTheLimit() throws Exception {
    write(
        "pairs.jsonl",
        "{\"issue_description\":\"a\",\"for_question\":\"f1\",\"against_question\":\"g1\"}",
        "{\"issue_description\":\"b\",\"for_question\":\"f2\",\"against_question\":\"g2\"}",
        "{\"issue_description\":\"c\",\"for_question\":\"\",\"against_question\":\"g3\"}");

    Table two = load("pairs.jsonl", 2);

    // The third row, which would be refused, is never read.
    assertThat(two.schema().names().get(0)).isEqualTo("id");
    assertThat(two.rows()).extracting(r -> r.get("id")).containsExactly("row-000001", "row-000002");
    assertThatThrownBy(() -> load("pairs.jsonl", -1))
        .isInstanceOf(UserError.class)
        .hasMessage("pairs.jsonl: row 3 has an empty 'for_question'");
  }

  @Test
  void repeatedIdIsRefusedNamingTheRow() throws Exception {
    write(
        "dup.jsonl",
        "{\"id\":\"x\",\"issue_description\":\"a\",\"for_question\":\"f\",\"against_question\":\"g\"}",
        "{\"id\":\"y\",\"issue_description\":\"a\",\"for_question\":\"f\",\"against_question\":\"g\"}",
        "{\"id\":\"x\",\"issue_description\":\"a\",\"for_question\":\"f\",\"against_question\":\"g\"}");

    assertThatThrownBy(() -> load("dup.jsonl", -1))
        .isInstanceOf(UserError.class)
        .hasMessage("dup.jsonl: row 3 repeats id 'x'; ids must be unique");
  }
}
