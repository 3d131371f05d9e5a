package org.valbench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.valbench.testing.CliRun;

/**
 * A URL other than {@code s3://} ({@code s3a://}, {@code gs://}, {@code https://}, {@code hf://},
 * {@code file://}) given as a dataset or output location never becomes a local folder named after
 * its scheme: every location flag refuses it with one line, exit 2, before anything is fetched,
 * sent or written. ({@code s3://} itself is tested in {@link S3PathsTest}.)
 */
class UrlLocationsTest {
  @TempDir Path dir;
  @TempDir Path cache;

  /** The reference files would come from a port nobody listens on: a fetch would exit 5, not 2. */
  private CliRun run(String... args) {
    return CliRun.in(
        dir,
        Map.of(
            "VALBENCH_REFERENCE_URL",
            "http://127.0.0.1:9/ref",
            "VALBENCH_HUB_CACHE",
            cache.toString()),
        args);
  }

  private void assertRefused(CliRun run, String flag, String value) throws IOException {
    assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
    List<String> lines = run.err().strip().lines().toList();
    String last = lines.get(lines.size() - 1);
    assertThat(last).startsWith("valbench: " + flag + " '" + value + "'").contains("not supported");
    assertThat(run.err()).doesNotContain("Exception").doesNotContain("unexpected");
    try (Stream<Path> written = Files.walk(dir)) {
      assertThat(written.filter(p -> !p.equals(dir)).toList()).as("nothing written").isEmpty();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"s3a://bucket/runs/vb", "gs://b/vb", "https://example.org/vb"})
  void responsesOutputUrlIsRefusedBeforeAnything(String url) throws IOException {
    CliRun result =
        run("responses", "--model-id", "m", "--provider", "mock", "--output-dataset-path", url);
    assertRefused(result, "--output-dataset-path", url);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"gs://bucket/pairs", "https://example.org/pairs.parquet", "hf://datasets/a/b"})
  void responsesDatasetIdUrlIsRefusedBeforeAnything(String url) throws IOException {
    CliRun result =
        run(
            "responses",
            "--model-id",
            "m",
            "--provider",
            "mock",
            "--dataset-id",
            url,
            "--output-dataset-path",
            "local_results/vb");
    assertRefused(result, "--dataset-id", url);
  }

  @ParameterizedTest
  @ValueSource(strings = {"gs://bucket/vb-m", "https://example.org/vb-m", "file:///tmp/vb-m"})
  void evaluateResponsesUrlIsRefusedBeforeAnything(String url) throws IOException {
    CliRun result =
        run(
            "evaluate",
            "--responses-ds-path",
            url,
            "--provider",
            "mock",
            "--output-dataset-path",
            "local_results/vb");
    assertRefused(result, "--responses-ds-path", url);
  }

  @Test
  void evaluateJudgedAndOutputUrlsAreRefusedBeforeAnything() throws IOException {
    Files.createDirectories(dir.resolve("r"));
    CliRun judged =
        run(
            "evaluate",
            "--responses-ds-path",
            "r",
            "--eval-output-ds-path",
            "gs://b/j",
            "--output-dataset-path",
            "local_results/vb");
    Files.delete(dir.resolve("r"));
    assertRefused(judged, "--eval-output-ds-path", "gs://b/j");
    CliRun output =
        run(
            "evaluate",
            "--responses-ds-path",
            "r",
            "--provider",
            "mock",
            "--output-dataset-path",
            "gs://b/runs/vb");
    assertRefused(output, "--output-dataset-path", "gs://b/runs/vb");
  }

  @Test
  void demoOutputUrlIsRefused() throws IOException {
    CliRun result = run("demo", "--output-dataset-path", "gs://bucket/try");
    assertRefused(result, "--output-dataset-path", "gs://bucket/try");
  }
}
