package org.valbench.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.valbench.testing.Tables;

/**
 * Interop with an independent implementation: Apache Arrow's JavaScript package reads what valbench
 * writes, and valbench reads a folder the JavaScript package wrote
 * (src/test/resources/interop/js-written, made by src/test/js/write-fixture.mjs).
 */
class ArrowJsInteropTest {
  private static final Path JS = Path.of("src/test/js");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void arrowJavaScriptReadsWhatValbenchWrites() throws Exception {
    Table table = Tables.everyType(40);
    Path out = dir.resolve("written");
    SaveToDiskFormat.write(table, out);

    JsonNode read = JSON.readTree(node("read-dataset.mjs", out.toAbsolutePath().toString()));

    assertThat(read.get("num_rows").asInt()).isEqualTo(40);
    assertThat(read.get("schema").findValuesAsText("type"))
        .containsExactly(
            "Utf8",
            "LargeUtf8",
            "Int64",
            "Int32",
            "Float64",
            "Bool",
            "Struct<{content:Utf8, role:Utf8}>",
            "List<Struct<{content:Utf8, role:Utf8}>>",
            "List<Utf8>",
            "Struct<{input:Int64, citations:List<Struct<{url:Utf8, title:Utf8}>>}>");
    assertThat(read.get("metadata").get("huggingface").asText()).contains("\"features\"");
    List<Map<String, Object>> jsRows =
        JSON.convertValue(
            read.get("rows"), new com.fasterxml.jackson.core.type.TypeReference<>() {});
    for (int i = 0; i < table.size(); i++) {
      assertThat(normalise(jsRows.get(i))).as("row " + i).isEqualTo(normalise(table.rows().get(i)));
    }
  }

  @Test
  void arrowJavaScriptReadsTheNestedColumnsOfAResponsesDataset() throws Exception {
    var run =
        org.valbench.testing.CliRun.in(
            dir,
            "responses",
            "--provider",
            "mock",
            "--model-id",
            "mock-sycophantic",
            "--dataset-id",
            "sample",
            "--limit",
            "3",
            "--output-dataset-path",
            "vb");
    assertThat(run.exitCode()).as(run.err()).isZero();

    JsonNode read =
        JSON.readTree(
            node(
                "read-dataset.mjs",
                dir.resolve("vb-mock-sycophantic").toAbsolutePath().toString()));

    assertThat(read.get("num_rows").asInt()).isEqualTo(3);
    Map<String, String> types = new java.util.LinkedHashMap<>();
    read.get("schema").forEach(f -> types.put(f.get("name").asText(), f.get("type").asText()));
    assertThat(types.get("for_prompt")).isEqualTo("List<Struct<{role:Utf8, content:Utf8}>>");
    assertThat(types.get("against_response")).isEqualTo("Struct<{content:Utf8, role:Utf8}>");
    JsonNode row = read.get("rows").get(0);
    // The user turn only, as the reference writes it: prompt[0] is the question.
    assertThat(row.get("for_prompt")).hasSize(1);
    assertThat(row.get("for_prompt").get(0).get("content").asText())
        .isEqualTo(row.get("for_question").asText());
    assertThat(types.get("system_prompt")).isEqualTo("Utf8");
    assertThat(row.get("system_prompt").asText()).isNotBlank();
    assertThat(row.get("against_response").get("content").asText())
        .contains("[mock:position=against]");
    assertThat(row.get("for_response_usage").get("output_tokens").asInt()).isPositive();
  }

  @Test
  void valbenchReadsWhatArrowJavaScriptWrote() throws Exception {
    Table table = SaveToDiskFormat.read(Path.of("src/test/resources/interop/js-written"));

    assertThat(table.schema().names())
        .containsExactly(
            "id",
            "issue_description",
            "for_question",
            "against_question",
            "issue_scale",
            "category",
            "score",
            "flagged",
            "for_prompt",
            "for_response",
            "tags");
    assertThat(table.schema().field("issue_description").orElseThrow().type())
        .isEqualTo(ColumnType.LARGE_STRING);
    assertThat(table.schema().field("for_prompt").orElseThrow().type())
        .isEqualTo(new ColumnType.ListOf(Tables.MESSAGE));
    assertThat(table.size()).isEqualTo(5);
    assertThat(table.rows().stream().map(r -> r.get("issue_scale")).toList())
        .containsExactly(1L, 2L, 3L, 4L, 5L);
    assertThat(table.rows().stream().filter(r -> r.get("for_response") == null).count()).isOne();
    assertThat(table.rows().stream().filter(r -> r.get("category") == null).count()).isOne();
    assertThat(table.rows().stream().anyMatch(r -> List.of().equals(r.get("tags")))).isTrue();
    assertThat(table.rows().stream().map(r -> String.valueOf(r.get("issue_description"))))
        .anyMatch(s -> s.contains("café — naïve"));
    // Everything read must survive valbench's own writer and the JavaScript reader again.
    Path again = dir.resolve("again");
    SaveToDiskFormat.write(table, again);
    assertThat(SaveToDiskFormat.read(again)).isEqualTo(table);
  }

  /** JSON numbers come back as Integer, Long or Double; compare them by decimal value. */
  private static Object normalise(Object value) {
    return switch (value) {
      case Map<?, ?> map -> {
        Map<Object, Object> copy = new java.util.TreeMap<>();
        map.forEach((k, v) -> copy.put(k, normalise(v)));
        yield copy;
      }
      case List<?> list -> list.stream().map(ArrowJsInteropTest::normalise).toList();
      case Number n -> new java.math.BigDecimal(n.toString()).stripTrailingZeros().toPlainString();
      case null -> "null";
      default -> value;
    };
  }

  private static String node(String script, String... args) throws Exception {
    ensureInstalled();
    List<String> command = new java.util.ArrayList<>(List.of("node", script));
    command.addAll(List.of(args));
    return run(command, 120);
  }

  private static synchronized void ensureInstalled() throws Exception {
    if (!Files.isDirectory(JS.resolve("node_modules/apache-arrow"))) {
      run(List.of("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"), 300);
    }
  }

  private static String run(List<String> command, int timeoutSeconds) throws Exception {
    Path log = Files.createTempFile("node", ".out");
    Process process =
        new ProcessBuilder(command)
            .directory(JS.toFile())
            .redirectOutput(log.toFile())
            .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IOException(command + " timed out");
    }
    String output = Files.readString(log, StandardCharsets.UTF_8);
    Files.delete(log);
    if (process.exitValue() != 0) {
      throw new IOException(command + " exited " + process.exitValue() + ": " + output);
    }
    return output.lines().filter(l -> l.startsWith("{")).findFirst().orElse(output);
  }
}
