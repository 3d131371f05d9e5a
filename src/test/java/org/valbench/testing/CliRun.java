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
      code =
          Main.run(
              Main.Invocation.of(o, e, workDir, withSyntheticProtocol(env))
                  .withReferencePin(SyntheticProtocol.pin()),
              args);
    }
    return new CliRun(code, out.toString(), err.toString());
  }

  /**
   * The reference protocol's files come from the synthetic ones on a loopback server (never from
   * the internet), cached in a folder of the test JVM unless the test names a cache itself.
   */
  private static Map<String, String> withSyntheticProtocol(Map<String, String> env) {
    Map<String, String> more = new java.util.HashMap<>(env);
    more.putIfAbsent("VALBENCH_REFERENCE_URL", SyntheticProtocol.sharedUrl());
    if (!more.containsKey("VALBENCH_HUB_CACHE") && !more.containsKey("XDG_CACHE_HOME")) {
      // Not XDG_CACHE_HOME: that would also move where the Hub token file is looked for.
      more.put("VALBENCH_HUB_CACHE", SyntheticProtocol.sharedCache().toString());
    }
    return more;
  }

  /**
   * {@code responses} of the offline model {@code mock-consistent} on {@code dataset}, written to
   * {@code local_results/vb-mock-consistent}: the run most tests of inputs start with.
   */
  public static CliRun mockResponses(Path workDir, String dataset, String... more) {
    String[] args = {
      "responses",
      "--provider",
      "mock",
      "--model-id",
      "mock-consistent",
      "--dataset-id",
      dataset,
      "--output-dataset-path",
      "local_results/vb"
    };
    String[] all = java.util.Arrays.copyOf(args, args.length + more.length);
    System.arraycopy(more, 0, all, args.length, more.length);
    return in(workDir, all);
  }

  /**
   * {@code evaluate} of {@code responses} by the offline judge {@code mock-judge}, with {@code
   * prefix} as the output prefix.
   */
  public static CliRun mockEvaluate(Path workDir, String responses, String prefix) {
    return in(
        workDir,
        "evaluate",
        "--provider",
        "mock",
        "--judge-model-id",
        "mock-judge",
        "--responses-ds-path",
        responses,
        "--output-dataset-path",
        prefix);
  }
}
