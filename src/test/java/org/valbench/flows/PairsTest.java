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
import org.valbench.testing.Tables;

class PairsTest {
  @TempDir Path dir;

  @Test
  void bundledSampleIsAValidPairsTable() {
    Table sample = DatasetFiles.read(DatasetFiles.locate("sample", dir));

    assertThat(Pairs.validate(sample, "sample")).isSameAs(sample);
  }

  @Test
  void missingRequiredColumnNamesColumnFileAndColumnsFound() throws Exception {
    Path file = dir.resolve("missing-col.jsonl");
    Files.writeString(
        file, "{\"id\": \"a\", \"issue_description\": \"i\", \"against_question\": \"q\"}\n");

    DatasetSource source = DatasetFiles.locate("missing-col.jsonl", dir);

    assertThatThrownBy(() -> Pairs.validate(DatasetFiles.read(source), source.spec()))
        .isInstanceOf(UserError.class)
        .hasMessage(
            "missing-col.jsonl: missing required column 'for_question'"
                + " (found: id, issue_description, against_question)");
  }

  @Test
  void emptyRequiredValueNamesTheRow() {
    Table pairs = Tables.pairs(3);
    var rows = new java.util.ArrayList<>(pairs.rows());
    var broken = new java.util.LinkedHashMap<>(rows.get(1));
    broken.put("against_question", " ");
    rows.set(1, broken);

    assertThatThrownBy(() -> Pairs.validate(new Table(pairs.schema(), rows), "x.jsonl"))
        .hasMessage("x.jsonl: row 2 (id p1) has an empty 'against_question'");
  }
}
