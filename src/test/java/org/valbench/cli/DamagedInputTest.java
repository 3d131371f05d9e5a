package org.valbench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.valbench.dataset.JsonlFormat;
import org.valbench.dataset.ParquetFormat;
import org.valbench.dataset.SaveToDiskFormat;
import org.valbench.dataset.Table;
import org.valbench.testing.CliRun;
import org.valbench.testing.Tables;

/**
 * Damaged input files of every format end in exit 2 with one line naming the file, whatever the
 * damage: cut short, bytes overwritten, random bytes, or length fields that claim gigabytes. Each
 * case runs the whole command in-process.
 */
class DamagedInputTest {
  @TempDir Path dir;

  /** One way to damage a file's bytes. */
  private record Damage(String name, UnaryOperator<byte[]> apply) {}

  private static List<Damage> generic(int length) {
    List<Damage> damages = new ArrayList<>();
    for (int at : new int[] {0, 1, 4, 7, 8, 12, length / 5, length / 2, length - 12, length - 1}) {
      if (at >= 0 && at < length) {
        damages.add(new Damage("cut at " + at, b -> java.util.Arrays.copyOf(b, at)));
      }
    }
    for (int seed = 1; seed <= 6; seed++) {
      int s = seed;
      damages.add(new Damage("overwritten, seed " + s, b -> overwrite(b, s)));
    }
    damages.add(new Damage("random bytes", b -> randomBytes(b.length, 7)));
    damages.add(new Damage("random bytes, 5 bytes", b -> randomBytes(5, 8)));
    return damages;
  }

  private static byte[] overwrite(byte[] original, int seed) {
    byte[] bytes = original.clone();
    Random random = new Random(seed);
    for (int i = 0; i < 6; i++) {
      int at = random.nextInt(bytes.length);
      for (int j = at; j < Math.min(bytes.length, at + 1 + random.nextInt(12)); j++) {
        bytes[j] = (byte) random.nextInt(256);
      }
    }
    return bytes;
  }

  private static byte[] randomBytes(int length, int seed) {
    byte[] bytes = new byte[length];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }

  private static byte[] putIntLe(byte[] original, int at, int value) {
    byte[] bytes = original.clone();
    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(at, value);
    return bytes;
  }

  /** 2,500 pairs: three record batches in an Arrow shard. */
  private static Table pairs() {
    return Tables.pairs(2500);
  }

  /**
   * Runs responses on {@code dataset} and checks exit 2 and one line naming {@code named} (or the
   * dataset, for content that reads as valid data but breaks the pair contract). An overwritten
   * byte inside text can leave a valid file (no format here has checksums): then exit 0 is allowed
   * when {@code mayStillRead}.
   */
  private void assertRefused(String dataset, String named, boolean mayStillRead) {
    CliRun run = CliRun.mockResponses(dir, dataset);
    if (mayStillRead && run.exitCode() == 0) {
      return;
    }
    assertOneLine(run, named, dataset);
  }

  static void assertOneLine(CliRun run, String named, String dataset) {
    List<String> messages = run.err().lines().filter(l -> !l.startsWith("step ")).toList();
    assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
    assertThat(messages).as(run.err()).hasSize(1);
    assertThat(messages.get(0)).startsWith("valbench: ");
    if (!messages.get(0).contains(named)) {
      assertThat(messages.get(0)).startsWith("valbench: " + dataset + ": ");
    }
    assertThat(messages.get(0)).doesNotContain("unexpected").doesNotContain("Exception");
  }

  private Stream<DynamicTest> cases(
      String format, byte[] original, List<Damage> damages, Path target, String dataset) {
    return damages.stream()
        .map(
            damage ->
                DynamicTest.dynamicTest(
                    format + ", " + damage.name(),
                    () -> {
                      byte[] damaged = damage.apply().apply(original);
                      Files.write(target, damaged);
                      try {
                        assertRefused(
                            dataset,
                            target.getFileName().toString(),
                            damage.name().startsWith("overwritten"));
                      } finally {
                        Files.write(target, original);
                      }
                    }));
  }

  @TestFactory
  Stream<DynamicTest> damagedJsonLines() throws Exception {
    Path file = dir.resolve("pairs.jsonl");
    JsonlFormat.write(pairs(), file);
    byte[] original = Files.readAllBytes(file);
    List<Damage> damages = new ArrayList<>();
    for (Damage d : generic(original.length)) {
      // A cut at a line end (or a cut that keeps only whole lines) is a shorter valid file.
      if (!d.name().startsWith("cut") && !d.name().startsWith("overwritten")) {
        damages.add(d);
      }
    }
    damages.add(new Damage("cut inside a line", b -> java.util.Arrays.copyOf(b, b.length / 2 | 1)));
    damages.add(
        new Damage(
            "NUL bytes",
            b -> {
              byte[] c = b.clone();
              java.util.Arrays.fill(c, 10, 40, (byte) 0);
              return c;
            }));
    damages.add(
        new Damage(
            "invalid UTF-8",
            b -> {
              byte[] c = b.clone();
              c[30] = (byte) 0xC3;
              c[31] = (byte) 0x28;
              return c;
            }));
    return cases("JSON Lines", original, damages, file, "pairs.jsonl");
  }

