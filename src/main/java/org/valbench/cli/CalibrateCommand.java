package org.valbench.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.valbench.flows.CalibrateFlow;
import org.valbench.flows.CalibrateSettings;
import org.valbench.flows.CalibrationMissedException;
import org.valbench.flows.CalibrationSet;
import org.valbench.flows.EvaluateSettings;
import org.valbench.metrics.CalibrationCheck;
import org.valbench.protocol.Protocol;
import org.valbench.report.CalibrationReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code valbench calibrate}: judge the calibration sets and check the judge's PAC on each. */
@Command(
    name = "calibrate",
    sortOptions = false,
    description = {
      "Check a judge on calibration sets whose PAC is known: judge each set as 'evaluate' does"
          + " (cached, so a rerun sends nothing), compare the measured PAC with the expected one,"
          + " and write calibration.csv, .json and .png to"
          + " evaluation_results/calibration-<judge>/. By default the four sets the benchmark's"
          + " authors publish on the Hugging Face Hub: "
          + "val-bench/calibration-unaligned-0, -aligned-100, -refusal-100 and -one-refusal-50.",
      "Exit code 6 when any set misses (its expected PAC lies outside the measured 95%% interval"
          + " and differs by more than --tolerance points)."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  valbench calibrate --judge-model-id google/gemma-3-27b-it \\",
      "      --inference-url http://localhost:8000/v1",
      "  valbench calibrate --judge-model-id gpt-4.1 \\",
      "      --set calibration-aligned-100=local_data/aligned \\",
      "      --set my-set=local_data/mine.jsonl@75 --tolerance 3"
    })
final class CalibrateCommand implements Callable<Integer> {
  private final CliContext context;

  @Spec CommandSpec spec;

  @Option(
      names = "--judge-model-id",
      defaultValue = EvaluateSettings.DEFAULT_JUDGE,
      paramLabel = "ID",
      description = "Judge model. Default: ${DEFAULT-VALUE}.")
  String judgeModelId;

  @Mixin EndpointOptions endpoint;

  @Option(
      names = "--set",
      paramLabel = "NAME=PATH[@EXPECTED]",
      description =
          "A calibration set (local path, Hub id or s3:// location) that replaces the default of"
              + " the same name or is added. Its expected PAC (0-100) follows '@', else it is the"
              + " number the name ends with. Repeatable.")
  List<String> sets = new ArrayList<>();

  @Option(
      names = "--tolerance",
      paramLabel = "POINTS",
      defaultValue = "" + CalibrateSettings.DEFAULT_TOLERANCE,
      converter = Converters.Points.class,
      description =
          "A set misses only when its expected PAC is outside the 95%% interval and more than this"
              + " many PAC points from the measured one. Default: ${DEFAULT-VALUE}.")
  double tolerance;

  @Option(
      names = "--output-dir",
      paramLabel = "DIR",
      description =
          "Where to write the calibration and the judged sets. Default:"
              + " evaluation_results/calibration-<judge>.")
  String outputDir;

  @Option(
      names = "--batch-size",
      paramLabel = "N",
      defaultValue = "" + EvaluateSettings.DEFAULT_BATCH_SIZE,
      converter = Converters.PositiveInt.class,
      description = "Maximum judge requests in flight. Default: ${DEFAULT-VALUE}.")
  int batchSize;

  @Option(
      names = "--judge-prompt-file",
      paramLabel = "FILE",
      description = "Replace the protocol's judge system prompt with this file's text.")
  String judgePromptFile;

  @Option(
      names = "--protocol",
      paramLabel = "reference|valbench",
      defaultValue = Protocol.DEFAULT_ID,
      converter = Converters.ProtocolName.class,
      description = "Whose judge prompt to use, as for 'evaluate'. Default: ${DEFAULT-VALUE}.")
  Protocol protocol;

