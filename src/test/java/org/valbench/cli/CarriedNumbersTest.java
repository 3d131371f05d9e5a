package org.valbench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.valbench.dataset.ColumnType;
import org.valbench.dataset.SaveToDiskFormat;
import org.valbench.dataset.Table;
import org.valbench.testing.CliRun;

/**
 * Numbers in carried columns reach the output unchanged, or the run stops before any request with
 * one line naming the file, line (or row) and column: never a wrapped integer or an infinity.
 */
class CarriedNumbersTest {
  @TempDir Path dir;

  private CliRun responses(String dataset) {
    return CliRun.mockResponses(dir, dataset);
  }

  private static String line(int i, String extra) {
    return "{\"id\": \"p"
        + i
        + "\", \"issue_description\": \"I\", \"for_question\": \"F\", \"against_question\": \"A\""
        + extra
        + "}\n";
  }

  @Test
  void integersBeyond64BitsReachTheOutputDigitForDigit() throws Exception {
    Files.writeString(
        dir.resolve("p.jsonl"),
        line(1, ", \"n\": 123456789012345678901234567890, \"small\": 5")
            + line(2, ", \"n\": -5, \"small\": 9223372036854775807"));

    CliRun run = responses("p.jsonl");

    assertThat(run.exitCode()).as(run.err()).isZero();
    Table out = SaveToDiskFormat.read(dir.resolve("local_results/vb-mock-consistent"));
    assertThat(out.schema().field("n").orElseThrow().type()).isEqualTo(ColumnType.STRING);
    assertThat(out.schema().field("small").orElseThrow().type()).isEqualTo(ColumnType.INT64);
    assertThat(out.rows())
        .extracting(r -> r.get("n"), r -> r.get("small"))
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("123456789012345678901234567890", 5L),
            org.assertj.core.groups.Tuple.tuple("-5", Long.MAX_VALUE));
  }

  @Test
  void numbersThatCannotBeKeptStopTheRunNamingFileLineAndColumn() throws Exception {
    Map<String, String> cases =
        Map.of(
            line(1, ", \"x\": 0.5") + line(2, ", \"x\": 1e400"),
            "p.jsonl: line 2, column 'x': number 1E+400 is outside the range of a 64-bit float",
            line(1, ", \"x\": 0.5") + line(2, ", \"x\": 123456789012345678901234567890"),
            "p.jsonl: line 2, column 'x': an integer beyond 64 bits in a column of float64 values"
                + " cannot be kept exactly",
            line(1, ", \"x\": {\"y\": 1}") + line(2, ", \"x\": {\"y\": 99999999999999999999}"),
            "p.jsonl: line 2, column 'x': integer 99999999999999999999 does not fit in 64 bits",
            line(1, ", \"x\": [-1e999]"),
            "p.jsonl: line 1, column 'x': number -1E+999 is outside the range of a 64-bit float");
    for (Map.Entry<String, String> c : cases.entrySet()) {
      Files.writeString(dir.resolve("p.jsonl"), c.getKey());

      CliRun run = responses("p.jsonl");

      DamagedInputTest.assertOneLine(run, "p.jsonl", "p.jsonl");
      assertThat(run.err()).as(c.getKey()).contains(c.getValue());
      assertThat(run.err()).doesNotContain("step build-prompts");
    }
  }

  @Test
  void uint64AboveTheInt64RangeStopsTheRunBeforeAnyRequest() throws Exception {
    for (String fixture : new String[] {"py-unsigned-big.parquet", "py-unsigned-big"}) {
      Path source = Path.of("src/test/resources/interop").resolve(fixture).toAbsolutePath();

      CliRun run = responses(source.toString());

      DamagedInputTest.assertOneLine(run, fixture, source.toString());
      assertThat(run.err())
          .contains(
              ": row 2, column 'u64': unsigned integer 9223372036854775813 is beyond the signed"
                  + " 64-bit range of an int64 column")
          .doesNotContain("step build-prompts");
    }
  }
}
