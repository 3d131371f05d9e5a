package org.valbench.flows;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.valbench.common.StorageException;
import org.valbench.inference.Stop;
import org.valbench.metrics.CalibrationCheck;
import org.valbench.report.CalibrationReport;

/**
 * {@code valbench calibrate}: judges each calibration set with {@link EvaluateFlow} (the same
 * cached steps, so a rerun sends nothing), checks each measured PAC against the set's expected PAC,
 * and writes the calibration table and chart beside the per-set judged datasets.
 */
public final class CalibrateFlow {
  private final FlowContext context;
  private final String version;

  public CalibrateFlow(FlowContext context, String version) {
    this.context = context;
    this.version = version;
  }

  /** The per-set rows, where the calibration went, and the judge's failed requests. */
  public record Outputs(
      List<CalibrationReport.Row> rows,
      Path dir,
      List<Path> files,
      long failedRequests,
      List<Stop> stops) {
    public Outputs {
      rows = List.copyOf(rows);
      files = List.copyOf(files);
      stops = List.copyOf(stops);
    }

    /** True when every set passed. */
    public boolean allPass() {
      return rows.stream().allMatch(r -> r.check().pass());
    }

    /** The sets that missed. */
    public List<CalibrationReport.Row> misses() {
      return rows.stream().filter(r -> !r.check().pass()).toList();
    }
  }

  public Outputs run(CalibrateSettings settings) throws Exception {
    OutputNames.checkText("--judge-model-id", settings.judgeModelId());
    settings.output().ifPresent(dir -> OutputNames.checkLocal("--output-dir", dir));
    List<CalibrationReport.Row> rows = new ArrayList<>();
    long failed = 0;
    List<Stop> stops = new ArrayList<>();
    for (CalibrationSet set : settings.sets()) {
      context.err().println("calibration set " + set.name() + ": " + set.path());
      EvaluateFlow.Outputs evaluated =
          new EvaluateFlow(context, version).run(settings.evaluate(set));
      failed += evaluated.failedRequests();
      stops.add(evaluated.stop());
      CalibrationCheck check =
          CalibrationCheck.of(set.expectedPac(), evaluated.metrics().pac(), settings.tolerance());
      rows.add(
          new CalibrationReport.Row(
              set.name(),
              set.path(),
              evaluated.metrics(),
              check,
              relative(evaluated.judgedDataset())));
    }
    Path dir = context.resolve(settings.outputDir());
    List<Path> files =
        StorageException.guard(
            dir,
            () ->
                CalibrationReport.write(settings.judgeModelId(), settings.tolerance(), rows, dir));
    return new Outputs(rows, dir, files, failed, stops);
  }

  private String relative(Path path) {
    Path absolute = path.toAbsolutePath().normalize();
    Path base = context.workDir().toAbsolutePath().normalize();
    return absolute.startsWith(base) ? base.relativize(absolute).toString() : absolute.toString();
  }
}
