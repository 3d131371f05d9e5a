package org.valbench.flows;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.valbench.dataset.SaveToDiskFormat;
import org.valbench.report.ReportWriter;
import org.valbench.testing.CliRun;

/**
 * Damaged files under {@code local_data/} (checkpoints marked done, the request cache, single cache
 * rows) are recomputed or treated as missing with one line naming the path, and the run's outputs
 * are the same as a clean run's. Each case runs the whole command on the mock provider: once clean,
 * then damaged, then again.
 */
class DamagedLocalDataTest {
  @TempDir Path dir;

  private static final String OUTPUT = "local_results/vb-mock-mixed";

  /** How a file is damaged. */
  enum Damage {
    TRUNCATE,
    RANDOM_BYTES,
    DELETE,
    ZERO_LENGTH,
    CHOP_FOOTER,
    /** Same size and footer, 64 bytes of noise in the first page: only reading it finds it. */
    PAGE_BYTES;

    void apply(Path file) throws Exception {
      long size = Files.size(file);
      switch (this) {
        case TRUNCATE -> truncate(file, size / 2);
        case CHOP_FOOTER -> truncate(file, size - 3);
        case RANDOM_BYTES -> {
          byte[] noise = new byte[(int) size];
          new Random(42).nextBytes(noise);
          Files.write(file, noise);
        }
        case DELETE -> Files.delete(file);
        case ZERO_LENGTH -> truncate(file, 0);
        case PAGE_BYTES -> {
          byte[] noise = new byte[64];
          new Random(7).nextBytes(noise);
          try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.write(java.nio.ByteBuffer.wrap(noise), 100);
          }
        }
      }
    }

