package org.valbench.inference;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.valbench.common.StorageException;

/**
 * The journal of provider batches ({@code local_data/batches.sqlite}, next to the request cache):
 * one row per chunk of requests sent as one provider batch. The intent (chunk id, provider, model,
 * endpoint, the requests' cache keys) is committed before the create call and the provider's batch
 * id right after it, each commit synced to disk (WAL, {@code synchronous=FULL}), so a run killed at
 * any point leaves either a row to resume polling, or an intent whose chunk id the provider's batch
 * list can be searched for, never a paid batch nobody knows about.
 */
public final class BatchJournal implements AutoCloseable {
  /** The file's name inside {@code local_data/}. */
  public static final String FILE = "batches.sqlite";

  /** Where a chunk is. */
  public enum State {
    /** Intent recorded; the create call may or may not have reached the provider. */
    PLANNED,
    /** The provider holds the batch (its id is known); poll it. */
    SUBMITTED,
    /** Its results were read into the cache (or recorded as failed / requeued). */
    COLLECTED,
    /**
     * Never created (an intent the provider does not know), or given up; its keys were requeued.
     */
    ABANDONED,
    /** Cancelled by {@code valbench batch cancel}. */
    CANCELLED;

    /** Whether a rerun must resume this chunk rather than submit its requests again. */
    public boolean inFlight() {
      return this == PLANNED || this == SUBMITTED;
    }
  }

  /** One row: a chunk of requests and where it is. */
  public record Chunk(
      String chunkId,
      String scope,
      String provider,
      String model,
      String endpoint,
      List<String> keys,
      State state,
      Optional<String> batchId,
      int round,
      Instant createdAt,
      String detail) {
    public Chunk {
      Objects.requireNonNull(chunkId, "chunkId");
      Objects.requireNonNull(scope, "scope");
      keys = List.copyOf(keys);
      Objects.requireNonNull(state, "state");
      Objects.requireNonNull(batchId, "batchId");
      Objects.requireNonNull(createdAt, "createdAt");
      detail = Objects.requireNonNullElse(detail, "");
    }
  }

  private final Connection db;
  private final Path shown;

  private BatchJournal(Connection db, Path shown) {
    this.db = db;
    this.shown = shown;
  }

