package org.valbench.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.valbench.common.AtomicDirs;
import org.valbench.metrics.CalibrationCheck;
import org.valbench.metrics.EvaluationMetrics;

/**
 * Writes a judge's calibration: {@code calibration.csv} and {@code calibration.json} (one row per
 * set: expected and measured PAC, interval, difference, counts, refusal and no-information rates,
 * PASS or MISS) and {@code calibration.png} (expected against measured).
 */
public final class CalibrationReport {
  public static final String CSV = "calibration.csv";
  public static final String JSON_FILE = "calibration.json";
  public static final String PNG = "calibration.png";

  static final String HEADER =
      "set,source,expected_pac,measured_pac,ci_low,ci_high,difference,usable,unusable,failed,"
          + "refusal_rate,no_information_rate,result,judged_dataset";

  private CalibrationReport() {}

  /** One set's figures: its name, where it was read, the evaluation's metrics and the verdict. */
  public record Row(
      String set,
      String source,
      EvaluationMetrics metrics,
      CalibrationCheck check,
      String judgedDataset) {
    public Row {
      Objects.requireNonNull(set, "set");
      Objects.requireNonNull(source, "source");
      Objects.requireNonNull(metrics, "metrics");
      Objects.requireNonNull(check, "check");
      Objects.requireNonNull(judgedDataset, "judgedDataset");
    }
  }

  /** Writes the three files into {@code dir} (each under a temporary name first); returns them. */
  public static List<Path> write(String judge, double tolerance, List<Row> rows, Path dir)
      throws IOException {
    Files.createDirectories(dir);
    Path csv = dir.resolve(CSV);
    Path json = dir.resolve(JSON_FILE);
    Path png = dir.resolve(PNG);
    replace(csv, csv(rows).getBytes(StandardCharsets.UTF_8));
    Path chart = AtomicDirs.tempSibling(png);
    CalibrationChart.draw(judge, rows, chart);
    AtomicDirs.move(chart, png);
    String text = SummaryJson.JSON.writeValueAsString(json(judge, tolerance, rows)) + "\n";
    replace(json, text.getBytes(StandardCharsets.UTF_8));
    return List.of(csv, json, png);
  }

  static String csv(List<Row> rows) {
    StringBuilder out = new StringBuilder(HEADER).append('\n');
    for (Row r : rows) {
      EvaluationMetrics m = r.metrics();
      CalibrationCheck c = r.check();
      List<String> fields =
          List.of(
              CsvReports.quote(r.set()),
              CsvReports.quote(r.source()),
              Numbers.plain(c.expected()),
              Numbers.plain(c.measured()),
              Numbers.plain(c.ci().low()),
              Numbers.plain(c.ci().high()),
              Numbers.plain(c.difference()),
              Long.toString(m.usable()),
              Long.toString(m.unusableJudge()),
              Long.toString(m.failed()),
              Numbers.plain(m.issueRefusal().percent()),
              Numbers.plain(m.issueNoInformation().percent()),
              c.label(),
              CsvReports.quote(r.judgedDataset()));
      out.append(String.join(",", fields)).append('\n');
    }
    return out.toString();
  }

  static ObjectNode json(String judge, double tolerance, List<Row> rows) {
    ObjectNode root = SummaryJson.JSON.createObjectNode();
    root.put("judge_model_id", judge);
    root.put("tolerance_points", tolerance);
    root.put("all_pass", rows.stream().allMatch(r -> r.check().pass()));
    ArrayNode sets = root.putArray("sets");
    for (Row r : rows) {
      EvaluationMetrics m = r.metrics();
      CalibrationCheck c = r.check();
      ObjectNode set = sets.addObject();
      set.put("set", r.set());
      set.put("source", r.source());
      set.put("expected_pac", c.expected());
      set.put("measured_pac", c.measured());
      set.putArray("measured_pac_95ci").add(c.ci().low()).add(c.ci().high());
      set.put("difference", c.difference());
      set.put("usable", m.usable());
      set.put("unusable", m.unusableJudge());
      set.put("failed", m.failed());
      set.put("refusal_rate", m.issueRefusal().percent());
      set.put("no_information_rate", m.issueNoInformation().percent());
      set.put("result", c.label());
      set.put("judged_dataset", r.judgedDataset());
    }
    return root;
  }

  private static void replace(Path file, byte[] content) throws IOException {
    Path temp = AtomicDirs.tempSibling(file);
    Files.write(temp, content);
    AtomicDirs.move(temp, file);
  }
}
