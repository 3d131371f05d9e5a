package org.valbench.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.valbench.dataset.Table;
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
      };

  /** A step that counts its runs and outputs {@code rows} pairs. */
  private Step countingStep(int rows, Map<String, Object> parts) {
    return new Step() {
      @Override
      public StepKey key() {
        return new StepKey("make-pairs", 1, parts);
      }

      @Override
      public Table run() {
        runs.incrementAndGet();
        return Tables.pairs(rows);
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
}
