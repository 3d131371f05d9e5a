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
import org.valbench.common.UserError;
import org.valbench.flows.Pairs;
import org.valbench.testing.Tables;

class DatasetSourceTest {
  @TempDir Path dir;

  @Test
  void bundledSampleHasEveryColumnFilledAndCoversScalesAndCategories() {
    Table sample = DatasetSource.resolve("sample", dir).read();

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
    assertThat(Pairs.validate(sample, "sample")).isSameAs(sample);
  }

  @Test
  void missingPathIsABadInputNamingIt() {
    assertThatThrownBy(() -> DatasetSource.resolve("nope.parquet", dir))
        .isInstanceOfSatisfying(
            UserError.class, e -> assertThat(e.kind()).isEqualTo(UserError.Kind.BAD_INPUT))
        .hasMessageContaining("nope.parquet")
        .hasMessageContaining("no such file");
  }

  @Test
  void hubIdWithoutHubAccessIsNotFound() {
    assertThatThrownBy(() -> DatasetSource.resolve("val-bench/VAL-Bench", dir))
        .isInstanceOf(UserError.class)
        .hasMessageContaining("val-bench/VAL-Bench")
        .hasMessageContaining("no such local file or folder");
  }

  @Test
  void missingRequiredColumnNamesColumnFileAndColumnsFound() throws Exception {
    Path file = dir.resolve("missing-col.jsonl");
    Files.writeString(
        file, "{\"id\": \"a\", \"issue_description\": \"i\", \"against_question\": \"q\"}\n");

    DatasetSource source = DatasetSource.resolve("missing-col.jsonl", dir);

    assertThatThrownBy(() -> Pairs.validate(source.read(), source.spec()))
        .isInstanceOf(UserError.class)
        .hasMessage(
            "missing-col.jsonl: missing required column 'for_question'"
                + " (found: id, issue_description, against_question)");
  }

  @Test
  void emptyRequiredValueNamesTheRow() {
    Table pairs = Tables.pairs(3);
    var rows = new java.util.ArrayList<>(pairs.rows());
    var broken = new java.util.LinkedHashMap<>(rows.get(1));
    broken.put("against_question", " ");
    rows.set(1, broken);

    assertThatThrownBy(() -> Pairs.validate(new Table(pairs.schema(), rows), "x.jsonl"))
        .hasMessage("x.jsonl: row 2 (id p1) has an empty 'against_question'");
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
      DatasetSource source = DatasetSource.resolve(spec, dir);
      assertThat(source.read().rows()).as(spec).isEqualTo(pairs.rows());
    }
    assertThat(DatasetSource.resolve("saved", dir).kind())
        .isEqualTo(DatasetSource.Kind.SAVE_TO_DISK);
    assertThat(DatasetSource.resolve("pq", dir).kind()).isEqualTo(DatasetSource.Kind.PARQUET);
  }

  @Test
  void corruptFileIsABadInputNamingIt() throws Exception {
    Files.writeString(dir.resolve("bad.parquet"), "garbage");
    DatasetSource source = DatasetSource.resolve("bad.parquet", dir);

    assertThatThrownBy(source::read)
        .isInstanceOfSatisfying(
            UserError.class, e -> assertThat(e.kind()).isEqualTo(UserError.Kind.BAD_INPUT))
        .hasMessageContaining("bad.parquet");
  }

  @Test
  void fingerprintChangesWhenTheFileChanges() throws Exception {
    Path file = dir.resolve("a.jsonl");
    JsonlFormat.write(Tables.pairs(3), file);
    String before = DatasetSource.resolve("a.jsonl", dir).fingerprint();
    JsonlFormat.write(Tables.pairs(4), file);
    String after = DatasetSource.resolve("a.jsonl", dir).fingerprint();
    assertThat(after).isNotEqualTo(before);
    assertThat(Objects.requireNonNull(before)).isEqualTo(before);
  }

  @Test
  void unreadableFilesAreNamedWithTheCause() {
    assertThat(
            DatasetSource.cannotRead(
                "pairs.jsonl", new java.nio.file.AccessDeniedException("/data/pairs.jsonl")))
        .isEqualTo("/data/pairs.jsonl: permission denied");
    assertThat(
            DatasetSource.cannotRead(
                "pq", new java.nio.file.NoSuchFileException("/data/pq/b.parquet")))
        .isEqualTo("/data/pq/b.parquet: no such file");
    assertThat(
            DatasetSource.cannotRead(
                "pq",
                new java.nio.file.FileSystemException(
                    "/data/pq/b.parquet", null, "Input/output error")))
        .isEqualTo("/data/pq/b.parquet: Input/output error");
    assertThat(
            DatasetSource.cannotRead(
                "pairs.jsonl", new java.nio.charset.MalformedInputException(1)))
        .isEqualTo("pairs.jsonl: not UTF-8 text");
    assertThat(DatasetSource.cannotRead("pairs.jsonl", new java.io.IOException()))
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

    assertThatThrownBy(() -> DatasetSource.resolve("locked.jsonl", dir))
        .hasMessage(file + ": permission denied");
  }
}
