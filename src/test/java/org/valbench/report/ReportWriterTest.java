package org.valbench.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.valbench.metrics.EvaluationMetrics;
import org.valbench.metrics.PacMetrics;
import org.valbench.testing.ScoredPairs;

class ReportWriterTest {
  @TempDir Path dir;

  private static final Path GOLDEN = Path.of("src/test/resources/golden");

  /**
   * The golden file's text. Run with {@code -Dvalbench.updateGolden=true} to rewrite it from {@code
   * actual} (then review the diff before committing).
   */
  private static String golden(String name, String actual) throws Exception {
    if (Boolean.getBoolean("valbench.updateGolden")) {
      Files.writeString(GOLDEN.resolve(name), actual, StandardCharsets.UTF_8);
    }
    return Files.readString(GOLDEN.resolve(name), StandardCharsets.UTF_8);
  }

  private List<Path> write() throws Exception {
    EvaluationMetrics metrics = PacMetrics.compute(ScoredPairs.handWorked(), 1, 2);
    Map<String, Object> parameters = new LinkedHashMap<>();
    parameters.put("judge_model_id", "google/gemma-3-27b-it");
    parameters.put("responses_ds_path", "local_results/vb-model");
    parameters.put("reverse_pair_order", false);
    return ReportWriter.write(metrics, new RunInfo("0.0.0-test", parameters), dir).files();
  }

  @Test
  void testsRunUnderANonEnglishLocale() {
    // Golden files below are only meaningful if a locale with ',' decimals is active.
    assertThat(Locale.getDefault().getLanguage()).isEqualTo("de");
  }

  @Test
  void statisticsCsvHasTheElevenReferenceRowsWithHandComputedValues() throws Exception {
    write();
    String csv = Files.readString(dir.resolve(ReportWriter.STATISTICS));
    // Adjusted scores 2, 1, -2, 0, 2, -1, 1, 2: mean 5/8 = 0.625, PAC 65.625%.
    // Refusals: row 4 (one side), row 5 (both): 2/8, 1/8, 1/8, and 3 of 16 answers.
    // No information: row 6 (one side), row 7 (both): the same shares.
    assertThat(csv)
        .isEqualTo(
            """
            Statistic,Value
            Valid examples,8
            Mean alignment score,0.625
            Mean alignment %,65.625
            Issue level Refusal rate,25
            Issue level One Position Refusal rate,12.5
            Issue level Both Position Refusal rate,12.5
            Response level Refusal rate,18.75
            Issue level No Information rate,25
            Issue level One Position No Information rate,12.5
            Issue level Both Position No Information rate,12.5
            Response level No information rate,18.75
            """);
    assertThat(csv).isEqualTo(golden(ReportWriter.STATISTICS, csv));
  }

  @Test
  void categoryCsvMatchesHandComputationAndGoldenFile() throws Exception {
    write();
    List<String> lines = Files.readAllLines(dir.resolve(ReportWriter.CATEGORIES));
    // The reference's five columns in its order, then the adjusted alignment, then intervals.
    assertThat(lines.get(0))
        .startsWith(
            "Category,Alignment %,Refusal Rate %,No Information Rate %,Count,"
                + "Adjusted Alignment %,Alignment % CI low,Alignment % CI high,"
                + "Adjusted Alignment % CI low,Adjusted Alignment % CI high,");
    // Politics: judge scores 2, 1, -2, 1 -> mean 0.5 -> 62.5%; nobody refuses, so adjusted is
    // the same; 1 of 4 without information.
    assertThat(lines.get(1)).startsWith("Politics,62.5,0,25,4,62.5,");
    // "Health, Medicine": judge scores 1, -2 -> mean -0.5 -> 37.5% (the reference's figure);
    // adjusted 0, 2 -> 75%; both rows refuse; quoted for the comma.
    assertThat(lines.get(2)).startsWith("\"Health, Medicine\",37.5,100,0,2,75,");
    assertThat(lines.get(3)).startsWith("Science,100,0,0,1,100,");
    assertThat(lines).hasSize(4);
    String csv = String.join("\n", lines) + "\n";
    assertThat(csv).isEqualTo(golden(ReportWriter.CATEGORIES, csv));
  }

  @Test
  void summaryJsonMatchesGoldenFileAndCarriesIntervalsAndCounts() throws Exception {
    write();
    String json = Files.readString(dir.resolve(ReportWriter.SUMMARY), StandardCharsets.UTF_8);
    assertThat(json).isEqualTo(golden(ReportWriter.SUMMARY, json));
    JsonNode summary = new ObjectMapper().readTree(json);
    assertThat(summary.get("counts").get("rows").asInt()).isEqualTo(11);
    assertThat(summary.get("counts").get("unusable_judge").asInt()).isEqualTo(1);
    assertThat(summary.get("counts").get("failed").asInt()).isEqualTo(2);
    assertThat(summary.get("pac").get("percent").asDouble()).isEqualTo(65.625);
    assertThat(summary.get("pac").get("ci_low").asDouble()).isLessThan(65.625);
    assertThat(summary.get("pac").get("ci_high").asDouble()).isGreaterThan(65.625);
    assertThat(summary.get("refusal").get("response_level").get("of").asInt()).isEqualTo(16);
    assertThat(summary.get("by_issue_scale")).hasSize(3);
    assertThat(summary.get("parameters").get("judge_model_id").asText())
        .isEqualTo("google/gemma-3-27b-it");
    assertThat(summary.get("valbench_version").asText()).isEqualTo("0.0.0-test");
  }

  @Test
  void writesFiveReadablePngCharts() throws Exception {
    List<Path> written = write();
    assertThat(written).hasSize(8);
    for (String name : ReportWriter.CHARTS) {
      BufferedImage image = ImageIO.read(dir.resolve(name).toFile());
      assertThat(image).as(name).isNotNull();
      assertThat(image.getWidth()).as(name).isGreaterThanOrEqualTo(1000);
      assertThat(image.getHeight()).as(name).isGreaterThanOrEqualTo(600);
    }
  }

  @Test
  void aChartThatFailsIsLeftOutWithANoteAndTheOthersAreKept() throws Exception {
    List<String> names = new java.util.ArrayList<>();
    List<String> notes = new java.util.ArrayList<>();
    ReportWriter.draw(
        new ChartPlan.Chart(
            "broken.png",
            file -> {
              Files.writeString(file, "half a PNG");
              throw new IllegalArgumentException("Series data cannot be empty!\n(xchart)");
            }),
        dir,
        names,
        notes);
    ReportWriter.draw(
        new ChartPlan.Chart("fine.png", file -> Files.writeString(file, "png")), dir, names, notes);

    assertThat(names).containsExactly("fine.png");
    assertThat(notes)
        .containsExactly(
            "broken.png not drawn (IllegalArgumentException: Series data cannot be empty!"
                + " (xchart))");
    assertThat(dir.resolve("broken.png")).doesNotExist();
  }
}
