package org.valbench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.statistics.Statistics;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.valbench.testing.ValbenchJvm;

/**
 * A Parquet page whose header claims gigabytes of uncompressed data, read by the real CLI in a
 * separate JVM with a small heap (as the launcher's ceiling, smaller): Parquet allocates the claim
 * before it decompresses, and the run must still end in exit 2 with one line naming the file.
 */
class LowHeapDamagedInputTest {
  @TempDir Path dir;

  /** A valid Parquet file of the three required columns, except the first page's claimed size. */
  private static void writeLyingPage(Path file, int claimedBytes) throws Exception {
    MessageType schema =
        MessageTypeParser.parseMessageType(
            "message m { required binary issue_description (UTF8);"
                + " required binary for_question (UTF8); required binary against_question (UTF8); }");
    ParquetFileWriter writer =
        new ParquetFileWriter(
            new LocalOutputFile(file), schema, ParquetFileWriter.Mode.CREATE, 1 << 27, 0);
    writer.start();
    writer.startBlock(1);
    boolean first = true;
    for (ColumnDescriptor column : schema.getColumns()) {
      byte[] text = "Whether zoos help.".getBytes(StandardCharsets.UTF_8);
      byte[] plain = new byte[4 + text.length];
      java.nio.ByteBuffer.wrap(plain).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(text.length);
      System.arraycopy(text, 0, plain, 4, text.length);
      writer.startColumn(column, 1, CompressionCodecName.SNAPPY);
      writer.writeDataPage(
          1,
          first ? claimedBytes : plain.length,
          BytesInput.from(org.xerial.snappy.Snappy.compress(plain)),
          Statistics.getBuilderForReading(column.getPrimitiveType()).build(),
          Encoding.BIT_PACKED,
          Encoding.BIT_PACKED,
          Encoding.PLAIN);
      writer.endColumn();
      first = false;
    }
    writer.endBlock();
    writer.end(java.util.Map.of());
  }

  private Process start(String dataset) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(ValbenchJvm.flags());
    command.add("-Xmx160m"); // after the run's own ceiling, so this one wins
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(Main.class.getName());
    command.addAll(
        List.of(
            "responses",
            "--protocol",
            "valbench",
            "--provider",
            "mock",
            "--model-id",
            "mock-consistent",
            "--dataset-id",
            dataset,
            "--output-dataset-path",
            "local_results/vb"));
    return new ProcessBuilder(command)
        .directory(dir.toFile())
        .redirectOutput(dir.resolve("out.txt").toFile())
        .redirectError(dir.resolve("err.txt").toFile())
        .start();
  }

  @Test
  void pageClaimingGigabytesEndsInOneLineUnderASmallHeap() throws Exception {
    for (int claimed : new int[] {1 << 30, Integer.MAX_VALUE - 64}) {
      Path file = dir.resolve("lying-" + claimed + ".parquet");
      writeLyingPage(file, claimed);

      Process process = start(file.getFileName().toString());
      assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();

      String err = Files.readString(dir.resolve("err.txt"));
      List<String> lines =
          err.lines().filter(l -> !l.startsWith("step ") && !l.startsWith("WARNING")).toList();
      assertThat(process.exitValue()).as(err).isEqualTo(2);
      assertThat(lines).as(err).hasSize(1);
      assertThat(lines.get(0))
          .startsWith("valbench: " + file.toAbsolutePath().normalize() + ": not a readable Parquet")
          .contains("a length in the file asks for more memory than there is")
          .doesNotContain("OutOfMemoryError")
          .doesNotContain("unexpected");
    }
  }
}