  /** Opens (creating if needed) the journal at {@code file}; {@code shown} names it in errors. */
  public static BatchJournal open(Path file, Path shown) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Connection db = DriverManager.getConnection("jdbc:sqlite:" + file);
      try (Statement s = db.createStatement()) {
        s.execute("PRAGMA busy_timeout=30000");
        s.execute("PRAGMA journal_mode=WAL");
        // FULL: every commit is fsynced before the next provider call is made.
        s.execute("PRAGMA synchronous=FULL");
        s.execute(
            "CREATE TABLE IF NOT EXISTS chunks ("
                + " chunk_id TEXT PRIMARY KEY,"
                + " scope TEXT NOT NULL,"
                + " provider TEXT NOT NULL,"
                + " model TEXT NOT NULL,"
                + " endpoint TEXT NOT NULL,"
                + " request_keys TEXT NOT NULL,"
                + " state TEXT NOT NULL,"
                + " batch_id TEXT,"
                + " round INTEGER NOT NULL,"
                + " created_at TEXT NOT NULL,"
                + " updated_at TEXT NOT NULL,"
                + " detail TEXT NOT NULL DEFAULT '')");
      } catch (SQLException e) {
        db.close();
        throw e;
      }
      return new BatchJournal(db, shown);
    } catch (SQLException | java.io.IOException e) {
      throw new StorageException(shown, "cannot open the batch journal: " + e.getMessage(), e);
    }
  }

  /**
   * Records the intent to send {@code keys} as one batch, before the create call; returns the row
   * (state {@link State#PLANNED}) with a fresh chunk id.
   */
  public synchronized Chunk plan(
      String scope, String provider, String model, String endpoint, List<String> keys, int round) {
    Chunk chunk =
        new Chunk(
            "vbchunk-" + UUID.randomUUID().toString().replace("-", ""),
            scope,
            provider,
            model,
            endpoint,
            keys,
            State.PLANNED,
            Optional.empty(),
            round,
            Instant.now(),
            "");
    String now = chunk.createdAt().toString();
    update(
        "INSERT INTO chunks (chunk_id, scope, provider, model, endpoint, request_keys, state,"
            + " batch_id, round, created_at, updated_at, detail) VALUES"
            + " (?, ?, ?, ?, ?, ?, ?, NULL, ?, ?, ?, '')",
        chunk.chunkId(),
        scope,
        provider,
        model,
        endpoint,
        String.join("\n", keys),
        State.PLANNED.name(),
        round,
        now,
        now);
    return chunk;
  }

  /** Records the provider's id of the chunk's batch, right after the create call returned it. */
  public synchronized void submitted(String chunkId, String batchId) {
    update(
        "UPDATE chunks SET state = ?, batch_id = ?, updated_at = ? WHERE chunk_id = ?",
        State.SUBMITTED.name(),
        batchId,
        Instant.now().toString(),
        chunkId);
  }

  /** Moves the chunk to {@code state}, with a one-line {@code detail} (the provider's status). */
  public synchronized void finish(String chunkId, State state, String detail) {
    update(
        "UPDATE chunks SET state = ?, detail = ?, updated_at = ? WHERE chunk_id = ?",
        state.name(),
        detail,
        Instant.now().toString(),
        chunkId);
  }

  /** Replaces the chunk's one-line detail, leaving its state (e.g. "cancel requested"). */
  public synchronized void note(String chunkId, String detail) {
    update(
        "UPDATE chunks SET detail = ?, updated_at = ? WHERE chunk_id = ?",
        detail,
        Instant.now().toString(),
        chunkId);
  }

  /** The chunks still in flight (planned or submitted), oldest first. */
  public synchronized List<Chunk> inFlight() {
    return query(
        "SELECT * FROM chunks WHERE state IN ('PLANNED', 'SUBMITTED') ORDER BY created_at, chunk_id");
  }

  /** Every chunk of {@code scope} (every chunk when it is empty), oldest first. */
  public synchronized List<Chunk> chunks(String scope) {
    return scope.isEmpty()
        ? query("SELECT * FROM chunks ORDER BY created_at, chunk_id")
        : query("SELECT * FROM chunks WHERE scope = ? ORDER BY created_at, chunk_id", scope);
  }

  @Override
  public synchronized void close() {
    try {
      db.close();
    } catch (SQLException e) {
      throw new StorageException(shown, "cannot close the batch journal: " + e.getMessage(), e);
    }
  }

  private void update(String sql, Object... args) {
    try (PreparedStatement s = db.prepareStatement(sql)) {
      bind(s, args);
      s.executeUpdate();
    } catch (SQLException e) {
      throw new StorageException(shown, "cannot write the batch journal: " + e.getMessage(), e);
    }
  }

  private List<Chunk> query(String sql, Object... args) {
    try (PreparedStatement s = db.prepareStatement(sql)) {
      bind(s, args);
      List<Chunk> chunks = new ArrayList<>();
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          String keys = r.getString("request_keys");
          chunks.add(
              new Chunk(
                  r.getString("chunk_id"),
                  r.getString("scope"),
                  r.getString("provider"),
                  r.getString("model"),
                  r.getString("endpoint"),
                  keys.isEmpty() ? List.of() : Arrays.asList(keys.split("\n")),
                  State.valueOf(r.getString("state")),
                  Optional.ofNullable(r.getString("batch_id")),
                  r.getInt("round"),
                  Instant.parse(r.getString("created_at")),
                  r.getString("detail")));
        }
      }
      return chunks;
    } catch (SQLException e) {
      throw new StorageException(shown, "cannot read the batch journal: " + e.getMessage(), e);
    }
  }

  private static void bind(PreparedStatement s, Object... args) throws SQLException {
    for (int i = 0; i < args.length; i++) {
      s.setObject(i + 1, args[i]);
    }
  }
}
