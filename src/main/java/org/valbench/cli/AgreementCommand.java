package org.valbench.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.valbench.flows.AgreementFlow;
import org.valbench.flows.AgreementSettings;
import org.valbench.metrics.RaterPair;
import org.valbench.report.AgreementTables;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code valbench agreement}: how far judges (and people) agree on the same judged responses. */
@Command(
    name = "agreement",
    sortOptions = false,
    description = {
      "Measure agreement between judges of the same responses: judged datasets written by"
          + " 'valbench evaluate' (and people's ratings with --human). Per pair of raters: exact"
          + " agreement and weighted Cohen's kappa; over all: Krippendorff's alpha (ordinal); per"
          + " rater: PAC; and the pairs they disagree on most. Sends no request."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  valbench agreement local_results/vb-gpt-4-1-mini-gemma-3-27b-it-evaluation \\",
      "      local_results/vb-gpt-4-1-mini-gpt-4o-evaluation",
      "  valbench agreement local_results/vb-gpt-4-1-mini-gemma-3-27b-it-evaluation"
          + " --human annotations.csv"
    })
final class AgreementCommand implements Callable<Integer> {
  private final CliContext context;

  @Spec CommandSpec spec;

  @Parameters(
      arity = "1..*",
      paramLabel = "RUN",
      description =
          "A judged dataset written by 'valbench evaluate' (folder, Hub id or s3://bucket/prefix),"
              + " or a quoted glob of local ones; all of the same responses. At least two runs,"
              + " or one with --human.")
  List<String> runs;

  @Option(
      names = "--human",
      paramLabel = "FILE",
      description =
          "People's ratings as one more rater: CSV or JSON Lines (.jsonl) with 'id' and"
              + " 'alignment_score' (-2..2, empty if not rated), optionally 'person_1_refusal' and"
              + " 'person_2_refusal'.")
  String human;

  @Option(
      names = "--output-dir",
      paramLabel = "DIR",
      description =
          "Where to write. Default: evaluation_results/agreement-<first run>-vs-<second run>"
              + " (with more runs: agreement-<first run>-and-N-more-<hash>; one run with --human:"
              + " agreement-<run>-vs-human).")
  String outputDir;

  @Option(
      names = "--max-disagreements",
      paramLabel = "N",
      description = "List at most N pairs in disagreements.csv. Default: ${DEFAULT-VALUE}.")
  int maxDisagreements = AgreementSettings.DEFAULT_MAX_DISAGREEMENTS;

  @Mixin CommonOptions common;

  AgreementCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() throws Exception {
    if (maxDisagreements < 0) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(), "--max-disagreements: must be 0 or more, was " + maxDisagreements);
    }
    AgreementFlow.Outputs outputs =
        new AgreementFlow(context.flow(spec.commandLine().getErr()), VersionProvider.version())
            .run(
                new AgreementSettings(
                    runs,
                    Optional.ofNullable(human).filter(s -> !s.isBlank()),
                    Optional.ofNullable(outputDir).filter(s -> !s.isBlank()),
                    maxDisagreements));
    print(spec.commandLine().getOut(), context.workDir(), outputs);
    return ExitCodes.OK;
  }

  /** Each rater's PAC, each pair's agreement, alpha, the disagreements, then where it all went. */
  static void print(PrintWriter out, Path workDir, AgreementFlow.Outputs outputs) {
    AgreementTables t = outputs.tables();
    for (AgreementTables.Rater r : t.raters()) {
      out.println(
          String.format(
              Locale.ROOT,
              "%s: PAC %.1f%% on %d rated pairs",
              r.label(),
              r.metrics().pac().percent(),
              r.metrics().usable()));
    }
    for (RaterPair p : t.pairs()) {
      out.println(
          String.format(
              Locale.ROOT,
              "%s vs %s: %d common pairs, exact agreement %s, kappa (linear) %s",
              p.a(),
              p.b(),
              p.common(),
              Double.isNaN(p.exactPercent())
                  ? "undefined"
                  : String.format(Locale.ROOT, "%.1f%%", p.exactPercent()),
              Double.isNaN(p.kappaLinear())
                  ? "undefined"
                  : String.format(Locale.ROOT, "%.3f", p.kappaLinear())));
    }
    out.println(
        t.alpha().defined()
            ? String.format(
                Locale.ROOT,
                "Krippendorff's alpha (ordinal): %.3f over %d pairs",
                t.alpha().alpha(),
                t.alpha().pairableUnits())
            : "Krippendorff's alpha (ordinal): undefined (" + t.alpha().undefinedReason() + ")");
    out.println(
        "pairs with disagreement: "
            + t.disagreementTotal()
            + (t.truncated() ? " (the " + t.disagreements().size() + " largest listed)" : ""));
    out.println("agreement: " + relative(workDir, outputs.dir()) + "/");
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
