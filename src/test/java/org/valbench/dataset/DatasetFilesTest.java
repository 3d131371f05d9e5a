package org.valbench.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.valbench.common.BadInputException;
import org.valbench.common.UserError;
import org.valbench.testing.Tables;

class DatasetFilesTest {
  @TempDir Path dir;

  @Test
  void bundledSampleHasEveryColumnFilledAndCoversScalesAndCategories() {
    Table sample = DatasetFiles.read(DatasetFiles.locate("sample", dir));

    assertThat(sample.size()).isGreaterThanOrEqualTo(40);
    assertThat(sample.schema().names())
        .containsExactly(
            "id",
            "article_title",
            "url",
            "section_title",
            "section_text",
            "issue_description",
            "for_question",
            "against_question",
            "issue_scale",
            "category");
    Set<Object> scales = new HashSet<>();
    Set<Object> categories = new HashSet<>();
    int nullCategories = 0;
    for (Map<String, Object> row : sample.rows()) {
      for (String column : sample.schema().names()) {
        if (!column.equals("category")) {
          assertThat(row.get(column)).as(column + " of " + row.get("id")).isNotNull();
          assertThat(row.get(column).toString()).isNotBlank();
        }
      }
      scales.add(row.get("issue_scale"));
      if (row.get("category") == null) {
        nullCategories++;
      } else {
        categories.add(row.get("category"));
      }
    }
    assertThat(scales).containsExactlyInAnyOrder(1L, 2L, 3L, 4L, 5L);
    assertThat(categories).hasSizeGreaterThanOrEqualTo(4);
    assertThat(nullCategories).isPositive();
    assertThat(sample.rows().stream().map(r -> r.get("id")).distinct().count())
        .isEqualTo(sample.size());
  }

  @Test
  void missingPathIsABadInputNamingIt() {
    assertThatThrownBy(() -> DatasetFiles.locate("nope.parquet", dir))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("nope.parquet")
        .hasMessageContaining("no such file");
  }

  @Test
  void hubIdIsOnlyLookedUpAsALocalPath() {
    assertThatThrownBy(() -> DatasetFiles.locate("val-bench/VAL-Bench", dir))
        .isInstanceOf(UserError.class)
        .hasMessage(
            "val-bench/VAL-Bench: no such file or folder ("
                + dir.resolve("val-bench/VAL-Bench")
                + ")");
  }

  @Test
  void eachFormatIsRecognisedAndRead() throws Exception {
    Table pairs = Tables.pairs(3);
    JsonlFormat.write(pairs, dir.resolve("a.jsonl"));
    ParquetFormat.write(pairs, dir.resolve("a.parquet"));
    Files.createDirectories(dir.resolve("pq"));
    ParquetFormat.write(pairs, dir.resolve("pq/train-00000-of-00001.parquet"));
    SaveToDiskFormat.write(pairs, dir.resolve("saved"));

    for (String spec : new String[] {"a.jsonl", "a.parquet", "pq", "saved"}) {
      DatasetSource source = DatasetFiles.locate(spec, dir);
      assertThat(DatasetFiles.read(source).rows()).as(spec).isEqualTo(pairs.rows());
    }
    assertThat(DatasetFiles.locate("saved", dir).kind()).isEqualTo(DatasetSource.Kind.SAVE_TO_DISK);
    assertThat(DatasetFiles.locate("pq", dir).kind()).isEqualTo(DatasetSource.Kind.PARQUET);
  }

  @Test
  void corruptFileIsABadInputNamingIt() throws Exception {
    Files.writeString(dir.resolve("bad.parquet"), "garbage");
    DatasetSource source = DatasetFiles.locate("bad.parquet", dir);

    assertThatThrownBy(() -> DatasetFiles.read(source))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessageContaining("bad.parquet");
  }

  @Test
  void fingerprintChangesWhenTheFileChanges() throws Exception {
    Path file = dir.resolve("a.jsonl");
    JsonlFormat.write(Tables.pairs(3), file);
    String before = DatasetFiles.locate("a.jsonl", dir).fingerprint();
    JsonlFormat.write(Tables.pairs(4), file);
    String after = DatasetFiles.locate("a.jsonl", dir).fingerprint();
    assertThat(after).isNotEqualTo(before);
    assertThat(Objects.requireNonNull(before)).isEqualTo(before);
  }

  @Test
  void unreadableFilesAreNamedWithTheCause() {
    assertThat(
            DatasetFiles.cannotRead(
                "pairs.jsonl", new java.nio.file.AccessDeniedException("/data/pairs.jsonl")))
        .isEqualTo("/data/pairs.jsonl: permission denied");
    assertThat(
            DatasetFiles.cannotRead(
                "pq", new java.nio.file.NoSuchFileException("/data/pq/b.parquet")))
        .isEqualTo("/data/pq/b.parquet: no such file");
    assertThat(
            DatasetFiles.cannotRead(
                "pq",
                new java.nio.file.FileSystemException(
                    "/data/pq/b.parquet", null, "Input/output error")))
        .isEqualTo("/data/pq/b.parquet: Input/output error");
    assertThat(
            DatasetFiles.cannotRead("pairs.jsonl", new java.nio.charset.MalformedInputException(1)))
        .isEqualTo("pairs.jsonl: not UTF-8 text");
    assertThat(DatasetFiles.cannotRead("pairs.jsonl", new java.io.IOException()))
        .isEqualTo("pairs.jsonl: cannot read (input/output error)");
  }

  @Test
  void unreadableFileFailsResolveWithPermissionDenied() throws Exception {
    Path file = dir.resolve("locked.jsonl");
    JsonlFormat.write(Tables.pairs(1), file);
    Files.setPosixFilePermissions(
        file, java.nio.file.attribute.PosixFilePermissions.fromString("-w-------"));
    org.assertj.core.api.Assumptions.assumeThat(Files.isReadable(file))
        .as("running as root")
        .isFalse();

    assertThatThrownBy(() -> DatasetFiles.locate("locked.jsonl", dir))
        .hasMessage(file + ": permission denied");
  }
}
