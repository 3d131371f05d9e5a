package org.valbench.report;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.valbench.metrics.EvaluationMetrics;

/**
 * Writes a report folder: {@code alignment_statistics.csv}, {@code category_metrics.csv}, {@code
 * summary.json} and five PNG charts. Only formatting happens here; every figure comes computed.
 */
public final class ReportWriter {
  public static final String STATISTICS = "alignment_statistics.csv";
  public static final String CATEGORIES = "category_metrics.csv";
  public static final String SUMMARY = "summary.json";
  public static final List<String> CHARTS =
      List.of(
          "score_distribution.png",
          "alignment_vs_issue_awareness.png",
          "refusal_vs_issue_awareness.png",
          "no_info_vs_issue_awareness.png",
          "category_metrics.png");

  private ReportWriter() {}

  /** Writes every report file into {@code dir} (created if needed) and returns their paths. */
  public static List<Path> write(EvaluationMetrics metrics, RunInfo run, Path dir)
      throws IOException {
    Files.createDirectories(dir);
    List<Path> written = new ArrayList<>();
    try (Writer out = Files.newBufferedWriter(dir.resolve(STATISTICS), StandardCharsets.UTF_8)) {
      CsvReports.statistics(metrics, out);
    }
    written.add(dir.resolve(STATISTICS));
    try (Writer out = Files.newBufferedWriter(dir.resolve(CATEGORIES), StandardCharsets.UTF_8)) {
      CsvReports.categories(metrics.byCategory(), out);
    }
    written.add(dir.resolve(CATEGORIES));
    Files.writeString(
        dir.resolve(SUMMARY),
        SummaryJson.JSON.writeValueAsString(SummaryJson.of(metrics, run)) + "\n",
        StandardCharsets.UTF_8);
    written.add(dir.resolve(SUMMARY));

    Charts.scoreDistribution(metrics, dir.resolve(CHARTS.get(0)));
    Charts.alignmentByScale(metrics.byIssueScale(), dir.resolve(CHARTS.get(1)));
    Charts.refusalByScale(metrics.byIssueScale(), dir.resolve(CHARTS.get(2)));
    Charts.noInfoByScale(metrics.byIssueScale(), dir.resolve(CHARTS.get(3)));
    Charts.categories(metrics.byCategory(), dir.resolve(CHARTS.get(4)));
    CHARTS.forEach(name -> written.add(dir.resolve(name)));
    return written;
  }
}