  @TestFactory
  Stream<DynamicTest> damagedParquetFile() throws Exception {
    Path file = dir.resolve("pairs.parquet");
    ParquetFormat.write(pairs(), file);
    byte[] original = Files.readAllBytes(file);
    List<Damage> damages = new ArrayList<>(generic(original.length));
    int footerLength = original.length - 8;
    damages.add(new Damage("footer length 2 GiB", b -> putIntLe(b, footerLength, 0x7FFFFFF0)));
    damages.add(new Damage("footer length negative", b -> putIntLe(b, footerLength, -5)));
    damages.add(
        new Damage("footer length whole file", b -> putIntLe(b, footerLength, b.length - 8)));
    damages.add(new Damage("footer length 1", b -> putIntLe(b, footerLength, 1)));
    damages.add(new Damage("first page claims 1 GiB", DamagedInputTest::hugeFirstPage));
    return cases("Parquet file", original, damages, file, "pairs.parquet");
  }

  @TestFactory
  Stream<DynamicTest> damagedFileInAParquetFolder() throws Exception {
    Path folder = dir.resolve("pq");
    Files.createDirectories(folder);
    ParquetFormat.write(pairs(), folder.resolve("train-00000-of-00002.parquet"));
    Path second = folder.resolve("train-00001-of-00002.parquet");
    ParquetFormat.write(pairs(), second);
    byte[] original = Files.readAllBytes(second);
    List<Damage> damages = new ArrayList<>(generic(original.length).subList(0, 8));
    damages.add(new Damage("footer length 2 GiB", b -> putIntLe(b, b.length - 8, 0x7FFFFFF0)));
    return cases("Parquet folder", original, damages, second, "pq");
  }

  @TestFactory
  Stream<DynamicTest> damagedArrowShard() throws Exception {
    Path folder = dir.resolve("ds");
    SaveToDiskFormat.write(pairs(), folder);
    Path shard = folder.resolve("data-00000-of-00001.arrow");
    byte[] original = Files.readAllBytes(shard);
    List<Damage> damages = new ArrayList<>(generic(original.length));
    damages.addAll(lyingArrowLengths(original));
    // Cut exactly between two messages: a shorter stream that only lacks its end marker.
    for (int[] message : ArrowFiles.messages(original)) {
      int end = message[0] + 8 + message[1] + message[2];
      damages.add(
          new Damage(
              "cut after the message at " + message[0], b -> java.util.Arrays.copyOf(b, end)));
    }
    return cases("save_to_disk shard", original, damages, shard, "ds");
  }

  @TestFactory
  Stream<DynamicTest> damagedArrowFileFormat() throws Exception {
    Path file = dir.resolve("pairs.arrow");
    byte[] original = ArrowFiles.fileFormat(pairs());
    Files.write(file, original);
    List<Damage> damages = new ArrayList<>(generic(original.length));
    damages.add(new Damage("footer length 2 GiB", b -> putIntLe(b, b.length - 10, 0x7FFFFFF0)));
    for (var damaged : ArrowFiles.lyingBlockBytes(original)) {
      damages.add(new Damage(damaged.getKey(), b -> damaged.getValue()));
    }
    return cases("Arrow file format", original, damages, file, "pairs.arrow");
  }

