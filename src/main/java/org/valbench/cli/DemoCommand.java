package org.valbench.cli;

import java.util.concurrent.Callable;
import org.valbench.flows.DemoFlow;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code valbench demo}: the pipeline on the bundled sample with the offline mock provider. */
@Command(
    name = "demo",
    sortOptions = false,
    description = {
      "Run valbench offline on the bundled sample of pairs with two mock models, compare them,"
          + " calibrate the mock judge on four sets of mock answers whose PAC is known, and print"
          + " where every output went.",
      "A demonstration of the tool, not a measurement of any real model."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  valbench demo",
      "  valbench demo --output-dataset-path local_results/try1",
      "  python -c \"import datasets; print(datasets.load_from_disk('local_results/demo-mock-mixed'))\""
    })
final class DemoCommand implements Callable<Integer> {
  private final CliContext context;

  @Spec CommandSpec spec;

  @Option(
      names = "--output-dataset-path",
      defaultValue = "local_results/demo",
      paramLabel = "PREFIX",
      description = "Prefix of the demo's outputs. Default: ${DEFAULT-VALUE}.")
  String outputDatasetPath;

  @Mixin CommonOptions common;

  DemoCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() throws Exception {
    DemoFlow.Outputs outputs =
        new DemoFlow(context.flow(spec.commandLine().getErr()), VersionProvider.version())
            .run(outputDatasetPath);
    var out = spec.commandLine().getOut();
    out.println(
        "valbench demo (mock model '"
            + DemoFlow.CANDIDATE
            + "' judged by '"
            + DemoFlow.JUDGE
            + "'; a demonstration, not a measurement)");
    Summaries.responses(out, context.workDir(), java.util.List.of(outputs.responses()));
    Summaries.evaluation(out, context.workDir(), outputs.evaluation());
    Summaries.responses(out, context.workDir(), java.util.List.of(outputs.secondResponses()));
    Summaries.evaluation(out, context.workDir(), outputs.secondEvaluation());
    out.println(
        "comparison of '" + DemoFlow.CANDIDATE + "' and '" + DemoFlow.SECOND_CANDIDATE + "':");
    CompareCommand.print(out, context.workDir(), outputs.comparison());
    out.println(
        "calibration of '"
            + DemoFlow.JUDGE
            + "' on four sets of mock answers whose PAC is known (name ends with it):");
    CalibrateCommand.print(out, context.workDir(), outputs.calibration());
    CalibrateCommand.failIfMissed(outputs.calibration());
    return ExitCodes.OK;
  }
}
