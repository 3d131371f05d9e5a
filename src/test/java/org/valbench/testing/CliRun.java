package org.valbench.testing;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import org.valbench.cli.Main;

/** Runs the whole CLI in-process, as a shell would in {@code workDir}, capturing its output. */
public record CliRun(int exitCode, String out, String err) {
  public static CliRun in(Path workDir, String... args) {
    return in(workDir, Map.of(), args);
  }

  public static CliRun in(Path workDir, Map<String, String> env, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code;
    try (PrintWriter o = new PrintWriter(out);
        PrintWriter e = new PrintWriter(err)) {
      code = Main.run(o, e, workDir, env, System::nanoTime, false, args);
    }
    return new CliRun(code, out.toString(), err.toString());
  }
}
