package org.valbench.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.valbench.testing.Tables;

class JsonlFormatTest {
  @TempDir Path dir;

  @Test
  void infersTypesAcrossRowsWithNullsAndWidening() throws Exception {
    Path file = dir.resolve("p.jsonl");
    Files.writeString(
        file,
        """
        {"id": "a", "n": 1, "x": null, "m": {"role": "user"}, "l": []}

        {"id": "b", "n": 2.5, "x": true, "m": {"role": "system", "content": "hi"}, "l": ["q"]}
        """);

    Table table = JsonlFormat.read(file);

    assertThat(table.schema().field("n").orElseThrow().type()).isEqualTo(ColumnType.FLOAT64);
    assertThat(table.schema().field("x").orElseThrow().type()).isEqualTo(ColumnType.BOOL);
    assertThat(table.schema().field("m").orElseThrow().type())
        .isEqualTo(
            ColumnType.Struct.of(
                Field.of("role", ColumnType.STRING), Field.of("content", ColumnType.STRING)));
    assertThat(table.schema().field("l").orElseThrow().type())
        .isEqualTo(new ColumnType.ListOf(ColumnType.STRING));
    assertThat(table.rows().get(0).get("n")).isEqualTo(1.0);
    assertThat(table.rows().get(0).get("x")).isNull();
    assertThat(((Map<?, ?>) table.rows().get(0).get("m")).containsKey("content")).isTrue();
    assertThat(((Map<?, ?>) table.rows().get(0).get("m")).get("content")).isNull();
    assertThat(table.rows().get(1).get("l")).isEqualTo(List.of("q"));
  }

  @Test
  void roundTripsThroughWriteAndRead() throws Exception {
    Table table = Tables.pairs(4);
    Path file = dir.resolve("out.jsonl");
    JsonlFormat.write(table, file);
    assertThat(JsonlFormat.read(file)).isEqualTo(table);
  }

  @Test
  void badLineIsAnErrorNamingFileAndLine() throws Exception {
    Path file = dir.resolve("bad.jsonl");
    Files.writeString(file, "{\"id\": \"a\"}\n{\"id\": oops}\n");

    assertThatThrownBy(() -> JsonlFormat.read(file))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("line 2");
  }

  @Test
  void conflictingTypesAreAnErrorNamingTheColumn() throws Exception {
    Path file = dir.resolve("mixed.jsonl");
    Files.writeString(file, "{\"v\": \"text\"}\n{\"v\": {\"a\": 1}}\n");

    assertThatThrownBy(() -> JsonlFormat.read(file))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessageContaining("line 2, column 'v'");
  }
}
