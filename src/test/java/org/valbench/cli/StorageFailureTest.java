package org.valbench.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.valbench.testing.CliRun;

/**
 * The machine refuses to store something: a full disk (a small tmpfs) or a read-only file system
 * under {@code local_data/} or the output folder. Each ends in one line naming the path and the
 * cause, exit 2, never "unexpected error". Mounting needs root; elsewhere these tests are skipped.
 */
class StorageFailureTest {
  @TempDir Path dir;

  private final List<Path> mounts = new ArrayList<>();

  private boolean mount(Path where, String options) throws Exception {
    Files.createDirectories(where);
    Process p =
        new ProcessBuilder("mount", "-t", "tmpfs", "-o", options, "tmpfs", where.toString())
            .redirectErrorStream(true)
            .start();
    boolean ok = p.waitFor() == 0;
    if (ok) {
      mounts.add(where);
    }
    return ok;
  }

  private void remountReadOnly(Path where) throws Exception {
    Process p = new ProcessBuilder("mount", "-o", "remount,ro", where.toString()).start();
    assertThat(p.waitFor()).isZero();
  }

  @AfterEach
  void unmount() throws Exception {
    for (Path where : mounts) {
      new ProcessBuilder("umount", "-l", where.toString()).start().waitFor();
    }
  }

  private CliRun demo() {
    return CliRun.in(dir, "demo");
  }

  private static void assertOneLineNaming(CliRun run, String path, String reason) {
    assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
    String last = run.err().strip().lines().reduce((a, b) -> b).orElse("");
    assertThat(last).startsWith("valbench: " + path).contains(reason);
    assertThat(run.err()).doesNotContain("unexpected").doesNotContain("Exception");
  }

  @Test
  void aFullDiskUnderLocalDataNamesThePathAndExitsTwo() throws Exception {
    assumeTrue(mount(dir.resolve("local_data"), "size=200k"), "needs root to mount a tmpfs");

    assertOneLineNaming(demo(), "local_data/", "no space left on device; free some space");
  }

  @Test
  void aFullDiskWhereTheOutputGoesNamesThePathAndExitsTwo() throws Exception {
    assumeTrue(mount(dir.resolve("local_results"), "size=8k"), "needs root to mount a tmpfs");

    assertOneLineNaming(demo(), "local_results/", "no space left on device");
  }

  @Test
  void aReadOnlyLocalDataNamesThePathAndExitsTwo() throws Exception {
    assumeTrue(mount(dir.resolve("local_data"), "size=4m,ro"), "needs root to mount a tmpfs");

    assertOneLineNaming(demo(), "local_data/", "read-only");
  }

  @Test
  void localDataTurnedReadOnlyAfterARunNamesThePathAndExitsTwo() throws Exception {
    assumeTrue(mount(dir.resolve("local_data"), "size=8m"), "needs root to mount a tmpfs");
    assertThat(demo().exitCode()).isZero();
    remountReadOnly(dir.resolve("local_data"));

    CliRun again = CliRun.in(dir, "demo", "--output-dataset-path", "local_results/other");

    assertOneLineNaming(again, "local_data/", "read-only");
  }

  @Test
  void aReadOnlyOutputFolderNamesThePathAndExitsTwo() throws IOException, Exception {
    assumeTrue(mount(dir.resolve("local_results"), "size=4m,ro"), "needs root to mount a tmpfs");

    assertOneLineNaming(demo(), "local_results/", "read-only");
  }
}
