package org.valbench.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.valbench.testing.Tables;

class StepRunnerTest {
  @TempDir Path dir;

  private final List<String> events = new ArrayList<>();
  private final AtomicInteger runs = new AtomicInteger();

  private final StepListener recorder =
      new StepListener() {
        @Override
        public void started(String step) {
          events.add("start " + step);
        }

        @Override
        public void finished(
            String step, boolean reused, int rows, double seconds, boolean committed) {
          events.add((reused ? "cached " : "ran ") + step + " " + rows + " " + seconds);
        }

        @Override
        public void discarded(String step, Path data, String reason) {
          events.add("discarded " + step + " " + data.getFileName() + ": " + reason);
        }
      };

  /** A step that counts its runs and outputs {@code rows} pairs. */
  private Step countingStep(int rows, Map<String, Object> parts) {
    return new Step() {
      @Override
      public StepKey key() {
        return new StepKey("make-pairs", 1, parts);
      }

      @Override
      public boolean run(StepOutput out) throws java.io.IOException {
        runs.incrementAndGet();
        out.write(Tables.pairs(rows));
        return true;
      }
    };
  }

  private StepRunner runner() {
    long[] now = {0};
    // Each clock reading advances 0.5 s, so every step reports exactly 0.5 s.
    return new StepRunner(new CheckpointStore(dir), recorder, () -> now[0] += 500_000_000L);
  }

  @Test
  void secondRunWithSameKeyReusesTheCheckpoint() throws Exception {
    Checkpoint first = runner().run(countingStep(3, Map.of("limit", 3)));
    Checkpoint second = runner().run(countingStep(3, Map.of("limit", 3)));

    assertThat(runs).hasValue(1);
    assertThat(first.reused()).isFalse();
    assertThat(second.reused()).isTrue();
    assertThat(second.table()).isEqualTo(first.table());
    assertThat(second.keyHash()).isEqualTo(first.keyHash());
    assertThat(events)
        .containsExactly(
            "start make-pairs",
            "ran make-pairs 3 0.5",
            "start make-pairs",
            "cached make-pairs 3 0.5");
  }

  @Test
  void changedParameterRunsTheStepAgain() throws Exception {
    runner().run(countingStep(3, Map.of("limit", 3)));
    Checkpoint other = runner().run(countingStep(4, Map.of("limit", 4)));

    assertThat(runs).hasValue(2);
    assertThat(other.reused()).isFalse();
    assertThat(other.table().size()).isEqualTo(4);
  }

  @Test
  void checkpointWithoutDoneMarkerIsNotTrustedAndRunsAgain() throws Exception {
    Step step = countingStep(3, Map.of("limit", 3));
    runner().run(step);
    CheckpointStore store = new CheckpointStore(dir);
    Path done = store.dir(step.key()).resolve(CheckpointStore.DONE);
    // A crash after the rename but before the marker leaves exactly this state.
    Files.delete(done);

    Checkpoint again = runner().run(step);

    assertThat(runs).hasValue(2);
    assertThat(again.reused()).isFalse();
    assertThat(done).isRegularFile();
  }

  @Test
  void doneMarkerRecordsRowsAndSizeAndACheckpointThatDisagreesIsRecomputed() throws Exception {
    Step step = countingStep(3, Map.of("limit", 3));
    runner().run(step);
    CheckpointStore store = new CheckpointStore(dir);
    Path data = store.data(step.key());
    assertThat(store.dir(step.key()).resolve(CheckpointStore.DONE))
        .hasContent("rows=3 bytes=" + Files.size(data));
    byte[] bytes = Files.readAllBytes(data);

    // Same length, other bytes: the footer no longer reads.
    Files.write(data, new byte[bytes.length]);
    runner().run(step);
    // A file of another size than was written (here one byte longer).
    Files.write(data, java.util.Arrays.copyOf(bytes, bytes.length + 1));
    runner().run(step);
    // An old-style empty marker still reuses a sound file.
    Files.writeString(store.dir(step.key()).resolve(CheckpointStore.DONE), "");
    Checkpoint reused = runner().run(step);

    assertThat(runs).hasValue(3);
    assertThat(reused.reused()).isTrue();
    assertThat(events)
        .filteredOn(e -> e.startsWith("discarded"))
        .satisfiesExactly(
            e -> assertThat(e).startsWith("discarded make-pairs data.parquet: not a readable"),
            e ->
                assertThat(e)
                    .isEqualTo(
                        "discarded make-pairs data.parquet: "
                            + (bytes.length + 1)
                            + " bytes where "
                            + bytes.length
                            + " were written"));
  }

