package org.valbench.flows;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.valbench.dataset.ColumnType;
import org.valbench.dataset.Field;
import org.valbench.dataset.ParquetFormat;
import org.valbench.dataset.SaveToDiskFormat;
import org.valbench.dataset.Schema;
import org.valbench.dataset.Table;
import org.valbench.testing.CliRun;

/**
 * Ids of every type the input formats hold (text, 32- and 64-bit integers, integers beyond 64 bits,
 * nulls) go through {@code responses} and {@code evaluate} on the mock provider and come out
 * unchanged.
 */
class IdTypesPipelineTest {
  @TempDir Path dir;

  private CliRun responses(String dataset) {
    return CliRun.mockResponses(dir, dataset);
  }

  private CliRun evaluate() {
    return CliRun.in(
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
  }

  /** Runs both commands and returns the ids of the responses and judged datasets. */
  private List<List<Object>> runBoth(String dataset, ColumnType expectedType) throws Exception {
    CliRun run = responses(dataset);
    assertThat(run.exitCode()).as(run.err()).isZero();
    Table answered = SaveToDiskFormat.read(dir.resolve("local_results/vb-mock-consistent"));
    assertThat(answered.schema().field("id").orElseThrow().type()).isEqualTo(expectedType);
    assertThat(answered.rows())
        .allSatisfy(
            r -> assertThat(((Map<?, ?>) r.get("for_response")).get("content")).isNotNull());

    CliRun judged = evaluate();
    assertThat(judged.exitCode()).as(judged.err()).isZero();
    Table scored =
        SaveToDiskFormat.read(
            dir.resolve("local_results/vb-mock-consistent-mock-judge-evaluation"));
    assertThat(scored.schema().field("id").orElseThrow().type()).isEqualTo(expectedType);
    assertThat(scored.rows()).allSatisfy(r -> assertThat(r.get("alignment_score")).isEqualTo(2L));
    String csv =
        Files.readString(
            dir.resolve(
                "evaluation_results/vb-mock-consistent-mock-judge/alignment_statistics.csv"));
    assertThat(csv).contains("Valid examples," + answered.size());
    return List.of(ids(answered), ids(scored));
  }

  private static List<Object> ids(Table table) {
    return table.rows().stream().map(r -> r.get("id")).toList();
  }

  private Path jsonl(String... ids) throws Exception {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < ids.length; i++) {
      text.append("{\"id\": ")
          .append(ids[i])
          .append(", \"issue_description\": \"Issue ")
          .append(i)
          .append("\", \"for_question\": \"Why is ")
          .append(i)
          .append(" right?\", \"against_question\": \"Why is ")
          .append(i)
          .append(" wrong?\", \"issue_scale\": ")
          .append(i % 3)
          .append(", \"category\": \"c\"}\n");
    }
    Path file = dir.resolve("pairs.jsonl");
    Files.writeString(file, text);
    return file;
  }

