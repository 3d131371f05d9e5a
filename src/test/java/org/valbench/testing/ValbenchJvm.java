package org.valbench.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.valbench.cli.Main;

/** Starts valbench as a JVM process of its own (for signals and kills), on the test class path. */
public final class ValbenchJvm {
  private ValbenchJvm() {}

  /**
   * The JVM flags of a valbench run (heap ceiling first, so a later {@code -Xmx} wins), as pom.xml
   * lists them; Surefire passes them in {@code valbench.test.jvmFlags}.
   */
  public static List<String> flags() {
    String flags = System.getProperty("valbench.test.jvmFlags", "").strip();
    if (flags.isEmpty()) {
      throw new IllegalStateException(
          "valbench.test.jvmFlags is not set: run the tests through Maven (scripts/test), whose"
              + " Surefire configuration passes pom.xml's valbench.jvm.* flags");
    }
    return List.of(flags.split("\\s+"));
  }

  /** Runs {@code args} in {@code workDir}, with stdout and stderr together in {@code log}. */
  public static Process start(Path workDir, Path log, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.addAll(flags());
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
    command.addAll(List.of(args));
    return new ProcessBuilder(command)
        .directory(workDir.toFile())
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
  }
}
