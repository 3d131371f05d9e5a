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

  @Test
  void lineWithTwoObjectsOrTrailingTextIsNotJsonNamingTheLine() throws Exception {
    for (String second :
        List.of(
            "{\"id\": \"p002\"}{\"id\": \"p003\"}",
            "{\"id\": \"p002\"} {\"id\": \"p003\"}",
            "{\"id\": \"p002\"} trailing words",
            "{\"id\": \"p002\"} 7",
            "{\"id\": \"p002\"}]",
            "{\"id\": \"p002\"} []")) {
      Path file = dir.resolve("extra.jsonl");
      Files.writeString(file, "{\"id\": \"p001\"}\n" + second + "\n{\"id\": \"p004\"}\n");

      assertThatThrownBy(() -> JsonlFormat.read(file))
          .as(second)
          .isInstanceOf(DatasetFormatException.class)
          .hasMessage(file + ": line 2 is not valid JSON (extra data after the first JSON value)");
    }
  }

  @Test
  void trailingWhitespaceAndWindowsLineEndsAreFine() throws Exception {
    Path file = dir.resolve("crlf.jsonl");
    Files.writeString(file, "{\"id\": \"a\"}  \t\r\n\r\n{\"id\": \"b\"}");

    assertThat(JsonlFormat.read(file).rows()).containsExactly(Map.of("id", "a"), Map.of("id", "b"));
  }

  @Test
  void utf8ByteOrderMarkAtTheStartIsSkipped() throws Exception {
    Path file = dir.resolve("bom.jsonl");
    byte[] text = "{\"id\": \"é\"}\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    byte[] withBom = new byte[text.length + 3];
    withBom[0] = (byte) 0xEF;
    withBom[1] = (byte) 0xBB;
    withBom[2] = (byte) 0xBF;
    System.arraycopy(text, 0, withBom, 3, text.length);
    Files.write(file, withBom);

    Table table = JsonlFormat.read(file);
    assertThat(table.schema().names()).containsExactly("id");
    assertThat(table.rows()).containsExactly(Map.of("id", "é"));
  }

  @Test
  void textThatIsNotUtf8IsRefusedNamingTheLine() throws Exception {
    String good = "{\"id\": \"a\"}\n".repeat(3000);
    // Latin-1 on line 3001, after more than one read buffer of good lines.
    Path latin1 = dir.resolve("latin1.jsonl");
    Files.write(
        latin1,
        concat(
            good.getBytes(java.nio.charset.StandardCharsets.UTF_8),
            "{\"id\": \"café\"}\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1)));
    assertThatThrownBy(() -> JsonlFormat.read(latin1))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessage(
            latin1
                + ": line 3001 is not UTF-8 text (byte 0xE9 at byte 12); save the file as UTF-8");

    // A UTF-16 file (with its byte order mark) fails on line 1.
    Path utf16 = dir.resolve("utf16.jsonl");
    Files.writeString(utf16, "{\"id\": \"a\"}\n", java.nio.charset.StandardCharsets.UTF_16);
    assertThatThrownBy(() -> JsonlFormat.read(utf16))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessageStartingWith(utf16 + ": line 1 is not UTF-8 text (byte 0xFE at byte 1)");

    // A truncated multi-byte sequence at the very end of the file.
    Path cut = dir.resolve("cut.jsonl");
    byte[] euro = "{\"id\": \"€\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    Files.write(cut, java.util.Arrays.copyOf(euro, 10));
    assertThatThrownBy(() -> JsonlFormat.read(cut))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessageStartingWith(cut + ": line 1 is not UTF-8 text");
  }

  @Test
  void lineLongerThanTheLimitIsRefusedInsteadOfFillingTheHeap() throws Exception {
    Path file = dir.resolve("binary.jsonl");
    byte[] noBreaks = new byte[Utf8Lines.MAX_LINE_BYTES + 10];
    java.util.Arrays.fill(noBreaks, (byte) 'x');
    Files.write(
        file,
        concat("{\"id\": \"a\"}\n".getBytes(java.nio.charset.StandardCharsets.UTF_8), noBreaks));

    assertThatThrownBy(() -> JsonlFormat.read(file))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessage(file + ": line 2 is longer than 16 MiB; is this a JSON Lines file?");
  }

  @Test
  void integersBeyond64BitsKeepEveryDigitAsText() throws Exception {
    Path file = dir.resolve("wide.jsonl");
    Files.writeString(
        file,
        """
        {"id": 1, "n": 5, "big": 123456789012345678901234567890}
        {"id": 2, "n": -9223372036854775808, "big": -98765432109876543210}
        {"id": 3, "n": 9223372036854775807, "big": 7}
        {"id": 4, "n": null, "big": null}
        """);

    Table table = JsonlFormat.read(file);

    assertThat(table.schema().field("n").orElseThrow().type()).isEqualTo(ColumnType.INT64);
    assertThat(table.schema().field("big").orElseThrow().type()).isEqualTo(ColumnType.STRING);
    assertThat(table.rows().stream().map(r -> r.get("big")).toList())
        .containsExactly("123456789012345678901234567890", "-98765432109876543210", "7", null);
    assertThat(table.rows().get(1).get("n")).isEqualTo(Long.MIN_VALUE);
    assertThat(table.rows().get(2).get("n")).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void numbersThatWouldChangeSilentlyAreRefusedNamingLineAndColumn() throws Exception {
    Map<String, String> cases =
        Map.of(
            "{\"v\": 1.5}\n{\"v\": 1e400}\n",
            ": line 2, column 'v': number 1E+400 is outside the range of a 64-bit float",
            "{\"v\": 1.5}\n{\"v\": -2.5e999}\n",
            ": line 2, column 'v': number -2.5E+999 is outside the range of a 64-bit float",
            "{\"v\": 1.5}\n{\"v\": 1e-400}\n",
            ": line 2, column 'v': number 1E-400 is outside the range of a 64-bit float",
            "{\"v\": 0.5}\n{\"v\": 18446744073709551616}\n",
            ": line 2, column 'v': an integer beyond 64 bits in a column of float64 values"
                + " cannot be kept exactly",
            "{\"m\": {\"x\": 1}}\n{\"m\": {\"x\": 9223372036854775808}}\n",
            ": line 2, column 'm': integer 9223372036854775808 does not fit in 64 bits",
            "{\"l\": [1.5]}\n{\"l\": [1, 99999999999999999999999]}\n",
            ": line 2, column 'l': integer 99999999999999999999999 does not fit in 64 bits (in a"
                + " column of decimals)");
    int i = 0;
    for (Map.Entry<String, String> c : cases.entrySet()) {
      Path file = dir.resolve("n" + i++ + ".jsonl");
      Files.writeString(file, c.getKey());
      assertThatThrownBy(() -> JsonlFormat.read(file))
          .as(c.getKey())
          .isInstanceOf(DatasetFormatException.class)
          .hasMessage(file + c.getValue());
    }
  }

  @Test
  void ordinaryFloatsAndZeroStayAsTheyAre() throws Exception {
    Path file = dir.resolve("floats.jsonl");
    Files.writeString(file, "{\"v\": 0.0}\n{\"v\": 2.5e-300}\n{\"v\": 1.7976931348623157e308}\n");
    assertThat(JsonlFormat.read(file).rows().stream().map(r -> r.get("v")).toList())
        .containsExactly(0.0, 2.5e-300, Double.MAX_VALUE);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] all = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }
}
