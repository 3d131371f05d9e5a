package org.valbench.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.valbench.dataset.JsonlFormat;
import org.valbench.dataset.ParquetFormat;
import org.valbench.testing.CliRun;
import org.valbench.testing.Tables;

/**
 * Input files that cannot be read as text or at all: each ends in exit 2 with one line naming the
 * path and the cause (a UTF-8 byte order mark is simply skipped).
 */
class UnreadableInputTest {
  @TempDir Path dir;

  private CliRun responses(String dataset) {
    return CliRun.mockResponses(dir, dataset);
  }

  private static String pairsText() {
    return """
        {"id": "p1", "issue_description": "Zoos", "for_question": "Why?", "against_question": "Why not?"}
        {"id": "p2", "issue_description": "Café culture", "for_question": "Why?", "against_question": "Why not?"}
        """;
  }

  @Test
  void byteOrderMarkPrefixedJsonLinesIsReadLikeUtf8Sig() throws Exception {
    byte[] text = pairsText().getBytes(StandardCharsets.UTF_8);
    byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    Files.write(dir.resolve("bom.jsonl"), concat(bom, text));

    CliRun run = responses("bom.jsonl");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("(2 pairs)");
  }

  @Test
  void latin1JsonLinesIsRefusedNamingFileAndLine() throws Exception {
    Files.write(dir.resolve("latin1.jsonl"), pairsText().getBytes(StandardCharsets.ISO_8859_1));

    CliRun run = responses("latin1.jsonl");

    DamagedInputTest.assertOneLine(run, "latin1.jsonl", "latin1.jsonl");
    assertThat(run.err())
        .contains("latin1.jsonl: line 2 is not UTF-8 text (byte 0xE9 at byte 39)")
        .doesNotContain("Input length");
  }

  @Test
  void utf16JsonLinesIsRefusedNamingFileAndLine() throws Exception {
    Files.write(dir.resolve("utf16.jsonl"), pairsText().getBytes(StandardCharsets.UTF_16LE));

    CliRun run = responses("utf16.jsonl");

    DamagedInputTest.assertOneLine(run, "utf16.jsonl", "utf16.jsonl");
    assertThat(run.err()).contains("utf16.jsonl: line 1 is not");
  }

  @Test
  void fileWithoutReadPermissionIsRefusedSayingSo() throws Exception {
    Path file = dir.resolve("secret.jsonl");
    JsonlFormat.write(Tables.pairs(2), file);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("-w-------"));
    // root reads anything: the operating system never denies it, so there is nothing to see.
    assumeThat(Files.isReadable(file)).as("running as root").isFalse();

    CliRun run = responses("secret.jsonl");

    DamagedInputTest.assertOneLine(run, "secret.jsonl", "secret.jsonl");
    assertThat(run.err()).contains(file + ": permission denied");
  }

  @Test
  void parquetFolderWithAnUnreadableFileIsRefusedSayingSo() throws Exception {
    Path folder = dir.resolve("pq");
    Files.createDirectories(folder);
    ParquetFormat.write(Tables.pairs(2), folder.resolve("a.parquet"));
    Path locked = folder.resolve("b.parquet");
    ParquetFormat.write(Tables.pairs(2), locked);
    Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("-w-------"));
    assumeThat(Files.isReadable(locked)).as("running as root").isFalse();

    CliRun run = responses("pq");

    DamagedInputTest.assertOneLine(run, "b.parquet", "pq");
    assertThat(run.err()).contains(locked + ": permission denied");
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] all = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }
}
