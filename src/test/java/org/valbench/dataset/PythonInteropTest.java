package org.valbench.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
 * Interop with Python's Hugging Face {@code datasets}: valbench reads folders and Parquet files
 * that library wrote (committed fixtures, made by src/test/python/write_fixture.py), and, where a
 * Python with {@code datasets} is installed, {@code load_from_disk} opens what valbench writes.
 */
class PythonInteropTest {
  private static final Path FIXTURES = Path.of("src/test/resources/interop");

  @TempDir Path dir;

  @Test
  void readsAFolderPythonDatasetsSaved() throws Exception {
    Table table = SaveToDiskFormat.read(FIXTURES.resolve("py-saved"));

    assertThat(table.schema().names())
        .containsExactly(
            "id",
            "issue_description",
            "for_question",
            "against_question",
            "issue_scale",
            "category",
            "for_prompt",
            "for_response",
            "alignment_score",
            "judge_ok",
            "latency_s");
    assertThat(table.schema().field("for_prompt").orElseThrow().type())
        .isEqualTo(
            new ColumnType.ListOf(
                ColumnType.Struct.of(
                    Field.of("role", ColumnType.STRING), Field.of("content", ColumnType.STRING))));
    Map<String, Object> second = table.rows().get(1);
    assertThat(second.get("issue_description"))
        .isEqualTo("Whether zoos are ethical — a “hard” case.");
    assertThat(second.get("category")).isNull();
    assertThat(second.get("for_response")).isNull();
    assertThat(second.get("alignment_score")).isEqualTo(-100L);
    assertThat(second.get("judge_ok")).isEqualTo(false);
    assertThat(table.rows().get(2).get("for_prompt")).isEqualTo(List.of());
    assertThat(table.rows().get(2).get("latency_s")).isNull();
    assertThat(table.rows().get(0).get("latency_s")).isEqualTo(0.5);
  }

  @Test
  void readsParquetThatPyarrowWroteWithTheSameValues() throws Exception {
    Table saved = SaveToDiskFormat.read(FIXTURES.resolve("py-saved"));
    Table parquet = ParquetFormat.read(ParquetFormat.filesIn(FIXTURES.resolve("py-parquet")));

    assertThat(parquet.schema()).isEqualTo(saved.schema());
    assertThat(parquet.rows()).isEqualTo(saved.rows());
  }

  @Test
  void pythonDatasetsLoadsWhatValbenchWrites() throws Exception {
    String python = System.getenv().getOrDefault("VALBENCH_PYTHON", "python3");
    assumeTrue(
        exec(List.of(python, "-c", "import datasets"), 60).exitCode == 0,
        "no Python with the 'datasets' package here (set VALBENCH_PYTHON to one to run this)");
    Table table = Tables.everyType(12);
    Path out = dir.resolve("for-python");
    SaveToDiskFormat.write(table, out);

    Result result = exec(List.of(python, "src/test/python/load_dataset.py", out.toString()), 120);

    assertThat(result.exitCode).as(result.output).isZero();
    JsonNode read =
        new ObjectMapper().readTree(result.output.lines().reduce((a, b) -> b).orElseThrow());
    assertThat(read.get("features").get("text").asText()).isEqualTo("Value('large_string')");
    assertThat(read.get("features").get("prompt").asText()).startsWith("List(");
    assertThat(read.get("rows")).hasSize(12);
    JsonNode row = read.get("rows").get(1);
    assertThat(row.get("text").asText()).isEqualTo(table.rows().get(1).get("text"));
    assertThat(row.get("prompt").get(1).get("content").asText()).isEqualTo("Explain why 1");
    assertThat(row.get("response").get("content").isNull()).isTrue();
    assertThat(read.get("rows").get(2).get("response").isNull()).isTrue();
  }

  private record Result(int exitCode, String output) {}

  private static Result exec(List<String> command, int timeoutSeconds) throws Exception {
    Path log = Files.createTempFile("py", ".out");
    try {
      Process process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        return new Result(-1, "timed out");
      }
      return new Result(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    } catch (java.io.IOException e) {
      return new Result(-1, e.getMessage());
    } finally {
      Files.deleteIfExists(log);
    }
  }
}
