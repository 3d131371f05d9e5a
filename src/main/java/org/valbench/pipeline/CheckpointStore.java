package org.valbench.pipeline;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.valbench.common.AtomicDirs;
import org.valbench.dataset.ParquetFormat;

/**
 * Step outputs on disk, as Parquet, at {@code <root>/steps/<step>/<key hash>/}. A checkpoint is
 * written into a temporary folder, fsynced, renamed into place, and only then marked finished with
 * a {@code DONE} file. A folder without {@code DONE} is never trusted: it is deleted and the step
 * runs again. An output that is not committed never takes that place: it stays in the run's own
 * temporary folder. Each key has a lock file at {@code <root>/locks/steps/<step>/<key hash>.lock},
 * held by {@link StepRunner} while it looks for, computes and commits the checkpoint.
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

  /** The lock file of the checkpoint with this key (see {@link StepLock}). */
  Path lockFile(StepKey key) {
    return root.resolve("locks").resolve("steps").resolve(key.step()).resolve(key.hash() + ".lock");
  }

  /** The folder a checkpoint with this key lives in (whether or not it exists). */
  public Path dir(StepKey key) {
    return root.resolve("steps").resolve(key.step()).resolve(key.hash());
  }

  /** What {@link #find} found for a key. */
  sealed interface Found permits Found.Finished, Found.Missing, Found.Damaged {
    /** A finished checkpoint whose data file checks out, with its row count. */
    record Finished(long rows) implements Found {}

    /** No finished checkpoint (an unfinished folder, if any, was deleted). */
    record Missing() implements Found {}

    /** A checkpoint marked done whose data file is unusable; it has been deleted. */
    record Damaged(Path data, String reason) implements Found {}
  }

  /**
   * Looks for the finished checkpoint of {@code key} and checks it cheaply before it is reused: the
   * data file exists, has the size and (from its Parquet footer) the row count recorded in {@code
   * DONE} when it was written. A folder without {@code DONE} is deleted ({@link Found.Missing});
   * one whose data file fails a check is deleted too ({@link Found.Damaged}, with the reason), so
   * the step runs again.
   */
  public Found find(StepKey key) throws IOException {
    Path dir = dir(key);
    Path done = dir.resolve(DONE);
    if (!Files.isRegularFile(done)) {
      if (Files.exists(dir)) {
        AtomicDirs.deleteRecursively(dir);
      }
      return new Found.Missing();
    }
    Path data = data(key);
    Optional<String> damage;
    long rows = -1;
    try {
      Written recorded = recorded(done);
      damage = sizeProblem(data, recorded);
      if (damage.isEmpty()) {
        rows = ParquetFormat.rowCount(data);
        if (recorded.rows() >= 0 && rows != recorded.rows()) {
          damage = Optional.of(rows + " rows where " + recorded.rows() + " were written");
        }
      }
    } catch (IOException | RuntimeException e) {
      damage = Optional.of("not a readable Parquet file: " + oneLine(e));
    }
    if (damage.isPresent()) {
      discard(key);
      return new Found.Damaged(data, damage.get());
    }
    return new Found.Finished(rows);
  }

  /** Deletes the checkpoint of {@code key}, marker first, so the step runs again. */
  public void discard(StepKey key) throws IOException {
    Path dir = dir(key);
    Files.deleteIfExists(dir.resolve(DONE));
    AtomicDirs.deleteRecursively(dir);
  }

  private static Optional<String> sizeProblem(Path data, Written recorded) throws IOException {
    if (!Files.isRegularFile(data)) {
      return Optional.of("the file is missing");
    }
    long size = Files.size(data);
    if (size == 0) {
      return Optional.of("the file is empty");
    }
    if (recorded.bytes() >= 0 && size != recorded.bytes()) {
      return Optional.of(size + " bytes where " + recorded.bytes() + " were written");
    }
    return Optional.empty();
  }

  /**
   * The row count and size recorded in a {@code DONE} marker ({@code rows=N bytes=B}); -1 for what
   * a marker does not say (markers of older versions are empty).
   */
  private static Written recorded(Path done) throws IOException {
    String text = Files.readString(done, StandardCharsets.UTF_8);
    Matcher rows = Pattern.compile("rows=(\\d{1,18})").matcher(text);
    Matcher bytes = Pattern.compile("bytes=(\\d{1,18})").matcher(text);
    return new Written(
        rows.find() ? Long.parseLong(rows.group(1)) : -1,
        bytes.find() ? Long.parseLong(bytes.group(1)) : -1,
        true,
        done.resolveSibling(DATA));
  }

  private static String oneLine(Throwable e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return message.replaceAll("\\s+", " ").strip();
  }

  /** The Parquet file of the checkpoint with {@code key}. */
  public Path data(StepKey key) {
    return dir(key).resolve(DATA);
  }

  /**
   * What running a step wrote: rows, the data file's size, whether it is complete, and where the
   * data file is (the checkpoint's place when committed, else the run's own folder).
   */
  record Written(long rows, long bytes, boolean complete, Path data) {}

  /**
   * Runs {@code step} into a temporary folder and, when the step says its output is complete and
   * {@code commit} allows, moves it into place and marks it finished with the DONE file (written
   * last). An output that is not committed stays in the temporary folder, readable for the rest of
   * this run, where no other run deletes it while this process lives; a later run deletes it. The
   * caller holds the key's {@link StepLock}.
   */
  Written write(StepKey key, Step step, boolean commit) throws Exception {
    Path dir = dir(key);
    Files.createDirectories(dir.getParent());
    Path tmp =
        dir.resolveSibling(
            "."
                + dir.getFileName()
                + TEMP
                + ProcessHandle.current().pid()
                + "-"
                + UUID.randomUUID());
    boolean keepTmp = false;
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
      long bytes = Files.size(tmp.resolve(DATA));
      if (!(commit && complete)) {
        keepTmp = true;
        return new Written(rows, bytes, complete, tmp.resolve(DATA));
      }
      moveIntoPlace(tmp, dir);
      // What the data file was when written, checked when the checkpoint is reused.
      writeSynced(dir.resolve(DONE), "rows=" + rows + " bytes=" + bytes + "\n");
      AtomicDirs.fsyncDir(dir);
      return new Written(rows, bytes, true, dir.resolve(DATA));
    } finally {
      if (!keepTmp) {
        AtomicDirs.deleteRecursively(tmp);
      }
    }
  }

  /**
   * Puts the finished output of {@code tmp} at {@code dir}. Over a finished checkpoint of the same
   * key (a step asked for fresh results, or whose input was recomputed), the files are renamed over
   * the old ones, marker removed first, so that a run still reading the old checkpoint never finds
   * its data file missing: it reads either version, each complete.
   */
  private static void moveIntoPlace(Path tmp, Path dir) throws IOException {
    if (!Files.isRegularFile(dir.resolve(DONE))) {
      AtomicDirs.replace(tmp, dir); // nothing there, or what a killed run left
      return;
    }
    Files.deleteIfExists(dir.resolve(DONE));
    AtomicDirs.fsyncDir(dir);
    for (String name : List.of(KEY, DATA)) {
      Files.move(
          tmp.resolve(name),
          dir.resolve(name),
          java.nio.file.StandardCopyOption.ATOMIC_MOVE,
          java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /** Marks a step's temporary folder; the writing process's pid follows. */
  private static final String TEMP = ".tmp-";

  /**
   * Deletes the temporary folders that ended runs left for this checkpoint (a killed run's can hold
   * a large scratch file of answers; an uncommitted output stays in one until its run ends): those
   * whose writing process is no longer alive. A folder of a live process is left alone.
   */
  void deleteAbandoned(StepKey key) throws IOException {
    Path dir = dir(key);
    if (!Files.isDirectory(dir.getParent())) {
      return;
    }
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