  @Test
  void oneFlippedByteInAPageIsFoundWhenReadAndDiscardsTheCheckpoint() throws Exception {
    Step step = countingStep(50, Map.of("limit", 50));
    Checkpoint first = runner().run(step);
    Path data = first.data();
    byte[] bytes = Files.readAllBytes(data);
    // The first column's first page starts right after the 4-byte magic and its page header.
    bytes[60] ^= 0x01;
    Files.write(data, bytes);
    Checkpoint reused = runner().run(step); // size and footer still check out

    assertThat(reused.reused()).isTrue();
    assertThatThrownBy(() -> reused.table())
        .isInstanceOf(DamagedCheckpointException.class)
        .hasMessageContaining(data.toString())
        .hasMessageContaining("run the command again to recompute it");
    assertThat(data.resolveSibling(CheckpointStore.DONE)).doesNotExist();
    assertThat(runner().run(step).table()).isEqualTo(first.table());
    assertThat(runs).hasValue(2);
  }

  @Test
  void halfWrittenTemporaryFolderIsIgnored() throws Exception {
    Step step = countingStep(2, Map.of());
    Path stepDir = new CheckpointStore(dir).dir(step.key());
    Files.createDirectories(stepDir.getParent().resolve(".tmp-crashed"));
    Files.createDirectories(stepDir);
    Files.writeString(stepDir.resolve(CheckpointStore.DATA), "truncated");

    Checkpoint checkpoint = runner().run(step);

    assertThat(checkpoint.reused()).isFalse();
    assertThat(checkpoint.table().size()).isEqualTo(2);
  }

  @Test
  void keyHashDependsOnPartsNotOnTheirOrder() {
    StepKey a = new StepKey("s", 1, Map.of("a", 1, "b", List.of("x", "y")));
    StepKey b =
        new StepKey("s", 1, new java.util.TreeMap<>(Map.of("b", List.of("x", "y"), "a", 1)));
    StepKey newerVersion = new StepKey("s", 2, Map.of("a", 1, "b", List.of("x", "y")));

    assertThat(a.hash()).isEqualTo(b.hash()).matches("[0-9a-f]{64}");
    assertThat(newerVersion.hash()).isNotEqualTo(a.hash());
    assertThat(a.canonical())
        .isEqualTo("{\"parts\":{\"a\":1,\"b\":[\"x\",\"y\"]},\"step\":\"s\",\"version\":1}");
  }

  @Test
  void checkpointIsParquetWithItsKeyBesideIt() throws Exception {
    Step step = countingStep(2, Map.of("dataset", "sample"));
    runner().run(step);
    Path stepDir = new CheckpointStore(dir).dir(step.key());

    assertThat(Files.readString(stepDir.resolve(CheckpointStore.KEY)))
        .contains("\"dataset\":\"sample\"");
    byte[] head = Files.readAllBytes(stepDir.resolve(CheckpointStore.DATA));
    assertThat(new String(head, 0, 4, java.nio.charset.StandardCharsets.US_ASCII))
        .isEqualTo("PAR1");
  }

  /** A step that writes {@code rows} pairs and says whether they are complete. */
  private Step step(String name, int rows, boolean complete, List<Checkpoint> inputs) {
    return new Step() {
      @Override
      public StepKey key() {
        return new StepKey(name, 1, Map.of("rows", rows));
      }

      @Override
      public List<Checkpoint> inputs() {
        return inputs;
      }

      @Override
      public boolean run(StepOutput out) throws java.io.IOException {
        runs.incrementAndGet();
        Files.writeString(out.scratch().resolve("temp.txt"), "scratch");
        out.write(Tables.pairs(rows));
        return complete;
      }
    };
  }

