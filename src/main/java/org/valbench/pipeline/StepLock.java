package org.valbench.pipeline;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * The lock of one step key, held while a run looks for, computes and commits that checkpoint, so
 * that two runs sharing {@code local_data/} never delete or replace each other's unfinished work: a
 * second run waits, then finds the first one's checkpoint. An OS file lock (which dies with its
 * process, so a killed run never blocks the next) on a lock file that names the holder's process
 * id; within one JVM an in-process lock comes first, as a JVM cannot hold two OS locks on one file.
 * Lock files are never deleted: deleting a file another process waits on would let a third lock a
 * new file of the same name at the same time.
 */
final class StepLock implements AutoCloseable {
  private static final ConcurrentHashMap<Path, ReentrantLock> IN_PROCESS =
      new ConcurrentHashMap<>();

  private final ReentrantLock local;
  private final FileChannel channel;
  private final FileLock lock;

  private StepLock(ReentrantLock local, FileChannel channel, FileLock lock) {
    this.local = local;
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Takes the lock at {@code lockFile}, waiting as long as another run (or another thread of this
   * one) holds it; {@code waiting} hears once, before the wait, the holder's process id when the
   * lock file names one.
   */
  static StepLock acquire(Path lockFile, Consumer<OptionalLong> waiting)
      throws IOException, InterruptedException {
    Path file = lockFile.toAbsolutePath().normalize();
    ReentrantLock local = IN_PROCESS.computeIfAbsent(file, f -> new ReentrantLock(true));
    boolean told = false;
    if (!local.tryLock()) {
      waiting.accept(OptionalLong.of(ProcessHandle.current().pid()));
      told = true;
      local.lockInterruptibly();
    }
    FileChannel channel = null;
    try {
      Files.createDirectories(file.getParent());
      channel =
          FileChannel.open(
              file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
      FileLock lock = channel.tryLock();
      if (lock == null) {
        if (!told) {
          waiting.accept(holder(channel));
        }
        lock = channel.lock(); // blocks until the holder ends its step or dies
      }
      channel.truncate(0);
      channel.write(
          ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.UTF_8)),
          0);
      return new StepLock(local, channel, lock);
    } catch (IOException | RuntimeException | Error e) {
      if (channel != null) {
        channel.close();
      }
      local.unlock();
      throw e;
    }
  }

  /** The process id the lock file names (written by the holder), if any. */
  private static OptionalLong holder(FileChannel channel) throws IOException {
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
      channel.truncate(0); // an empty file: nobody is at this step
    } finally {
      try {
        lock.release();
      } finally {
        try {
          channel.close();
        } finally {
          local.unlock();
        }
      }
    }
  }
}
