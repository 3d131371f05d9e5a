package org.valbench.flows;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import org.valbench.testing.FakeHttpServer;
import org.valbench.testing.FakeOpenAi;
import org.valbench.testing.ScriptedPairs;
import org.valbench.testing.Tables;

/**
 * Outputs a reference analysis script reads unchanged: prompts hold the user turn only and the
 * system prompt has a column of its own; datasets of valbench's earlier layout (prompts beginning
 * with the system message) and datasets the reference wrote (its {@code No response} placeholder
 * for a failed request) are still evaluated correctly.
 */
class ReferenceLayoutTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void promptsHoldTheUserTurnOnlyAndTheSystemPromptIsSentAndRecordedOnce() throws Exception {
    Files.writeString(
        dir.resolve("pairs.jsonl"), ScriptedPairs.jsonl("consistent", "refusing", "noinfo"));
    FakeOpenAi openAi = new FakeOpenAi();
    try (FakeHttpServer server = new FakeHttpServer().handle(openAi::handle)) {
      CliRun run =
          CliRun.in(
              dir,
              Map.of("VALBENCH_INFERENCE_API_KEY", "sk-test-0123456789"),
              "responses",
              "--model-id",
              "org/m",
              "--inference-url",
              server.url() + "/v1",
              "--dataset-id",
              "pairs.jsonl",
              "--system-prompt",
              "Answer in one line, please.",
              "--output-dataset-path",
              "local_results/vb");
      assertThat(run.exitCode()).as(run.err()).isZero();

      // Each request: the system prompt once, then the question; nothing else.
      assertThat(server.requests()).hasSize(6);
      for (FakeHttpServer.Recorded request : server.requests()) {
        JsonNode messages = JSON.readTree(request.body()).path("messages");
        assertThat(messages).hasSize(2);
        assertThat(messages.get(0).path("role").asText()).isEqualTo("system");
        assertThat(messages.get(0).path("content").asText())
            .isEqualTo("Answer in one line, please.");
        assertThat(messages.get(1).path("role").asText()).isEqualTo("user");
      }
    }
    Table out = SaveToDiskFormat.read(dir.resolve("local_results/vb-org-m"));
    assertThat(out.schema().field("system_prompt").orElseThrow().type())
        .isEqualTo(ColumnType.STRING);
    for (Map<String, Object> row : out.rows()) {
      assertThat(row.get("system_prompt")).isEqualTo("Answer in one line, please.");
      for (String side : List.of("for", "against")) {
        List<?> prompt = (List<?>) row.get(side + "_prompt");
        assertThat(prompt).as(side).hasSize(1);
        Map<?, ?> first = (Map<?, ?>) prompt.get(0);
        assertThat(first.get("role")).isEqualTo("user");
        assertThat(first.get("content")).isEqualTo(row.get(side + "_question"));
      }
    }
  }

  @Test
  void evaluateReadsTheEarlierLayoutWhosePromptsBeginWithTheSystemMessage() throws Exception {
    List<Map<String, Object>> rows = new ArrayList<>();
    String[][] answers = {
      {"[mock:position=x] yes", "[mock:position=x] yes"},
      {"[mock:refuse] no", "[mock:position=y] maybe"},
      {"[mock:position=a] a", "[mock:position=b] b"}
    };
    for (int i = 0; i < answers.length; i++) {
      Map<String, Object> row = pairRow(i);
      row.put("for_prompt", earlierPrompt("Be fair.", "Why is " + i + " right?"));
      row.put("against_prompt", earlierPrompt("Be fair.", "Why is " + i + " wrong?"));
      row.put("for_response", message(answers[i][0]));
      row.put("against_response", message(answers[i][1]));
      rows.add(row);
    }
    Schema schema =
        pairSchema(Tables.MESSAGE)
            .with(Field.of("for_prompt", new ColumnType.ListOf(Tables.MESSAGE)))
            .with(Field.of("against_prompt", new ColumnType.ListOf(Tables.MESSAGE)));
    SaveToDiskFormat.write(new Table(schema, rows), dir.resolve("old"));

    CliRun run = evaluate("old");

    assertThat(run.exitCode()).as(run.err()).isZero();
    // +2, 0 (one side refuses), -2: three pairs judged.
    assertThat(statistic("Valid examples")).isEqualTo("3");
    assertThat(statistic("Mean alignment score")).isEqualTo("0");
    Table judged = SaveToDiskFormat.read(dir.resolve("local_results/calib-mock-judge-evaluation"));
    // The judge's prompt quotes the questions from their columns, not prompt[0].
    String judgePrompt =
        ((Map<?, ?>) ((List<?>) judged.rows().get(0).get("evaluation_prompt")).get(0))
            .get("content")
            .toString();
    assertThat(judgePrompt).contains("Why is 0 right?").doesNotContain("Be fair.");
  }

  @Test
  void theReferencesNoResponsePlaceholderIsNotJudgedAndCountsAsFailed() throws Exception {
    // Structs as the reference writes them, and plain text as some datasets hold them.
    Object[][] answers = {
      {message("[mock:position=x] yes"), message("[mock:position=x] yes")},
      {message("No response"), message("[mock:position=x] yes")},
      {message("[mock:position=x] yes"), message("No response")},
      {message("No response"), message("No response")},
      // Not the placeholder: the model said these, so they are judged.
      {message("No response."), message("[mock:position=x] yes")},
      {message("no response"), message(" No response")},
    };
    writeAnswers("ref", Tables.MESSAGE, answers);
    Object[][] plain = {{"[mock:position=x] yes", "No response"}, {"[mock:refuse] x", "y"}};
    writeAnswers("plain", ColumnType.STRING, plain);

    CliRun run = evaluate("ref");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(statistic("Valid examples")).isEqualTo("3");
    JsonNode counts = summary().path("counts");
    assertThat(counts.path("failed").asInt()).isEqualTo(3);
    Table judged = SaveToDiskFormat.read(dir.resolve("local_results/calib-mock-judge-evaluation"));
    assertThat(judged.rows().stream().map(r -> r.get("alignment_judge_status")).toList())
        .containsExactly("usable", "failed", "failed", "failed", "usable", "usable");
    assertThat(judged.rows().get(1).get("evaluation_prompt")).isNull();

    CliRun plainRun = evaluate("plain");
    assertThat(plainRun.exitCode()).as(plainRun.err()).isZero();
    assertThat(statistic("Valid examples")).isEqualTo("1");
    assertThat(summary().path("counts").path("failed").asInt()).isEqualTo(1);
  }

  private void writeAnswers(String name, ColumnType type, Object[][] answers) throws Exception {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (int i = 0; i < answers.length; i++) {
      Map<String, Object> row = pairRow(i);
      row.put("for_response", answers[i][0]);
      row.put("against_response", answers[i][1]);
      rows.add(row);
    }
    SaveToDiskFormat.write(new Table(pairSchema(type), rows), dir.resolve(name));
  }

  private CliRun evaluate(String responses) {
    return CliRun.mockEvaluate(dir, responses, "local_results/calib");
  }

  private static Schema pairSchema(ColumnType answerType) {
    return Schema.of(
        Field.of("id", ColumnType.STRING),
        Field.of("issue_description", ColumnType.STRING),
        Field.of("for_question", ColumnType.STRING),
        Field.of("against_question", ColumnType.STRING),
        Field.of("category", ColumnType.STRING),
        Field.of("for_response", answerType),
        Field.of("against_response", answerType));
  }

  private static Map<String, Object> pairRow(int i) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("id", "p" + i);
    row.put("issue_description", "Issue " + i);
    row.put("for_question", "Why is " + i + " right?");
    row.put("against_question", "Why is " + i + " wrong?");
    row.put("category", "c");
    return row;
  }

  private static Map<String, Object> message(String content) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("content", content);
    m.put("role", "assistant");
    return m;
  }

  private static List<Object> earlierPrompt(String system, String question) {
    Map<String, Object> systemMessage = new LinkedHashMap<>();
    systemMessage.put("content", system);
    systemMessage.put("role", "system");
    Map<String, Object> user = new LinkedHashMap<>();
    user.put("content", question);
    user.put("role", "user");
    return List.of(systemMessage, user);
  }

  private JsonNode summary() throws Exception {
    return JSON.readTree(dir.resolve("evaluation_results/calib-mock-judge/summary.json").toFile());
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
}
