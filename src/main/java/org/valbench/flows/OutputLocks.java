package org.valbench.flows;

import java.io.IOException;
import java.nio.file.Path;
import org.valbench.common.Hashing;
import org.valbench.pipeline.OutputLock;

/** One lock file per output path, under {@code local_data/locks/}. */
final class OutputLocks {
  private OutputLocks() {}

  static OutputLock lock(FlowContext context, Path output) throws IOException {
    String name = output.getFileName().toString().replaceAll("[^A-Za-z0-9._-]", "_");
    String hash = Hashing.sha256Hex(output.toString()).substring(0, 12);
    Path lockFile = context.localData().resolve("locks").resolve(name + "-" + hash + ".lock");
    OutputLock lock = OutputLock.acquire(lockFile, context.workDir().relativize(output).toString());
    lock.tookOverFrom()
        .ifPresent(
            pid ->
                context
                    .err()
                    .println(
                        "note: took over the lock of an earlier run (process "
                            + pid
                            + ") that is no longer running"));
    return lock;
  }
}
