package org.valbench.inference;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BatchJournalTest {
  @TempDir Path dir;

  private BatchJournal open() {
    return BatchJournal.open(dir.resolve("local_data").resolve(BatchJournal.FILE), Path.of("j"));
  }

  @Test
  void intentIsOnDiskBeforeTheBatchIdAndBothSurviveReopening() throws Exception {
    String chunkId;
    try (BatchJournal journal = open()) {
      BatchJournal.Chunk planned =
          journal.plan("out/a", "openai", "gpt-x", "/v1/chat/completions", List.of("k1", "k2"), 0);
      chunkId = planned.chunkId();
      assertThat(planned.state()).isEqualTo(BatchJournal.State.PLANNED);
      assertThat(planned.batchId()).isEmpty();
      // Another connection (another process) already sees the intent.
      assertThat(rawState(chunkId)).isEqualTo("PLANNED");
      journal.submitted(chunkId, "batch_1");
      assertThat(rawState(chunkId)).isEqualTo("SUBMITTED");
    }
    try (BatchJournal journal = open()) {
      List<BatchJournal.Chunk> inFlight = journal.inFlight();
      assertThat(inFlight).hasSize(1);
      BatchJournal.Chunk c = inFlight.get(0);
      assertThat(c.chunkId()).isEqualTo(chunkId);
      assertThat(c.batchId()).contains("batch_1");
      assertThat(c.keys()).containsExactly("k1", "k2");
      assertThat(c.provider()).isEqualTo("openai");
      assertThat(c.model()).isEqualTo("gpt-x");
      assertThat(c.endpoint()).isEqualTo("/v1/chat/completions");
      assertThat(c.scope()).isEqualTo("out/a");
    }
  }

  @Test
  void finishedChunksAreNoLongerInFlightButStayListedForTheirScope() {
    try (BatchJournal journal = open()) {
      BatchJournal.Chunk a = journal.plan("out/a", "openai", "m", "/e", List.of("k1"), 0);
      BatchJournal.Chunk b = journal.plan("out/b", "openai", "m", "/e", List.of("k2"), 0);
      BatchJournal.Chunk c = journal.plan("out/a", "openai", "m", "/e", List.of("k3"), 1);
      journal.submitted(a.chunkId(), "batch_a");
      journal.finish(a.chunkId(), BatchJournal.State.COLLECTED, "completed 1/1");
      journal.finish(c.chunkId(), BatchJournal.State.ABANDONED, "never created");

      assertThat(journal.inFlight())
          .extracting(BatchJournal.Chunk::chunkId)
          .containsExactly(b.chunkId());
      assertThat(journal.chunks("out/a"))
          .extracting(BatchJournal.Chunk::state)
          .containsExactlyInAnyOrder(BatchJournal.State.COLLECTED, BatchJournal.State.ABANDONED);
      assertThat(journal.chunks("out/a"))
          .filteredOn(ch -> ch.chunkId().equals(a.chunkId()))
          .singleElement()
          .satisfies(ch -> assertThat(ch.detail()).isEqualTo("completed 1/1"));
      assertThat(journal.chunks("")).hasSize(3);
    }
  }

  @Test
  void journalIsInWalModeWithFullSync() throws Exception {
    try (BatchJournal journal = open()) {
      journal.plan("s", "openai", "m", "/e", List.of("k"), 0);
    }
    try (Connection c =
            DriverManager.getConnection(
                "jdbc:sqlite:" + dir.resolve("local_data").resolve(BatchJournal.FILE));
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery("PRAGMA journal_mode")) {
      r.next();
      assertThat(r.getString(1)).isEqualToIgnoringCase("wal");
    }
  }

  @Test
  void inFlightStatesAreThePlannedAndSubmittedOnes() {
    assertThat(BatchJournal.State.PLANNED.inFlight()).isTrue();
    assertThat(BatchJournal.State.SUBMITTED.inFlight()).isTrue();
    assertThat(BatchJournal.State.COLLECTED.inFlight()).isFalse();
    assertThat(BatchJournal.State.ABANDONED.inFlight()).isFalse();
    assertThat(BatchJournal.State.CANCELLED.inFlight()).isFalse();
  }

  private String rawState(String chunkId) throws Exception {
    try (Connection c =
            DriverManager.getConnection(
                "jdbc:sqlite:" + dir.resolve("local_data").resolve(BatchJournal.FILE));
        Statement s = c.createStatement();
        ResultSet r =
            s.executeQuery("SELECT state FROM chunks WHERE chunk_id = '" + chunkId + "'")) {
      return r.next() ? r.getString(1) : "";
    }
  }
}
