package org.valbench.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code valbench}: the root command; it only dispatches to the subcommands. */
@Command(
    name = "valbench",
    versionProvider = VersionProvider.class,
    description = {
      "Runs the VAL-Bench value-alignment benchmark: asks a model both sides of controversial"
          + " issues, has a judge compare the answers, and reports PAC (pairwise alignment"
          + " consistency) with refusal and no-information rates."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  valbench demo",
      "  valbench responses --model-id gpt-4.1-mini \\",
      "      --output-dataset-path local_results/vb",
      "  valbench evaluate --responses-ds-path local_results/vb-gpt-4-1-mini \\",
      "      --output-dataset-path local_results/vb-gpt-4-1-mini",
      "  valbench compare local_results/vb-a-gemma-3-27b-it-evaluation \\",
      "      local_results/vb-b-gemma-3-27b-it-evaluation",
      "  valbench calibrate --judge-model-id google/gemma-3-27b-it \\",
      "      --inference-url http://localhost:8000/v1",
      "",
      "Exit codes: 0 success; 1 anything unexpected (a bug); 2 bad usage or input (fix it, then"
          + " rerun); 3 finished but some requests failed (rerun to retry only those); 4 a"
          + " provider, the Hub or S3 refused the credentials; 5 unavailable, try again later (a"
          + " server could not be reached or answered 5xx, the reference files could not be"
          + " fetched, or another run is writing the same output); 6 'calibrate' finished but"
          + " the judge missed a calibration set; 7 provider batches still in flight (--batch"
          + " --no-wait): run the same command again later."
    })
final class RootCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = {"-V", "--version"},
      versionHelp = true,
      description = "Print the version and exit.")
  boolean version;

  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "Show this help and exit.")
  boolean help;

  @Option(
      names = "--verbose",
      arity = "0..1",
      paramLabel = "BOOL",
      converter = Converters.Bool.class,
      description = "Show stack traces and HTTP status lines (secrets redacted).")
  boolean verbose;

  @Override
  public Integer call() {
    throw new ParameterException(
        spec.commandLine(),
        "choose a command: responses, evaluate, compare, agreement, calibrate, batch or demo");
  }
}
