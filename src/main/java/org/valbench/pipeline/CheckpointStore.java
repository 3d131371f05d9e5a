package org.valbench.pipeline;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import org.valbench.dataset.AtomicDirs;
import org.valbench.dataset.ParquetFormat;
import org.valbench.dataset.Table;

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

  /** The finished checkpoint for {@code key}, if there is one; clears an unfinished one. */
  public Optional<Table> load(StepKey key) throws IOException {
    return isFinished(key) ? Optional.of(read(key)) : Optional.empty();
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

  /** Reads a finished checkpoint's table. */
  public Table read(StepKey key) throws IOException {
    return ParquetFormat.read(java.util.List.of(dir(key).resolve(DATA)));
  }

  /** A finished checkpoint's row count, from the Parquet footer (no rows are read). */
  public long rowCount(StepKey key) throws IOException {
    return ParquetFormat.rowCount(dir(key).resolve(DATA));
  }

  /** Writes {@code table} as the checkpoint for {@code key}; the DONE marker comes last. */
  public void commit(StepKey key, Table table) throws IOException {
    Path dir = dir(key);
    Files.createDirectories(dir.getParent());
    Path tmp = AtomicDirs.tempSibling(dir);
    try {
      Files.createDirectories(tmp);
      ParquetFormat.write(table, tmp.resolve(DATA));
      writeSynced(tmp.resolve(KEY), key.canonical() + "\n");
      AtomicDirs.replace(tmp, dir);
      writeSynced(dir.resolve(DONE), "");
      AtomicDirs.fsyncDir(dir);
    } finally {
      AtomicDirs.deleteRecursively(tmp);
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