  @Option(
      names = "--retry-unusable",
      arity = "0..1",
      paramLabel = "BOOL",
      converter = Converters.Bool.class,
      description = "Ask the judge again for the pairs whose earlier answer could not be scored.")
  boolean retryUnusable;

  @Mixin CommonOptions common;

  CalibrateCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() throws Exception {
    CalibrateSettings settings = settings();
    endpoint.checkEndpointVariables(context.env(), List.of(judgeModelId));
    CalibrateFlow.Outputs outputs =
        new CalibrateFlow(context.flow(spec.commandLine().getErr()), VersionProvider.version())
            .run(settings);
    print(spec.commandLine().getOut(), context.workDir(), outputs);
    Summaries.failIfRequestsFailed(outputs.failedRequests(), outputs.stops());
    failIfMissed(outputs);
    return ExitCodes.OK;
  }

  CalibrateSettings settings() {
    return new CalibrateSettings(
        CalibrationSet.merge(CalibrationSet.defaults(), sets),
        tolerance,
        judgeModelId,
        endpoint.inferenceUrl(),
        endpoint.apiKeyEnv(),
        Optional.ofNullable(endpoint.provider),
        Optional.ofNullable(endpoint.openAiApi),
        batchSize,
        protocol,
        Optional.ofNullable(judgePromptFile).filter(s -> !s.isBlank()),
        endpoint.noCache,
        retryUnusable,
        Optional.ofNullable(outputDir).filter(s -> !s.isBlank()));
  }

  /** Exit 6, naming the sets that missed, once every output is written and printed. */
  static void failIfMissed(CalibrateFlow.Outputs outputs) {
    List<String> missed = new ArrayList<>();
    for (CalibrationReport.Row row : outputs.misses()) {
      CalibrationCheck c = row.check();
      missed.add(
          String.format(
              Locale.ROOT,
              "%s (expected %.1f, measured %.1f, 95%% CI %.1f-%.1f)",
              row.set(),
              c.expected(),
              c.measured(),
              c.ci().low(),
              c.ci().high()));
    }
    if (!missed.isEmpty()) {
      throw new CalibrationMissedException(
          "the judge missed "
              + missed.size()
              + " of "
              + outputs.rows().size()
              + " calibration sets: "
              + String.join("; ", missed));
    }
  }

  /** One line per set, then where the calibration went. */
  static void print(PrintWriter out, Path workDir, CalibrateFlow.Outputs outputs) {
    int width = 3;
    for (CalibrationReport.Row row : outputs.rows()) {
      width = Math.max(width, row.set().length());
    }
    out.println(
        String.format(
            Locale.ROOT,
            "%-" + width + "s  %8s  %8s  %-13s  %6s  %6s  %8s  %7s  %s",
            "set",
            "expected",
            "measured",
            "95% CI",
            "diff",
            "usable",
            "refusal",
            "no-info",
            "result"));
    for (CalibrationReport.Row row : outputs.rows()) {
      CalibrationCheck c = row.check();
      out.println(
          String.format(
              Locale.ROOT,
              "%-" + width + "s  %8.1f  %8.1f  %-13s  %+6.1f  %6d  %7.1f%%  %6.1f%%  %s",
              row.set(),
              c.expected(),
              c.measured(),
              String.format(Locale.ROOT, "%.1f-%.1f", c.ci().low(), c.ci().high()),
              c.difference(),
              row.metrics().usable(),
              row.metrics().issueRefusal().percent(),
              row.metrics().issueNoInformation().percent(),
              c.label()));
    }
    out.println("calibration: " + relative(workDir, outputs.dir()) + "/");
    for (Path file : outputs.files()) {
      out.println("  " + file.getFileName());
    }
    out.flush();
  }

  private static String relative(Path workDir, Path path) {
    Path absolute = path.toAbsolutePath().normalize();
    Path base = workDir.toAbsolutePath().normalize();
    return absolute.startsWith(base) ? base.relativize(absolute).toString() : absolute.toString();
  }
}
