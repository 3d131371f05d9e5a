package org.valbench.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.valbench.testing.Tables;

class ParquetFormatTest {
  @TempDir Path dir;

  @Test
  void everyTypeRoundTripsWithNestedListsAndNulls() throws Exception {
    Table table = Tables.everyType(250);
    Path file = dir.resolve("t.parquet");

    ParquetFormat.write(table, file);
    Table back = ParquetFormat.read(List.of(file));

    // Parquet has one string type, so large_string comes back as string; values are equal.
    assertThat(back.schema().names()).isEqualTo(table.schema().names());
    assertThat(back.schema().field("text").orElseThrow().type()).isEqualTo(ColumnType.STRING);
    assertThat(back.schema().field("prompt").orElseThrow().type())
        .isEqualTo(table.schema().field("prompt").orElseThrow().type());
    assertThat(back.rows()).isEqualTo(table.rows());
  }

  @Test
  void folderOfFilesIsReadInNameOrder() throws Exception {
    Path folder = Files.createDirectories(dir.resolve("data"));
    ParquetFormat.write(Tables.pairs(3), folder.resolve("test-00001-of-00002.parquet"));
    ParquetFormat.write(Tables.pairs(2), folder.resolve("test-00000-of-00002.parquet"));

    Table back = ParquetFormat.read(ParquetFormat.filesIn(folder));

    assertThat(back.rows().stream().map(r -> r.get("id")).toList())
        .containsExactly("p0", "p1", "p0", "p1", "p2");
  }

  @Test
  void corruptFileIsAnErrorNamingIt() throws Exception {
    Path file = dir.resolve("broken.parquet");
    Files.writeString(file, "PAR1 not really parquet");

    assertThatThrownBy(() -> ParquetFormat.read(List.of(file)))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessageContaining(file.toString());
  }

  @Test
  void projectionReadsOnlyTheNamedColumnsInFileOrder() throws Exception {
    Table table = Tables.everyType(30);
    Path file = dir.resolve("t.parquet");
    ParquetFormat.write(table, file);

    Table back;
    try (RowStream rows = ParquetFormat.open(List.of(file), List.of("prompt", "id"))) {
      back = rows.toTable();
    }

    assertThat(back.schema().names()).containsExactly("id", "prompt");
    for (int i = 0; i < table.size(); i++) {
      assertThat(back.rows().get(i))
          .containsOnlyKeys("id", "prompt")
          .containsEntry("id", table.value(i, "id"))
          .containsEntry("prompt", table.value(i, "prompt"));
    }
    assertThatThrownBy(() -> ParquetFormat.open(List.of(file), List.of("id", "nope")))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessageContaining("has no column 'nope'");
  }
}
