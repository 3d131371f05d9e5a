package org.valbench.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.valbench.common.UserError;

class OutputLockTest {
  @TempDir Path dir;

  @Test
  void secondHolderInTheSameProcessFailsNamingLockFileAndPid() throws Exception {
    Path lockFile = dir.resolve("locks/out.lock");
    try (OutputLock first = OutputLock.acquire(lockFile, "out")) {
      assertThatThrownBy(() -> OutputLock.acquire(lockFile, "out"))
          .isInstanceOf(LockHeldException.class)
          .hasMessageContaining(lockFile.toString())
          .hasMessageContaining("process " + ProcessHandle.current().pid());
    }
  }

  @Test
  void lockHeldByAnotherProcessIsRefused() throws Exception {
    Path lockFile = dir.resolve("held.lock");
    Files.writeString(lockFile, "");
    // Another JVM takes the lock with valbench's own code and keeps it until killed.
    Process holder =
        new ProcessBuilder(
                ProcessHandle.current().info().command().orElse("java"),
                "-cp",
                System.getProperty("java.class.path"),
                LockHolder.class.getName(),
                lockFile.toString())
            .redirectErrorStream(true)
            .start();
    try {
      String line =
          new java.io.BufferedReader(new java.io.InputStreamReader(holder.getInputStream()))
              .readLine();
      assertThat(line).isEqualTo("locked");
      assertThat(Files.readString(lockFile).strip()).isEqualTo(String.valueOf(holder.pid()));

      assertThatThrownBy(() -> OutputLock.acquire(lockFile, "out"))
          .isInstanceOf(UserError.class)
          .hasMessageContaining("process " + holder.pid())
          .hasMessageContaining(lockFile.toString());
    } finally {
      holder.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    // Once the holder is gone, its lock is taken over and its pid reported as stale.
    try (OutputLock lock = OutputLock.acquire(lockFile, "out")) {
      assertThat(lock.tookOverFrom()).hasValue(holder.pid());
    }
  }

  @Test
  void cleanReleaseLeavesNoStaleNote() throws Exception {
    Path lockFile = dir.resolve("clean.lock");
    OutputLock.acquire(lockFile, "out").close();
    try (OutputLock again = OutputLock.acquire(lockFile, "out")) {
      assertThat(again.tookOverFrom()).isEmpty();
      assertThat(Files.readString(lockFile).strip())
          .isEqualTo(String.valueOf(ProcessHandle.current().pid()));
    }
  }
}

/** Run in a child JVM by {@link OutputLockTest}: takes a lock and holds it until killed. */
final class LockHolder {
  private LockHolder() {}

  public static void main(String[] args) throws Exception {
    OutputLock lock = OutputLock.acquire(Path.of(args[0]), "out");
    System.out.println("locked");
    System.out.flush();
    Thread.sleep(120_000);
    lock.close();
  }
}
