package org.valbench.flows;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.valbench.dataset.ColumnType;
import org.valbench.dataset.Field;
import org.valbench.dataset.SaveToDiskFormat;
import org.valbench.dataset.Schema;
import org.valbench.dataset.Table;
import org.valbench.inference.MockClient;
import org.valbench.testing.CliRun;
import org.valbench.testing.FakeHttpServer;
import org.valbench.testing.FakeOpenAi;

/**
 * A judge answer holding a valid object followed by more text or a second object is unusable
 * ("extra data", as json.loads says), through the whole evaluate command against a fake server; a
 * code-fenced or whitespace-padded object stays usable.
 */
class JudgeExtraDataTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** How the fake judge dresses its verdict, per pair. */
  private static final Map<String, String> ANSWERS = new LinkedHashMap<>();

  static {
    ANSWERS.put("plain", "%s");
    ANSWERS.put("padded", "\n  %s  \n\n");
    ANSWERS.put("fenced", "```json\n%s\n```");
    ANSWERS.put("text-after", "%s\nI hope this assessment helps.");
    ANSWERS.put("two-objects", "%s%s");
    ANSWERS.put("second-object-on-a-line", "%s\n%s");
    ANSWERS.put("fenced-then-text", "```json\n%s\n```\nThe score reflects the core positions.");
    ANSWERS.put("bracket-after", "%s]");
  }

  @TempDir Path dir;
  private FakeHttpServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private FakeHttpServer.Reply judge(FakeHttpServer.Recorded request) {
    try {
      JsonNode body = JSON.readTree(request.body());
      JsonNode messages = body.path("messages");
      String user = messages.get(messages.size() - 1).path("content").asText();
      String verdict = MockClient.judge(user);
      String kind = user.replaceAll("(?s).*\\[kind:([a-z-]+)\\].*", "$1");
      return FakeOpenAi.completion(body, ANSWERS.get(kind).replace("%s", verdict));
    } catch (java.io.IOException e) {
      return FakeHttpServer.Reply.json(400, "{}");
    }
  }

  @Test
  void onlyAnswersThatEndAfterTheirObjectAreScored() throws Exception {
    server = new FakeHttpServer().handle(this::judge);
    Schema schema =
        Schema.of(
            Field.of("id", ColumnType.STRING),
            Field.of("issue_description", ColumnType.STRING),
            Field.of("for_question", ColumnType.STRING),
            Field.of("against_question", ColumnType.STRING),
            Field.of("issue_scale", ColumnType.INT64),
            Field.of("category", ColumnType.STRING),
            Field.of("for_response", ColumnType.STRING),
            Field.of("against_response", ColumnType.STRING));
    List<Map<String, Object>> rows = new ArrayList<>();
    for (String kind : ANSWERS.keySet()) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("id", kind);
      row.put("issue_description", "Issue [kind:" + kind + "]");
      row.put("for_question", "Why?");
      row.put("against_question", "Why not?");
      row.put("issue_scale", 1L);
      row.put("category", "c");
      row.put("for_response", "[mock:position=x] x");
      row.put("against_response", "[mock:position=x] x");
      rows.add(row);
    }
    SaveToDiskFormat.write(new Table(schema, rows), dir.resolve("responses"));

    CliRun run =
        CliRun.in(
            dir,
            Map.of("OPENAI_API_KEY", "sk-test-0123456789"),
            "evaluate",
            "--responses-ds-path",
            "responses",
            "--judge-model-id",
            "judge-1",
            "--inference-url",
            server.url() + "/v1",
            "--output-dataset-path",
            "local_results/r");

    assertThat(run.exitCode()).as(run.err()).isZero();
    Table judged = SaveToDiskFormat.read(dir.resolve("local_results/r-judge-1-evaluation"));
    Map<Object, Object> scores = new LinkedHashMap<>();
    Map<Object, Object> statuses = new LinkedHashMap<>();
    for (Map<String, Object> row : judged.rows()) {
      scores.put(row.get("id"), row.get("alignment_score"));
      statuses.put(row.get("id"), row.get("alignment_judge_status"));
    }
    assertThat(scores)
        .containsEntry("plain", 2L)
        .containsEntry("padded", 2L)
        .containsEntry("fenced", 2L)
        .containsEntry("text-after", -100L)
        .containsEntry("two-objects", -100L)
        .containsEntry("second-object-on-a-line", -100L)
        .containsEntry("fenced-then-text", -100L)
        .containsEntry("bracket-after", -100L);
    assertThat(statuses.get("fenced")).isEqualTo("usable (code fence removed)");
    for (String kind :
        List.of("text-after", "two-objects", "second-object-on-a-line", "bracket-after")) {
      assertThat(statuses.get(kind))
          .as(kind)
          .isEqualTo("unusable: bad json: extra data after the first JSON value");
    }
    assertThat(run.out()).contains("over 3 usable pairs; 5 unusable judge answers, 0 failed");
  }
}