  @Test
  void incompleteOutputIsReadableButNotCommittedAndNeitherIsWhatDependsOnIt() throws Exception {
    Checkpoint partial = runner().run(step("generate", 3, false, List.of()));
    Checkpoint downstream = runner().run(step("combine", 3, true, List.of(partial)));

    assertThat(partial.committed()).isFalse();
    assertThat(partial.table().size()).isEqualTo(3);
    assertThat(downstream.committed()).isFalse();
    assertThat(downstream.table()).isEqualTo(Tables.pairs(3));
    CheckpointStore store = new CheckpointStore(dir);
    assertThat(store.dir(step("generate", 3, false, List.of()).key()).resolve(CheckpointStore.DONE))
        .doesNotExist();
    assertThat(store.dir(step("generate", 3, false, List.of()).key()).resolve("scratch"))
        .doesNotExist();

    // The next run does both again; once the output is complete, both are committed.
    Checkpoint healed = runner().run(step("generate", 3, true, List.of()));
    Checkpoint combined = runner().run(step("combine", 3, true, List.of(healed)));

    assertThat(runs).hasValue(4);
    assertThat(healed.committed()).isTrue();
    assertThat(combined.committed()).isTrue();
    Checkpoint generateAgain = runner().run(step("generate", 3, true, List.of()));
    assertThat(generateAgain.reused()).isTrue();
    assertThat(runner().run(step("combine", 3, true, List.of(generateAgain))).reused()).isTrue();
  }

  /** A step asked for fresh results (like inference with --no-cache). */
  private Step fresh(String name, int rows) {
    Step inner = step(name, rows, true, List.of());
    return new Step() {
      @Override
      public StepKey key() {
        return inner.key();
      }

      @Override
      public boolean reusable() {
        return false;
      }

      @Override
      public boolean run(StepOutput out) throws Exception {
        return inner.run(out);
      }
    };
  }

  @Test
  void aStepThatIsNotReusableRunsAgainAndSoDoesEveryStepAfterIt() throws Exception {
    Checkpoint first = runner().run(step("generate", 3, true, List.of()));
    runner().run(step("combine", 3, true, List.of(first)));
    assertThat(runs).hasValue(2);

    Checkpoint again = runner().run(fresh("generate", 3));
    Checkpoint combined = runner().run(step("combine", 3, true, List.of(again)));

    assertThat(again.reused()).isFalse();
    assertThat(again.committed()).isTrue();
    assertThat(combined.reused()).isFalse();
    assertThat(runs).hasValue(4);
    // The fresh output is committed like any other: a later plain run reuses both.
    Checkpoint plain = runner().run(step("generate", 3, true, List.of()));
    assertThat(runner().run(step("combine", 3, true, List.of(plain))).reused()).isTrue();
    assertThat(runs).hasValue(4);
  }

  @Test
  void failingStepLeavesNoCheckpointBehind() throws Exception {
    Step failing =
        new Step() {
          @Override
          public StepKey key() {
            return new StepKey("broken", 1, Map.of());
          }

          @Override
          public boolean run(StepOutput out) throws java.io.IOException {
            out.write(Tables.pairs(2));
            throw new IllegalStateException("boom");
          }
        };

    assertThatThrownBy(() -> runner().run(failing)).hasMessage("boom");
    try (var left = Files.list(new CheckpointStore(dir).dir(failing.key()).getParent())) {
      assertThat(left).isEmpty();
    }
  }

  @Test
  void stepThatWritesNothingIsAnError() {
    Step silent =
        new Step() {
          @Override
          public StepKey key() {
            return new StepKey("silent", 1, Map.of());
          }

          @Override
          public boolean run(StepOutput out) {
            return true;
          }
        };

    assertThatThrownBy(() -> runner().run(silent)).hasMessageContaining("silent wrote no output");
  }

  @Test
  void temporaryFolderOfAKilledRunIsDeletedOneOfALiveRunIsKept() throws Exception {
    Step step = countingStep(2, Map.of());
    Path stepDir = new CheckpointStore(dir).dir(step.key());
    Process finished = new ProcessBuilder("true").start();
    finished.waitFor();
    String prefix = "." + stepDir.getFileName() + ".tmp-";
    Path killed = stepDir.resolveSibling(prefix + finished.pid() + "-a");
    Path live = stepDir.resolveSibling(prefix + ProcessHandle.current().pid() + "-b");
    Files.createDirectories(killed.resolve("scratch"));
    Files.writeString(killed.resolve("scratch").resolve("answers.sqlite"), "left by kill -9");
    Files.createDirectories(live);

    runner().run(step);

    assertThat(killed).doesNotExist();
    assertThat(live).isDirectory();
  }
}
