package org.valbench.pipeline;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.valbench.dataset.AtomicDirs;
import org.valbench.dataset.ParquetFormat;

/**
 * Step outputs on disk, as Parquet, at {@code <root>/steps/<step>/<key hash>/}. A checkpoint is
 * written into a temporary folder, fsynced, renamed into place, and only then marked finished with
 * a {@code DONE} file. A folder without {@code DONE} is never trusted: it is deleted and the step
 * runs again.
 */
public final class CheckpointStore {
  static final String DATA = "data.parquet";
  static final String KEY = "key.json";
  static final String DONE = "DONE";

  private final Path root;

  public CheckpointStore(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  public Path root() {
    return root;
  }

  /** The folder a checkpoint with this key lives in (whether or not it exists). */
  public Path dir(StepKey key) {
    return root.resolve("steps").resolve(key.step()).resolve(key.hash());
  }

  /** True when a finished checkpoint exists; an unfinished folder is deleted. */
  public boolean isFinished(StepKey key) throws IOException {
    Path dir = dir(key);
    if (Files.isRegularFile(dir.resolve(DONE))) {
      return true;
    }
    if (Files.exists(dir)) {
      AtomicDirs.deleteRecursively(dir);
    }
    return false;
  }

  /** The Parquet file of the checkpoint with {@code key}. */
  public Path data(StepKey key) {
    return dir(key).resolve(DATA);
  }

  /** A finished checkpoint's row count, from the Parquet footer (no rows are read). */
  public long rowCount(StepKey key) throws IOException {
    return ParquetFormat.rowCount(data(key));
  }

  /** What running a step wrote. */
  record Written(long rows, boolean complete) {}

  /**
   * Runs {@code step} into a temporary folder, renames it into place, and marks it finished with
   * the DONE file (written last) when the step says its output is complete and {@code commit}
   * allows. An output that is not committed stays readable for the rest of this run and is deleted
   * by the next one.
   */
  Written write(StepKey key, Step step, boolean commit) throws Exception {
    Path dir = dir(key);
    Files.createDirectories(dir.getParent());
    deleteAbandoned(dir);
    Path tmp =
        dir.resolveSibling(
            "."
                + dir.getFileName()
                + TEMP
                + ProcessHandle.current().pid()
                + "-"
                + UUID.randomUUID());
    try {
      Files.createDirectories(tmp);
      StepOutput out = new StepOutput(tmp);
      boolean complete;
      long rows;
      try {
        complete = step.run(out);
        rows = out.finish(key.step());
      } catch (Exception | Error e) {
        out.abandon();
        throw e;
      }
      writeSynced(tmp.resolve(KEY), key.canonical() + "\n");
      AtomicDirs.replace(tmp, dir);
      if (commit && complete) {
        writeSynced(dir.resolve(DONE), "");
        AtomicDirs.fsyncDir(dir);
      }
      return new Written(rows, complete);
    } finally {
      AtomicDirs.deleteRecursively(tmp);
    }
  }

  /** Marks a step's temporary folder; the writing process's pid follows. */
  private static final String TEMP = ".tmp-";

  /**
   * Deletes the temporary folders a killed run left for this checkpoint (they can hold a large
   * scratch file of answers): those whose writing process is no longer alive. A folder of a live
   * process, such as another run writing the same step right now, is left alone.
   */
  private static void deleteAbandoned(Path dir) throws IOException {
    String prefix = "." + dir.getFileName() + TEMP;
    List<Path> abandoned;
    try (Stream<Path> siblings = Files.list(dir.getParent())) {
      abandoned =
          siblings
              .filter(p -> p.getFileName().toString().startsWith(prefix))
              .filter(p -> !isAlive(p.getFileName().toString().substring(prefix.length())))
              .toList();
    }
    for (Path folder : abandoned) {
      AtomicDirs.deleteRecursively(folder);
    }
  }

  /** Whether the pid at the start of {@code suffix} ("<pid>-<uuid>") is a running process. */
  private static boolean isAlive(String suffix) {
    int dash = suffix.indexOf('-');
    try {
      long pid = Long.parseLong(dash < 0 ? suffix : suffix.substring(0, dash));
      return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    } catch (NumberFormatException e) {
      return true; // not a name this class wrote: leave it
    }
  }

  private static void writeSynced(Path file, String text) throws IOException {
    try (FileChannel channel =
        FileChannel.open(
            file,
            StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE)) {
      channel.write(java.nio.ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
      channel.force(true);
    }
  }
}
