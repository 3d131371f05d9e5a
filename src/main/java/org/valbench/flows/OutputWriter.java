package org.valbench.flows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.valbench.dataset.SaveToDiskFormat;
import org.valbench.pipeline.Checkpoint;

/** Writes a command's output dataset, skipping the work on a rerun that changed nothing. */
final class OutputWriter {
  /** Marks an output folder as written from the checkpoint with this key. */
  static final String MARKER = ".valbench-checkpoint";

  private OutputWriter() {}

  /**
   * Writes {@code checkpoint} to {@code folder} unless the folder was already written from this
   * very checkpoint (same key) — the common case of a nightly rerun, where rewriting and re-hashing
   * 115K rows would be most of the run's time.
   */
  static void writeUnlessCurrent(Checkpoint checkpoint, Path folder) throws IOException {
    Path marker = folder.resolve(MARKER);
    if (checkpoint.reused()
        && Files.isRegularFile(folder.resolve("state.json"))
        && Files.isRegularFile(marker)
        && Files.readString(marker).strip().equals(checkpoint.keyHash())) {
      return;
    }
    SaveToDiskFormat.write(checkpoint.read(), folder);
    if (checkpoint.committed()) {
      Files.writeString(marker, checkpoint.keyHash() + "\n");
    }
  }
}
