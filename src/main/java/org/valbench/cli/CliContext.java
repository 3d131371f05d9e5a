package org.valbench.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.LongSupplier;
import org.valbench.common.Env;
import org.valbench.common.Interruption;
import org.valbench.flows.FlowContext;
import org.valbench.protocol.ReferencePin;

/**
 * What the commands get from {@link Main}: working directory, environment, clock, whether stderr is
 * a terminal, and the interruption flag a signal sets.
 */
record CliContext(
    Path workDir,
    Env env,
    LongSupplier nanoTime,
    boolean terminal,
    Interruption interruption,
    ReferencePin referencePin) {
  CliContext {
    Objects.requireNonNull(workDir, "workDir");
    Objects.requireNonNull(env, "env");
    Objects.requireNonNull(nanoTime, "nanoTime");
    Objects.requireNonNull(interruption, "interruption");
    Objects.requireNonNull(referencePin, "referencePin");
  }

  FlowContext flow(PrintWriter err) {
    return new FlowContext(workDir, env, err, nanoTime, terminal, interruption, referencePin);
  }
}
