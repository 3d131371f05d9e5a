package org.valbench.pipeline;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.OptionalLong;

/**
 * Keeps two runs from writing the same output at once. Holds an OS file lock on a lock file that
 * records the holder's process id. The OS drops the lock when a process dies, so the lock of a
 * killed run is simply taken over. A clean exit empties the file, so a process id found in it later
 * belongs to a run that died while holding the lock.
 */
public final class OutputLock implements AutoCloseable {
  private final FileChannel channel;
  private final FileLock lock;
  private final OptionalLong previousHolder;

  private OutputLock(FileChannel channel, FileLock lock, OptionalLong previousHolder) {
    this.channel = channel;
    this.lock = lock;
    this.previousHolder = previousHolder;
  }

  /**
   * Takes the lock at {@code lockFile} for {@code what} (named in the message), or fails at once
   * with a user error naming the lock file and the process that holds it.
   */
  public static OutputLock acquire(Path lockFile, String what) throws IOException {
    Files.createDirectories(lockFile.toAbsolutePath().getParent());
    FileChannel channel =
        FileChannel.open(
            lockFile, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null; // held by this same process
    } catch (IOException e) {
      channel.close();
      throw e;
    }
    OptionalLong holder = readPid(channel);
    if (lock == null) {
      channel.close();
      String who = holder.isPresent() ? "process " + holder.getAsLong() : "another process";
      throw new LockHeldException(
          "another valbench run ("
              + who
              + ") is already writing "
              + what
              + "; lock file: "
              + lockFile
              + ". Wait for it to finish or stop it, then run again.");
    }
    channel.truncate(0);
    channel.write(
        ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.UTF_8)),
        0);
    channel.force(true);
    OptionalLong stale =
        holder.isPresent() && holder.getAsLong() != ProcessHandle.current().pid()
            ? holder
            : OptionalLong.empty();
    return new OutputLock(channel, lock, stale);
  }

  /** The process id a stale lock file named, when this lock was taken over from a dead run. */
  public OptionalLong tookOverFrom() {
    return previousHolder;
  }

  private static OptionalLong readPid(FileChannel channel) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(32);
    channel.read(buffer, 0);
    String text = new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8).strip();
    try {
      return text.isEmpty() ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(text));
    } catch (NumberFormatException e) {
      return OptionalLong.empty();
    }
  }

  @Override
  public void close() throws IOException {
    try {
      // An empty file tells the next run that this one ended cleanly (no stale-lock note).
      channel.truncate(0);
      channel.force(true);
      lock.release();
    } finally {
      channel.close();
    }
  }
}
