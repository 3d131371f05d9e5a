package org.valbench.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.valbench.flows.CompareFlow;
import org.valbench.flows.CompareSettings;
import org.valbench.report.CompareTables;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code valbench compare}: a leaderboard and paired statistics over several judged datasets. */
@Command(
    name = "compare",
    sortOptions = false,
    description = {
      "Compare judged datasets written by 'valbench evaluate': a leaderboard (PAC, refusal and"
          + " no-information rates with intervals), paired differences between every two runs on"
          + " the pairs both scored (bootstrap intervals, sign-flip and McNemar tests, Holm"
          + " adjusted), PAC by category and two charts. Sends no request."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  valbench compare local_results/vb-gpt-4-1-mini-gemma-3-27b-it-evaluation \\",
      "      local_results/vb-Qwen-Qwen3-8B-gemma-3-27b-it-evaluation",
      "  valbench compare 'local_results/*-gemma-3-27b-it-evaluation' --output-dir"
          + " evaluation_results/table1"
    })
final class CompareCommand implements Callable<Integer> {
  private final CliContext context;

  @Spec CommandSpec spec;

  @Parameters(
      arity = "1..*",
      paramLabel = "RUN",
      description =
          "A judged dataset written by 'valbench evaluate' (folder, Hub id or s3://bucket/prefix),"
              + " or a quoted glob of local ones; at least two runs in all.")
  List<String> runs;

  @Option(
      names = "--output-dir",
      paramLabel = "DIR",
      description =
          "Where to write the comparison. Default: evaluation_results/compare-<first run>-vs-"
              + "<second run> (with more runs: compare-<first run>-and-N-more-<hash>).")
  String outputDir;

  @Option(
      names = "--allow-mixed",
      arity = "0..1",
      paramLabel = "BOOL",
      converter = Converters.Bool.class,
      description =
          "Compare runs even when their judge, judge prompt, protocol, pair order or pair texts"
              + " differ; every affected row is marked.")
  boolean allowMixed;

  @Mixin CommonOptions common;

  CompareCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() throws Exception {
    CompareFlow.Outputs outputs =
        new CompareFlow(context.flow(spec.commandLine().getErr()), VersionProvider.version())
            .run(
                new CompareSettings(
                    runs, Optional.ofNullable(outputDir).filter(s -> !s.isBlank()), allowMixed));
    print(spec.commandLine().getOut(), context.workDir(), outputs);
    return ExitCodes.OK;
  }

  /** The ranking, one line per run, then where the comparison went. */
  static void print(PrintWriter out, Path workDir, CompareFlow.Outputs outputs) {
    int rank = 1;
    for (CompareTables.Run r : outputs.tables().runs()) {
      out.println(
          String.format(
              Locale.ROOT,
              "%2d. %s: PAC %.1f%% (95%% CI %.1f-%.1f), refusal %.1f%%, %d usable pairs%s",
              rank++,
              r.label(),
              r.metrics().pac().percent(),
              r.metrics().pac().percentCi().low(),
              r.metrics().pac().percentCi().high(),
              r.metrics().issueRefusal().percent(),
              r.metrics().usable(),
              r.mixed().isEmpty() ? "" : " [differs in: " + String.join(", ", r.mixed()) + "]"));
    }
    out.println("comparison: " + relative(workDir, outputs.dir()) + "/");
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
