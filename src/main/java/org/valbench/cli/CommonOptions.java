package org.valbench.cli;

import picocli.CommandLine.Option;

/** Options every command has. {@link Main} reads --verbose from the arguments itself. */
final class CommonOptions {
  @Option(
      names = "--verbose",
      arity = "0..1",
      paramLabel = "BOOL",
      converter = Converters.Bool.class,
      description = "Show stack traces and HTTP status lines (secrets redacted).")
  boolean verbose;

  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "Show this help and exit.")
  boolean help;
}