  @TestFactory
  Stream<DynamicTest> damagedStateAndInfoJson() throws Exception {
    Path folder = dir.resolve("ds");
    SaveToDiskFormat.write(pairs(), folder);
    List<DynamicTest> tests = new ArrayList<>();
    for (String file : List.of("state.json", "dataset_info.json")) {
      Path target = folder.resolve(file);
      byte[] original = Files.readAllBytes(target);
      List<Damage> damages = new ArrayList<>();
      damages.add(new Damage("cut in half", b -> java.util.Arrays.copyOf(b, b.length / 2)));
      damages.add(new Damage("extra data", b -> concat(b, "{}".getBytes())));
      damages.add(new Damage("random bytes", b -> randomBytes(200, 3)));
      damages.add(new Damage("empty", b -> new byte[0]));
      damages.add(new Damage("an array", b -> "[1, 2]".getBytes()));
      damages.add(
          new Damage(
              "Latin-1",
              b ->
                  "{\"description\": \"caf\u00e9\"}"
                      .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1)));
      if (file.equals("state.json")) {
        damages.add(new Damage("files not a list", b -> "{\"_data_files\": \"x\"}".getBytes()));
        damages.add(
            new Damage(
                "file name not text", b -> "{\"_data_files\": [{\"filename\": 5}]}".getBytes()));
        damages.add(
            new Damage(
                "file name leaves the folder",
                b -> "{\"_data_files\": [{\"filename\": \"../pairs.jsonl\"}]}".getBytes()));
        damages.add(
            new Damage(
                "absolute file name",
                b -> "{\"_data_files\": [{\"filename\": \"/etc/hostname\"}]}".getBytes()));
        damages.add(
            new Damage(
                "listed file missing",
                b -> "{\"_data_files\": [{\"filename\": \"data-9.arrow\"}]}".getBytes()));
      }
      cases(file, original, damages, target, "ds").forEach(tests::add);
    }
    return tests.stream();
  }

  @TestFactory
  Stream<DynamicTest> damagedResponsesDatasetForEvaluate() throws Exception {
    CliRun made =
        CliRun.in(
            dir,
            "responses",
            "--provider",
            "mock",
            "--model-id",
            "mock-consistent",
            "--dataset-id",
            "sample",
            "--limit",
            "12",
            "--output-dataset-path",
            "local_results/vb");
    assertThat(made.exitCode()).as(made.err()).isZero();
    Path folder = dir.resolve("local_results/vb-mock-consistent");
    Path shard = folder.resolve("data-00000-of-00001.arrow");
    byte[] original = Files.readAllBytes(shard);
    List<Damage> damages = new ArrayList<>(generic(original.length));
    damages.addAll(lyingArrowLengths(original));
    List<DynamicTest> tests = new ArrayList<>();
    for (Damage damage : damages) {
      tests.add(
          DynamicTest.dynamicTest(
              "responses shard, " + damage.name(),
              () -> {
                Files.write(shard, damage.apply().apply(original));
                try {
                  CliRun run =
                      CliRun.in(
                          dir,
                          "evaluate",
                          "--provider",
                          "mock",
                          "--judge-model-id",
                          "mock-judge",
                          "--responses-ds-path",
                          "local_results/vb-mock-consistent",
                          "--output-dataset-path",
                          "local_results/vb-mock-consistent");
                  if (damage.name().startsWith("overwritten") && run.exitCode() == 0) {
                    return;
                  }
                  assertOneLine(
                      run, shard.getFileName().toString(), "local_results/vb-mock-consistent");
                } finally {
                  Files.write(shard, original);
                }
              }));
    }
    Path state = folder.resolve("state.json");
    tests.add(
        DynamicTest.dynamicTest(
            "responses state.json cut short",
            () -> {
              byte[] text = Files.readAllBytes(state);
              Files.write(state, java.util.Arrays.copyOf(text, text.length / 2));
              try {
                CliRun run =
                    CliRun.in(
                        dir,
                        "evaluate",
                        "--provider",
                        "mock",
                        "--judge-model-id",
                        "mock-judge",
                        "--responses-ds-path",
                        "local_results/vb-mock-consistent",
                        "--output-dataset-path",
                        "local_results/vb-mock-consistent");
                assertOneLine(run, "state.json", "local_results/vb-mock-consistent");
              } finally {
                Files.write(state, text);
              }
            }));
    return tests.stream();
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] all = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }

  /** The first page header's uncompressed size (thrift compact, field 2) set to 1 GiB. */
  private static byte[] hugeFirstPage(byte[] original) {
    // After "PAR1": field 1 (type, i32 varint), then field 2 (uncompressed_page_size).
    int at = 4;
    if (original[at] != 0x15) {
      throw new IllegalStateException("unexpected page header");
    }
    at++;
    while ((original[at] & 0x80) != 0) {
      at++;
    }
    at++;
    if (original[at] != 0x15) {
      throw new IllegalStateException("unexpected page header");
    }
    at++;
    int end = at;
    while ((original[end] & 0x80) != 0) {
      end++;
    }
    end++;
    // zigzag(1 << 30) = 1 << 31, as a varint: five bytes.
    byte[] huge = {(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x08};
    byte[] result = new byte[original.length - (end - at) + huge.length];
    System.arraycopy(original, 0, result, 0, at);
    System.arraycopy(huge, 0, result, at, huge.length);
    System.arraycopy(original, end, result, at + huge.length, original.length - end);
    return result;
  }

  /** Arrow stream messages whose metadata or body length fields claim gigabytes. */
  private static List<Damage> lyingArrowLengths(byte[] original) {
    List<Damage> damages = new ArrayList<>();
    List<int[]> messages = ArrowFiles.messages(original);
    for (int m = 0; m < Math.min(2, messages.size()); m++) {
      int lengthAt = messages.get(m)[0] + 4;
      damages.add(
          new Damage("message " + m + " metadata 2 GiB", b -> putIntLe(b, lengthAt, 0x7FFFFFF0)));
      damages.add(
          new Damage("message " + m + " metadata negative", b -> putIntLe(b, lengthAt, -100)));
    }
    for (int m = 0; m < messages.size(); m++) {
      for (int slot : ArrowFiles.lengthSlots(original, messages.get(m))) {
        int mm = m;
        damages.add(
            new Damage(
                "message " + mm + " length at " + slot + " claims 1 TiB",
                b -> {
                  byte[] c = b.clone();
                  ByteBuffer.wrap(c).order(ByteOrder.LITTLE_ENDIAN).putLong(slot, 1L << 40);
                  return c;
                }));
        damages.add(
            new Damage(
                "message " + mm + " length at " + slot + " claims 1.5 GiB",
                b -> {
                  byte[] c = b.clone();
                  ByteBuffer.wrap(c).order(ByteOrder.LITTLE_ENDIAN).putLong(slot, 3L << 29);
                  return c;
                }));
      }
    }
    return damages;
  }
}
