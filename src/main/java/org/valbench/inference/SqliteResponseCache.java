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
import java.util.List;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.valbench.common.StorageException;
import org.valbench.common.UserError;

/**
 * The request cache in SQLite ({@code local_data/cache.sqlite}), WAL mode, so a user can inspect it
 * with {@code sqlite3} and several runs can share it. One writer thread commits whatever arrived in
 * the last ~50 ms as one transaction: an answer is durable at most 50 ms after it arrives, and a
 * killed run loses only the requests in flight.
 */
public final class SqliteResponseCache implements ResponseCache {
  static final long GROUP_COMMIT_MILLIS = 50;

  private record Entry(String key, String provider, String model, String answer) {}

  private static final Entry STOP = new Entry("", "", "", "");

  private final Connection reader;
  private final Connection writerConnection;
  private final LinkedBlockingQueue<Entry> queue = new LinkedBlockingQueue<>();
  private final Thread writer;
  private volatile SQLException writeError;
  private final java.util.concurrent.atomic.AtomicLong written =
      new java.util.concurrent.atomic.AtomicLong();
  private final java.util.concurrent.atomic.AtomicBoolean closed =
      new java.util.concurrent.atomic.AtomicBoolean();

  private final Path file;

  private SqliteResponseCache(Path file) throws SQLException {
    this.file = file;
    String url = "jdbc:sqlite:" + file;
    writerConnection = DriverManager.getConnection(url);
    try (Statement s = writerConnection.createStatement()) {
      s.execute("PRAGMA journal_mode=WAL");
      s.execute("PRAGMA synchronous=NORMAL");
      s.execute("PRAGMA busy_timeout=30000");
      s.execute(
          "CREATE TABLE IF NOT EXISTS responses ("
              + " key TEXT PRIMARY KEY,"
              + " provider TEXT NOT NULL,"
              + " model TEXT NOT NULL,"
              + " created_at TEXT NOT NULL,"
              + " answer TEXT NOT NULL)");
    }
    writerConnection.setAutoCommit(false);
    reader = DriverManager.getConnection(url);
    try (Statement s = reader.createStatement()) {
      s.execute("PRAGMA busy_timeout=30000");
    }
    writer = Thread.ofPlatform().name("valbench-cache-writer").daemon(true).start(this::writeLoop);
  }

  /** Opens (creating if needed) the cache database at {@code file}. */
  public static SqliteResponseCache open(Path file) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      return new SqliteResponseCache(file);
    } catch (SQLException | java.io.IOException e) {
      throw StorageException.of(file, e)
          .<RuntimeException>map(storage -> storage)
          .orElseGet(
              () ->
                  UserError.badInput(
                      file + ": cannot open the request cache (" + e.getMessage() + ")", e));
    }
  }

  @Override
  public synchronized Optional<ModelAnswer> get(String key) {
    try (PreparedStatement select =
        reader.prepareStatement("SELECT answer FROM responses WHERE key = ?")) {
      select.setString(1, key);
      try (ResultSet rows = select.executeQuery()) {
        return rows.next() ? Optional.of(AnswerJson.read(rows.getString(1))) : Optional.empty();
      }
    } catch (SQLException e) {
      throw failure("read", e);
    }
  }

  @Override
  public void put(String key, String provider, String model, ModelAnswer answer) {
    if (writeError != null) {
      throw failure("write", writeError);
    }
    queue.add(new Entry(key, provider, model, AnswerJson.write(answer)));
  }

  private void writeLoop() {
    List<Entry> batch = new ArrayList<>();
    try (PreparedStatement insert =
        writerConnection.prepareStatement(
            "INSERT OR REPLACE INTO responses (key, provider, model, created_at, answer)"
                + " VALUES (?, ?, ?, ?, ?)")) {
      while (true) {
        Entry first = queue.take();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(GROUP_COMMIT_MILLIS);
        batch.add(first);
        Entry next;
        while (first != STOP
            && (next = queue.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS))
                != null) {
          batch.add(next);
          if (next == STOP) {
            break;
          }
        }
        boolean stop = batch.remove(STOP);
        commit(insert, batch);
        batch.clear();
        if (stop) {
          return;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (SQLException e) {
      writeError = e;
    }
  }

  private void commit(PreparedStatement insert, List<Entry> batch) throws SQLException {
    if (batch.isEmpty()) {
      return;
    }
    String now = Instant.now().toString();
    for (Entry e : batch) {
      insert.setString(1, e.key());
      insert.setString(2, e.provider());
      insert.setString(3, e.model());
      insert.setString(4, now);
      insert.setString(5, e.answer());
      insert.addBatch();
    }
    insert.executeBatch();
    writerConnection.commit();
    written.addAndGet(batch.size());
  }

  @Override
  public long written() {
    return written.get();
  }

  /**
   * Hands every stored answer to {@code action} in key order, reading one row at a time (answers
   * written less than a group commit ago may be missing: close and reopen first).
   */
  public synchronized void forEachInKeyOrder(
      java.util.function.BiConsumer<String, ModelAnswer> action) {
    try (Statement s = reader.createStatement();
        ResultSet rows = s.executeQuery("SELECT key, answer FROM responses ORDER BY key")) {
      while (rows.next()) {
        action.accept(rows.getString(1), AnswerJson.read(rows.getString(2)));
      }
    } catch (SQLException e) {
      throw failure("read", e);
    }
  }

  /** Number of stored answers (for tests and summaries). */
  public synchronized long size() {
    try (Statement s = reader.createStatement();
        ResultSet rows = s.executeQuery("SELECT count(*) FROM responses")) {
      return rows.next() ? rows.getLong(1) : 0;
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Flushes pending answers and closes the database. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    queue.add(STOP);
    try {
      writer.join(TimeUnit.SECONDS.toMillis(30));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      reader.close();
      writerConnection.close();
    } catch (SQLException e) {
      // Closing after a final commit; nothing left to lose.
    }
    if (writeError != null) {
      throw failure("write", writeError);
    }
  }

  /** A failed read or write: the machine's refusal (disk full, ...) named as such, or else. */
  private RuntimeException failure(String what, SQLException e) {
    return StorageException.of(file, e)
        .<RuntimeException>map(storage -> storage)
        .orElseGet(
            () ->
                new IllegalStateException(
                    file + ": request cache " + what + " failed: " + e.getMessage(), e));
  }
}
