package org.valbench.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.valbench.testing.Tables;

/**
 * Two runs at the same step key share one {@code local_data/}: the second waits while the first
 * computes, then reuses what it committed; neither deletes nor replaces the other's unfinished
 * output; a lock left by a killed process does not block.
 */
class StepLockTest {
  @TempDir Path dir;

  private final AtomicInteger runs = new AtomicInteger();
  private final List<String> heard = new CopyOnWriteArrayList<>();

  /** Runs in threads of their own (the common pool may have a single thread). */
  private final ExecutorService threads = Executors.newCachedThreadPool();

  @AfterEach
  void stopThreads() {
    threads.shutdownNow();
  }

  private StepRunner runner() {
    return new StepRunner(
        new CheckpointStore(dir),
        new StepListener() {
          @Override
          public void started(String step) {}

          @Override
          public void finished(
              String step, boolean reused, int rows, double seconds, boolean committed) {
            heard.add((reused ? "cached " : "ran ") + step);
          }

          @Override
          public void waiting(String step, OptionalLong holder) {
            heard.add("waiting " + step + " " + holder.orElse(-1));
          }
        },
        System::nanoTime);
  }

  /** A step that waits for {@code gate} (when given), then writes {@code rows} pairs. */
  private Step step(int rows, boolean complete, CountDownLatch entered, CountDownLatch gate) {
    return new Step() {
      @Override
      public StepKey key() {
        return new StepKey("generate", 1, Map.of("rows", rows));
      }

      @Override
      public boolean run(StepOutput out) throws Exception {
        runs.incrementAndGet();
        if (entered != null) {
          entered.countDown();
        }
        if (gate != null) {
          assertThat(gate.await(30, TimeUnit.SECONDS)).isTrue();
        }
        out.write(Tables.pairs(rows));
        return complete;
      }
    };
  }

  @Test
  void secondRunWaitsForTheFirstAtTheSameKeyThenReusesItsCheckpoint() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch gate = new CountDownLatch(1);
    CompletableFuture<Checkpoint> first =
        CompletableFuture.supplyAsync(() -> run(runner(), step(3, true, entered, gate)), threads);
    assertThat(entered.await(30, TimeUnit.SECONDS)).isTrue();
    CompletableFuture<Checkpoint> second =
        CompletableFuture.supplyAsync(() -> run(runner(), step(3, true, null, null)), threads);
    awaitHeard("waiting generate " + ProcessHandle.current().pid());
    assertThat(second).isNotDone();

    gate.countDown();

    assertThat(first.get(30, TimeUnit.SECONDS).reused()).isFalse();
    Checkpoint reused = second.get(30, TimeUnit.SECONDS);
    assertThat(reused.reused()).isTrue();
    assertThat(reused.table()).isEqualTo(Tables.pairs(3));
    assertThat(runs).hasValue(1);
  }

  @Test
  void unfinishedOutputOfOneRunSurvivesAnotherRunOfTheSameKey() throws Exception {
    // The first run's output holds failures: not committed, still read later in that run.
    Checkpoint partial = runner().run(step(3, false, null, null));
    // Another run at the same key computes and commits its own.
    Checkpoint other = runner().run(step(3, true, null, null));

    assertThat(partial.committed()).isFalse();
    assertThat(partial.table()).isEqualTo(Tables.pairs(3));
    assertThat(other.committed()).isTrue();
    assertThat(other.data()).isNotEqualTo(partial.data());
    assertThat(other.data().resolveSibling(CheckpointStore.DONE)).isRegularFile();
    assertThat(runs).hasValue(2);
  }

  @Test
  void freshRunReplacingAFinishedCheckpointNeverLeavesItsDataFileMissing() throws Exception {
    Checkpoint first = runner().run(step(3, true, null, null));
    try (var rows = first.read()) { // a reader that opened the file before the replacement
      Step fresh =
          new Step() {
            @Override
            public StepKey key() {
              return step(3, true, null, null).key();
            }

            @Override
            public boolean reusable() {
              return false;
            }

            @Override
            public boolean run(StepOutput out) throws Exception {
              out.write(Tables.pairs(3));
              return true;
            }
          };
      Checkpoint again = runner().run(fresh);

      assertThat(again.data()).isEqualTo(first.data());
      assertThat(rows.toTable()).isEqualTo(Tables.pairs(3));
    }
    assertThat(first.table()).isEqualTo(Tables.pairs(3));
    assertThat(first.data().resolveSibling(CheckpointStore.DONE)).isRegularFile();
  }

  @Test
  void lockOfAKilledProcessDoesNotBlock() throws Exception {
    StepKey key = step(2, true, null, null).key();
    Path lockFile = new CheckpointStore(dir).lockFile(key);
    Process holder =
        new ProcessBuilder(
                ProcessHandle.current().info().command().orElse("java"),
                "-cp",
                System.getProperty("java.class.path"),
                StepLockHolder.class.getName(),
                lockFile.toString())
            .redirectErrorStream(true)
            .start();
    CompletableFuture<Checkpoint> waiting;
    try {
      String line = new BufferedReader(new InputStreamReader(holder.getInputStream())).readLine();
      assertThat(line).isEqualTo("locked");
      waiting =
          CompletableFuture.supplyAsync(() -> run(runner(), step(2, true, null, null)), threads);
      awaitHeard("waiting generate " + holder.pid());
      assertThat(waiting).isNotDone();
    } finally {
      holder.destroyForcibly().waitFor(10, TimeUnit.SECONDS); // SIGKILL: the OS drops its lock
    }

    assertThat(waiting.get(30, TimeUnit.SECONDS).table()).isEqualTo(Tables.pairs(2));
    assertThat(Files.readString(lockFile)).isEmpty(); // released cleanly after the step
  }

  private void awaitHeard(String event) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!heard.contains(event)) {
      assertThat(System.nanoTime()).as("heard " + event + " in " + heard).isLessThan(deadline);
      Thread.sleep(10);
    }
  }

  private static Checkpoint run(StepRunner runner, Step step) {
    try {
      return runner.run(step);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}

/** Run in a child JVM by {@link StepLockTest}: takes a step lock and holds it until killed. */
final class StepLockHolder {
  private StepLockHolder() {}

  public static void main(String[] args) throws Exception {
    StepLock lock = StepLock.acquire(Path.of(args[0]), holder -> {});
    System.out.println("locked");
    System.out.flush();
    Thread.sleep(120_000);
    lock.close();
  }
}