    private static void truncate(Path file, long size) throws Exception {
      try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
        channel.truncate(size);
      }
    }
  }

  private CliRun responses() {
    return CliRun.in(
        dir,
        "responses",
        "--provider",
        "mock",
        "--model-id",
        "mock-mixed",
        "--dataset-id",
        "sample",
        "--limit",
        "6",
        "--output-dataset-path",
        "local_results/vb");
  }

  private CliRun evaluate() {
    return CliRun.mockEvaluate(dir, OUTPUT, OUTPUT);
  }

  private List<Map<String, Object>> rows(String dataset) throws Exception {
    return SaveToDiskFormat.read(dir.resolve(dataset)).rows();
  }

  /** The finished checkpoint data file of {@code step} (there is one per step in these runs). */
  private Path checkpoint(String step) throws Exception {
    try (Stream<Path> files = Files.walk(dir.resolve("local_data/steps").resolve(step))) {
      return files.filter(p -> p.getFileName().toString().equals("data.parquet")).findFirst().get();
    }
  }

  private String relative(Path file) {
    return dir.relativize(file).toString();
  }

  @ParameterizedTest(name = "{1} of {0}")
  @CsvSource({
    "load-pairs, TRUNCATE",
    "load-pairs, RANDOM_BYTES",
    "build-prompts, DELETE",
    "generate-for, ZERO_LENGTH",
    "generate-against, CHOP_FOOTER",
    "combine-responses, RANDOM_BYTES",
    "combine-responses, TRUNCATE"
  })
  void damagedResponsesCheckpointIsRecomputedWithOneLineNamingIt(String step, Damage damage)
      throws Exception {
    CliRun clean = responses();
    assertThat(clean.exitCode()).as(clean.err()).isZero();
    List<Map<String, Object>> expected = rows(OUTPUT);
    Path data = checkpoint(step);
    damage.apply(data);

    CliRun recovered = responses();

    assertThat(recovered.exitCode()).as(recovered.err()).isZero();
    assertThat(recovered.err())
        .contains("step " + step + ": discarded the damaged checkpoint " + relative(data) + " (")
        .contains("step " + step + ": ran, ")
        .doesNotContain("unexpected error");
    assertThat(rows(OUTPUT)).isEqualTo(expected);
    // The recomputed checkpoint is sound: a third run reuses everything and discards nothing.
    CliRun third = responses();
    assertThat(third.exitCode()).isZero();
    assertThat(third.err()).doesNotContain("discarded").contains("step " + step + ": cached");
  }

  @ParameterizedTest(name = "{1} of {0}")
  @CsvSource({
    "judge, TRUNCATE",
    "combine-judgements, RANDOM_BYTES",
    "score-judgements, DELETE",
    "score-judgements, ZERO_LENGTH",
    "load-responses, CHOP_FOOTER"
  })
  void damagedEvaluateCheckpointGivesTheSameReport(String step, Damage damage) throws Exception {
    assertThat(responses().exitCode()).isZero();
    CliRun clean = evaluate();
    assertThat(clean.exitCode()).as(clean.err()).isZero();
    String judged = OUTPUT + "-mock-judge-evaluation";
    List<Map<String, Object>> expected = rows(judged);
    Path report = dir.resolve("evaluation_results/vb-mock-mixed-mock-judge");
    String statistics = Files.readString(report.resolve(ReportWriter.STATISTICS));
    Path data = checkpoint(step);
    damage.apply(data);

    CliRun recovered = evaluate();

    assertThat(recovered.exitCode()).as(recovered.err()).isZero();
    assertThat(recovered.err())
        .contains("step " + step + ": discarded the damaged checkpoint " + relative(data) + " (");
    assertThat(rows(judged)).isEqualTo(expected);
    assertThat(Files.readString(report.resolve(ReportWriter.STATISTICS))).isEqualTo(statistics);
    assertThat(recovered.out()).isEqualTo(clean.out());
  }

  /**
   * Damage that only reading the pages finds (the size and footer check out): found while a later
   * step, the output writer or the metrics read the checkpoint, which is then recomputed in the
   * same run. {@code reader} is the checkpoint deleted (or the output removed) so that the damaged
   * one is read at all.
   */
  @ParameterizedTest(name = "{0} read by {1}")
  @CsvSource({
    "build-prompts, generate-for, responses",
    "combine-responses, OUTPUT, responses",
    "build-judge-prompts, combine-judgements, evaluate",
    "combine-judgements, score-judgements, evaluate",
    "score-judgements, OUTPUT, evaluate",
    "load-responses, build-judge-prompts, evaluate"
  })
  void damagedPagesAreFoundWhenReadAndRecomputedInTheSameRun(
      String step, String reader, String command) throws Exception {
    assertThat(responses().exitCode()).isZero();
    boolean evaluate = command.equals("evaluate");
    CliRun clean = evaluate ? evaluate() : responses();
    assertThat(clean.exitCode()).as(clean.err()).isZero();
    String output = evaluate ? OUTPUT + "-mock-judge-evaluation" : OUTPUT;
    List<Map<String, Object>> expected = rows(output);
    Path data = checkpoint(step);
    Damage.PAGE_BYTES.apply(data);
    if ("OUTPUT".equals(reader)) {
      org.valbench.common.AtomicDirs.deleteRecursively(dir.resolve(output));
    } else if (reader != null) {
      org.valbench.common.AtomicDirs.deleteRecursively(checkpoint(reader).getParent());
    }

    CliRun recovered = evaluate ? evaluate() : responses();

    assertThat(recovered.exitCode()).as(recovered.err()).isZero();
    assertThat(recovered.err())
        .contains("step " + step + ": discarded the damaged checkpoint " + relative(data) + " (")
        .doesNotContain("unexpected error");
    assertThat(rows(output)).isEqualTo(expected);
    assertThat(recovered.out()).isEqualTo(clean.out());
    CliRun third = evaluate ? evaluate() : responses();
    assertThat(third.err()).doesNotContain("discarded");
  }

  @ParameterizedTest
  @ValueSource(strings = {"RANDOM_BYTES", "TRUNCATE", "CHOP_FOOTER", "HEADER_ONLY"})
  void damagedCacheFileIsMovedAsideAndANewOneStarted(String how) throws Exception {
    CliRun clean = responses();
    assertThat(clean.exitCode()).isZero();
    List<Map<String, Object>> expected = rows(OUTPUT);
    Path cache = dir.resolve("local_data/cache.sqlite");
    assertThat(cache).isRegularFile();
    assertThat(Files.size(cache)).isGreaterThan(8192);
    if (how.equals("HEADER_ONLY")) {
      Damage.TRUNCATE.truncate(cache, 100);
    } else {
      Damage.valueOf(how).apply(cache);
    }
    deleteSteps(); // so that the answers are looked up in the cache again

    CliRun recovered = responses();

    assertThat(recovered.exitCode()).as(recovered.err()).isZero();
    assertThat(recovered.err())
        .containsPattern(
            "local_data/cache\\.sqlite: damaged \\([^)]+\\); moved aside to"
                + " cache\\.sqlite\\.damaged-\\d{8}T\\d{6}Z and started a new request cache")
        .doesNotContain("unexpected error");
    assertThat(rows(OUTPUT)).isEqualTo(expected);
    try (Stream<Path> files = Files.list(dir.resolve("local_data"))) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .anyMatch(n -> n.startsWith("cache.sqlite.damaged-"));
    }
    // The new cache holds the fresh answers: a run without checkpoints sends nothing new.
    deleteSteps();
    CliRun third = responses();
    assertThat(third.err()).doesNotContain("damaged");
    assertThat(third.err().split(", 6 cached, 0 failed", -1)).hasSize(3);
  }

  @org.junit.jupiter.api.Test
  void cacheDamageSqliteFindsOnlyDuringTheRunIsAMissAndTheFileIsMovedAsideAtTheEnd()
      throws Exception {
    assertThat(responses().exitCode()).isZero();
    List<Map<String, Object>> expected = rows(OUTPUT);
    Path cache = dir.resolve("local_data/cache.sqlite");
    // The header and schema page stay sound (so the file opens); every later page is noise.
    long size = Files.size(cache);
    byte[] noise = new byte[(int) size - 4096];
    new Random(3).nextBytes(noise);
    try (FileChannel channel = FileChannel.open(cache, StandardOpenOption.WRITE)) {
      channel.write(java.nio.ByteBuffer.wrap(noise), 4096);
    }
    deleteSteps();

    CliRun recovered = responses();

    assertThat(recovered.exitCode()).as(recovered.err()).isZero();
    assertThat(recovered.err())
        .containsPattern(
            "local_data/cache\\.sqlite: damaged \\([^\\n]*\\); answers are asked again for the"
                + " rest of this run, and the file is moved aside when it ends")
        .doesNotContain("unexpected error");
    assertThat(rows(OUTPUT)).isEqualTo(expected);
    try (Stream<Path> files = Files.list(dir.resolve("local_data"))) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .anyMatch(n -> n.startsWith("cache.sqlite.damaged-"));
    }
    deleteSteps();
    CliRun third = responses();
    assertThat(third.exitCode()).isZero();
    assertThat(third.err()).doesNotContain("damaged");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"content\": \"cut",
        "[1, 2]",
        "{\"content\": 5}",
        "{}",
        "\"just text\"",
        "{\"content\": \"x\", \"usage\": {\"input\": -3}}",
        "{\"content\": \"x\", \"citations\": 7}"
      })
  void damagedCacheRowIsAMissAndIsOverwrittenByTheFreshAnswer(String stored) throws Exception {
    assertThat(responses().exitCode()).isZero();
    List<Map<String, Object>> expected = rows(OUTPUT);
    Path cache = dir.resolve("local_data/cache.sqlite");
    String key;
    try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + cache);
        Statement s = db.createStatement()) {
      try (ResultSet first = s.executeQuery("SELECT key FROM responses ORDER BY key LIMIT 1")) {
        first.next();
        key = first.getString(1);
      }
      try (var update = db.prepareStatement("UPDATE responses SET answer = ? WHERE key = ?")) {
        update.setString(1, stored);
        update.setString(2, key);
        assertThat(update.executeUpdate()).isEqualTo(1);
      }
    }
    deleteSteps();

    CliRun recovered = responses();

    assertThat(recovered.exitCode()).as(recovered.err()).isZero();
    assertThat(recovered.err())
        .contains(
            "local_data/cache.sqlite: discarded the damaged cached answer "
                + key.substring(0, 12)
                + "... (")
        .contains(", 5 cached,");
    assertThat(rows(OUTPUT)).isEqualTo(expected);
    try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + cache);
        var select = db.prepareStatement("SELECT answer FROM responses WHERE key = ?")) {
      select.setString(1, key);
      try (ResultSet row = select.executeQuery()) {
        assertThat(row.next()).isTrue();
        assertThat(row.getString(1)).isNotEqualTo(stored).startsWith("{\"content\":\"");
      }
    }
  }

  private void deleteSteps() throws Exception {
    org.valbench.common.AtomicDirs.deleteRecursively(dir.resolve("local_data/steps"));
  }
}