  private static Table pairs(ColumnType idType, Object... ids) {
    Schema schema =
        Schema.of(
            Field.of("id", idType),
            Field.of("issue_description", ColumnType.STRING),
            Field.of("for_question", ColumnType.STRING),
            Field.of("against_question", ColumnType.STRING),
            Field.of("issue_scale", ColumnType.INT64),
            Field.of("category", ColumnType.STRING));
    List<Map<String, Object>> rows = new ArrayList<>();
    for (int i = 0; i < ids.length; i++) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("id", ids[i]);
      row.put("issue_description", "Issue " + i);
      row.put("for_question", "Why is " + i + " right?");
      row.put("against_question", "Why is " + i + " wrong?");
      row.put("issue_scale", (long) (i % 3));
      row.put("category", "c");
      rows.add(row);
    }
    return new Table(schema, rows);
  }

  @Test
  void integerIdsFromJsonLinesComeOutAsTheSameIntegers() throws Exception {
    jsonl("0", "1", "2", "-7", "9223372036854775807");
    List<Object> expected = List.of(0L, 1L, 2L, -7L, Long.MAX_VALUE);

    assertThat(runBoth("pairs.jsonl", ColumnType.INT64)).containsExactly(expected, expected);
  }

  @Test
  void integerIdsBeyond64BitsKeepEveryDigit() throws Exception {
    jsonl(
        "1", "123456789012345678901234567890", "-98765432109876543210987", "18446744073709551616");
    List<Object> expected =
        List.of(
            "1",
            "123456789012345678901234567890",
            "-98765432109876543210987",
            "18446744073709551616");

    assertThat(runBoth("pairs.jsonl", ColumnType.STRING)).containsExactly(expected, expected);
  }

  @Test
  void aNullIdAmongIntegersGetsItsSyntheticIdAndTheOthersTheirDigits() throws Exception {
    jsonl("10", "null", "30");
    List<Object> expected = List.of("10", "row-000002", "30");

    assertThat(runBoth("pairs.jsonl", ColumnType.STRING)).containsExactly(expected, expected);
  }

  @Test
  void nullIdsAmongTextGetSyntheticIds() throws Exception {
    jsonl("null", "\"b\"", "null");
    List<Object> expected = List.of("row-000001", "b", "row-000003");

    assertThat(runBoth("pairs.jsonl", ColumnType.STRING)).containsExactly(expected, expected);
  }

  @Test
  void allNullIdsGetSyntheticIds() throws Exception {
    jsonl("null", "null");
    List<Object> expected = List.of("row-000001", "row-000002");

    assertThat(runBoth("pairs.jsonl", ColumnType.STRING)).containsExactly(expected, expected);
  }

  @Test
  void integerIdsFromParquetKeepTheirType() throws Exception {
    ParquetFormat.write(pairs(ColumnType.INT64, 0L, 5L, 3L), dir.resolve("pairs.parquet"));
    List<Object> expected = List.of(0L, 5L, 3L);

    assertThat(runBoth("pairs.parquet", ColumnType.INT64)).containsExactly(expected, expected);
  }

  @Test
  void int32IdsFromParquetKeepTheirType() throws Exception {
    ParquetFormat.write(pairs(ColumnType.INT32, 1L, 2L), dir.resolve("pairs.parquet"));
    List<Object> expected = List.of(1L, 2L);

    assertThat(runBoth("pairs.parquet", ColumnType.INT32)).containsExactly(expected, expected);
  }

  @Test
  void aNullIntegerIdInParquetGetsItsSyntheticId() throws Exception {
    ParquetFormat.write(pairs(ColumnType.INT64, 4L, null, 6L), dir.resolve("pairs.parquet"));
    List<Object> expected = List.of("4", "row-000002", "6");

    assertThat(runBoth("pairs.parquet", ColumnType.STRING)).containsExactly(expected, expected);
  }

  @Test
  void integerIdsFromSaveToDiskKeepTheirType() throws Exception {
    SaveToDiskFormat.write(pairs(ColumnType.INT64, 0L, 1L, 2L, 3L), dir.resolve("pairs_ds"));
    List<Object> expected = List.of(0L, 1L, 2L, 3L);

    assertThat(runBoth("pairs_ds", ColumnType.INT64)).containsExactly(expected, expected);
  }

  @Test
  void floatIdsKeepTheirType() throws Exception {
    SaveToDiskFormat.write(pairs(ColumnType.FLOAT64, 0.5, 1.0, 2.25), dir.resolve("pairs_ds"));
    List<Object> expected = List.of(0.5, 1.0, 2.25);

    assertThat(runBoth("pairs_ds", ColumnType.FLOAT64)).containsExactly(expected, expected);
  }

  @Test
  void aRerunReusesEveryStepWithIntegerIds() throws Exception {
    jsonl("0", "1");
    assertThat(responses("pairs.jsonl").exitCode()).isZero();

    CliRun again = responses("pairs.jsonl");

    assertThat(again.exitCode()).as(again.err()).isZero();
    assertThat(again.err()).doesNotContain(": ran");
  }

  @Test
  void repeatedIntegerIdsAreRefusedBeforeAnyRequest() throws Exception {
    jsonl("1", "2", "1");

    CliRun run = responses("pairs.jsonl");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("pairs.jsonl: row 3 repeats id '1'; ids must be unique");
    assertThat(run.err()).doesNotContain("generate");
  }

  @Test
  void idsThatAreListsOrObjectsAreRefusedNamingTheColumn() throws Exception {
    for (String id : Arrays.asList("[1, 2]", "{\"a\": 1}")) {
      jsonl(id, id);
      CliRun run = responses("pairs.jsonl");
      assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
      assertThat(run.err()).contains("pairs.jsonl: column 'id' holds ");
      assertThat(run.err()).contains("ids must be text or numbers");
    }
  }
}
