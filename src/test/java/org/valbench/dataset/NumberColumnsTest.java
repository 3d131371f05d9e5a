package org.valbench.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Number columns Arrow Java and parquet-avro do not read as they are, written by pyarrow
 * (src/test/python/write_unsigned_fixture.py): unsigned integers are kept exactly, in int64
 * columns, and a uint64 above the int64 range is refused by row and column instead of wrapping to a
 * negative number; float16 values widen exactly.
 */
class NumberColumnsTest {
  private static final Path FIXTURES = Path.of("src/test/resources/interop");

  private static void assertExact(Table table) {
    assertThat(table.schema().field("u64").orElseThrow().type()).isEqualTo(ColumnType.INT64);
    assertThat(table.schema().field("u32").orElseThrow().type()).isEqualTo(ColumnType.INT64);
    assertThat(table.rows().stream().map(r -> r.get("u64")).toList())
        .containsExactly(Long.MAX_VALUE, 0L);
    assertThat(table.rows().stream().map(r -> r.get("u32")).toList())
        .containsExactly(4_000_000_000L, 1L);
    assertThat(table.rows().stream().map(r -> r.get("u16")).toList()).containsExactly(65_535L, 1L);
    assertThat(table.rows().stream().map(r -> r.get("u8")).toList()).containsExactly(255L, 1L);
  }

  @Test
  void unsignedParquetColumnsKeepTheirValues() throws Exception {
    assertExact(ParquetFormat.read(List.of(FIXTURES.resolve("py-unsigned-ok.parquet"))));
  }

  @Test
  void unsignedArrowColumnsKeepTheirValues() throws Exception {
    assertExact(SaveToDiskFormat.read(FIXTURES.resolve("py-unsigned-ok")));
  }

  @Test
  void unsignedColumnsSurviveAWriteAndRead(@org.junit.jupiter.api.io.TempDir Path dir)
      throws Exception {
    Table table = SaveToDiskFormat.read(FIXTURES.resolve("py-unsigned-ok"));
    SaveToDiskFormat.write(table, dir.resolve("copy"));
    ParquetFormat.write(table, dir.resolve("copy.parquet"));

    assertExact(SaveToDiskFormat.read(dir.resolve("copy")));
    assertExact(ParquetFormat.read(List.of(dir.resolve("copy.parquet"))));
  }

  @Test
  void uint64AboveTheInt64RangeIsRefusedInParquet() {
    Path file = FIXTURES.resolve("py-unsigned-big.parquet");
    assertThatThrownBy(() -> ParquetFormat.read(List.of(file)))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessage(
            file
                + ": row 2, column 'u64': unsigned integer 9223372036854775813 is beyond the"
                + " signed 64-bit range of an int64 column");
  }

  @Test
  void uint64AboveTheInt64RangeIsRefusedInArrow() {
    Path folder = FIXTURES.resolve("py-unsigned-big");
    assertThatThrownBy(() -> SaveToDiskFormat.read(folder))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessage(
            folder.resolve("data-00000-of-00001.arrow")
                + ": row 2, column 'u64': unsigned integer 9223372036854775813 is beyond the"
                + " signed 64-bit range of an int64 column");
  }

  @Test
  void halfPrecisionFloatsWidenExactly() throws Exception {
    Table table = SaveToDiskFormat.read(FIXTURES.resolve("py-float16"));

    assertThat(table.schema().field("h").orElseThrow().type()).isEqualTo(ColumnType.FLOAT32);
    assertThat(table.rows().stream().map(r -> r.get("h")).toList()).containsExactly(1.5, 65504.0);
  }

  @Test
  void fixedSizeListsAreReadAsLists() throws Exception {
    Table table = SaveToDiskFormat.read(FIXTURES.resolve("py-fixed-size-list"));

    assertThat(table.schema().field("emb").orElseThrow().type())
        .isEqualTo(new ColumnType.ListOf(ColumnType.FLOAT32));
    assertThat(table.rows().stream().map(r -> r.get("emb")).toList())
        .containsExactly(List.of(1.0, 2.0), List.of(3.0, 4.0));
  }
}
