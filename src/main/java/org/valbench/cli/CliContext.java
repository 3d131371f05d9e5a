package org.valbench.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.LongSupplier;
import org.valbench.common.Env;
import org.valbench.flows.FlowContext;

/** What the commands get from {@link Main}: working directory, environment and clock. */
record CliContext(Path workDir, Env env, LongSupplier nanoTime, boolean terminal) {
  CliContext {
    Objects.requireNonNull(workDir, "workDir");
    Objects.requireNonNull(env, "env");
    Objects.requireNonNull(nanoTime, "nanoTime");
  }

  FlowContext flow(PrintWriter err) {
    return new FlowContext(workDir, env, err, nanoTime, terminal);
  }
}
