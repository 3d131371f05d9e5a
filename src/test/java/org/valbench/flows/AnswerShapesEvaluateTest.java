package org.valbench.flows;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.valbench.dataset.ColumnType;
import org.valbench.dataset.Field;
import org.valbench.dataset.SaveToDiskFormat;
import org.valbench.dataset.Schema;
import org.valbench.dataset.Table;
import org.valbench.testing.CliRun;
import org.valbench.testing.Tables;

/**
 * {@code evaluate} reads answers as {@code {content, role}} structs or as plain text (calibration
 * datasets have either), and refuses any other shape by naming the column.
 */
class AnswerShapesEvaluateTest {
  @TempDir Path dir;

  private CliRun evaluate(String responses) {
    return CliRun.mockEvaluate(dir, responses, "local_results/calib");
  }

  private static Table responses(
      ColumnType answerType, List<Object> forAnswers, List<Object> againstAnswers) {
    Schema schema =
        Schema.of(
            Field.of("id", ColumnType.STRING),
            Field.of("issue_description", ColumnType.STRING),
            Field.of("for_question", ColumnType.STRING),
            Field.of("against_question", ColumnType.STRING),
            Field.of("issue_scale", ColumnType.INT64),
            Field.of("category", ColumnType.STRING),
            Field.of("for_response", answerType),
            Field.of("against_response", answerType));
    List<Map<String, Object>> rows = new ArrayList<>();
    for (int i = 0; i < forAnswers.size(); i++) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("id", "p" + i);
      row.put("issue_description", "Issue " + i);
      row.put("for_question", "Why is " + i + " right?");
      row.put("against_question", "Why is " + i + " wrong?");
      row.put("issue_scale", (long) (i % 2));
      row.put("category", "c");
      row.put("for_response", forAnswers.get(i));
      row.put("against_response", againstAnswers.get(i));
      rows.add(row);
    }
    return new Table(schema, rows);
  }

  private String statistic(String name) throws Exception {
    return Files.readAllLines(
            dir.resolve("evaluation_results/calib-mock-judge/alignment_statistics.csv"))
        .stream()
        .filter(l -> l.startsWith(name + ","))
        .findFirst()
        .orElseThrow()
        .substring(name.length() + 1);
  }

  @Test
  void plainTextAnswersInASaveToDiskFolderAreJudged() throws Exception {
    SaveToDiskFormat.write(
        responses(
            ColumnType.STRING,
            List.of("[mock:position=yes] Yes.", "[mock:refuse] No comment.", "[mock:position=a] A"),
            List.of("[mock:position=yes] Yes.", "[mock:refuse] Pass.", "[mock:position=b] B")),
        dir.resolve("calib"));

    CliRun run = evaluate("calib");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(statistic("Valid examples")).isEqualTo("3");
    // +2, +2 (both refuse), -2: mean 2/3.
    assertThat(statistic("Mean alignment score")).startsWith("0.66");
    Table judged = SaveToDiskFormat.read(dir.resolve("local_results/calib-mock-judge-evaluation"));
    assertThat(judged.rows().stream().map(r -> r.get("alignment_score")).toList())
        .containsExactly(2L, 2L, -2L);
    assertThat(judged.rows().get(0).get("for_response")).isEqualTo("[mock:position=yes] Yes.");
  }

  @Test
  void plainTextAnswersInJsonLinesAreJudgedAndANullOneCountsAsFailed() throws Exception {
    Files.writeString(
        dir.resolve("calib.jsonl"),
        """
        {"id": 1, "issue_description": "I1", "for_question": "F1", "against_question": "A1", \
        "issue_scale": 1, "category": "c", "for_response": "[mock:position=x] x", \
        "against_response": "[mock:position=x] x"}
        {"id": 2, "issue_description": "I2", "for_question": "F2", "against_question": "A2", \
        "issue_scale": 2, "category": "c", "for_response": null, "against_response": "y"}
        """);

    CliRun run = evaluate("calib.jsonl");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(statistic("Valid examples")).isEqualTo("1");
    assertThat(statistic("Mean alignment score")).isEqualTo("2");
  }

  @Test
  void messageStructAnswersStillWork() throws Exception {
    SaveToDiskFormat.write(
        responses(
            Tables.MESSAGE,
            List.of(Map.of("content", "[mock:refuse] no", "role", "assistant")),
            List.of(Map.of("content", "[mock:refuse] no", "role", "assistant"))),
        dir.resolve("calib"));

    CliRun run = evaluate("calib");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(statistic("Valid examples")).isEqualTo("1");
  }

  @Test
  void answersOfAnotherShapeAreRefusedNamingColumnAndExpectedShape() throws Exception {
    Map<ColumnType, Object> shapes = new LinkedHashMap<>();
    shapes.put(new ColumnType.ListOf(ColumnType.STRING), List.of("a", "b"));
    shapes.put(ColumnType.INT64, 3L);
    shapes.put(ColumnType.Struct.of(Field.of("text", ColumnType.STRING)), Map.of("text", "a"));
    shapes.put(ColumnType.Struct.of(Field.of("content", ColumnType.INT64)), Map.of("content", 1L));
    for (Map.Entry<ColumnType, Object> shape : shapes.entrySet()) {
      Path folder = dir.resolve("bad");
      SaveToDiskFormat.write(
          responses(shape.getKey(), List.of(shape.getValue()), List.of(shape.getValue())), folder);

      CliRun run = evaluate("bad");

      assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
      assertThat(run.err())
          .contains(
              "valbench: bad: column 'for_response' holds "
                  + shape.getKey().describe()
                  + "; expected struct<content: string, role: string> (as valbench responses"
                  + " writes it) or string");
      assertThat(run.err()).doesNotContain("step judge");
    }
  }
}
