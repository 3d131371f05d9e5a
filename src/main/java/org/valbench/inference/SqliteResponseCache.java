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
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
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

  private final Path file;
  private final java.util.concurrent.atomic.AtomicLong written =
      new java.util.concurrent.atomic.AtomicLong();
  private final java.util.concurrent.atomic.AtomicBoolean closed =
      new java.util.concurrent.atomic.AtomicBoolean();
  private final String shown;
  private final Consumer<String> notices;
  private final Connection reader;
  private final Connection writerConnection;
  private final LinkedBlockingQueue<Entry> queue = new LinkedBlockingQueue<>();
  private final Thread writer;
  private volatile SQLException writeError;

  /** Set when SQLite found the file damaged during the run: it is then moved aside on close. */
  private final AtomicReference<String> damaged = new AtomicReference<>();

  private SqliteResponseCache(Path file, String shown, Consumer<String> notices)
      throws SQLException {
    this.file = file;
    this.shown = shown;
    this.notices = notices;
    String url = "jdbc:sqlite:" + file;
    writerConnection = DriverManager.getConnection(url);
    try (Statement s = writerConnection.createStatement()) {
      s.execute("PRAGMA busy_timeout=30000");
      s.execute("PRAGMA journal_mode=WAL");
      s.execute("PRAGMA synchronous=NORMAL");
      s.execute(
          "CREATE TABLE IF NOT EXISTS responses ("
              + " key TEXT PRIMARY KEY,"
              + " provider TEXT NOT NULL,"
              + " model TEXT NOT NULL,"
              + " created_at TEXT NOT NULL,"
              + " answer TEXT NOT NULL)");
    } catch (SQLException e) {
      writerConnection.close();
      throw e;
    }
    writerConnection.setAutoCommit(false);
    reader = DriverManager.getConnection(url);
    try (Statement s = reader.createStatement()) {
      s.execute("PRAGMA busy_timeout=30000");
    }
    writer = Thread.ofPlatform().name("valbench-cache-writer").daemon(true).start(this::writeLoop);
  }

  /**
   * Opens (creating if needed) a cache at {@code file}, named by its path in messages; damage is
   * set aside without a notice (for tests).
   */
  public static SqliteResponseCache open(Path file) {
    return open(file, file.toString(), line -> {});
  }

  /**
   * Opens (creating if needed) the request cache at {@code file} ({@code shown} is how messages
   * name it). A file that is not an SQLite database, or is truncated or malformed, is moved aside
   * to {@code <name>.damaged-<time>} and a new cache is started; {@code notices} gets one line
   * saying so. The same holds for damage SQLite only finds during the run (reads then miss, and the
   * file is moved aside on close), and a single damaged row is a miss, overwritten by the fresh
   * answer.
   */
  public static SqliteResponseCache open(Path file, String shown, Consumer<String> notices) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Optional<String> damage = SqliteHeader.damage(file);
      if (damage.isEmpty()) {
        try {
          return new SqliteResponseCache(file, shown, notices);
        } catch (SQLException e) {
          if (!isDamage(e)) {
            throw e;
          }
          damage = Optional.of(oneLine(e));
        }
      }
      Path aside = moveAside(file);
      notices.accept(
          shown
              + ": damaged ("
              + damage.get()
              + "); moved aside to "
              + aside.getFileName()
              + " and started a new request cache");
      return new SqliteResponseCache(file, shown, notices);
    } catch (SQLException | java.io.IOException e) {
      throw StorageException.of(file, e)
          .<RuntimeException>map(storage -> storage)
          .orElseGet(
              () ->
                  UserError.badInput(
                      shown + ": cannot open the request cache (" + e.getMessage() + ")", e));
    }
  }

  /** SQLite's "not a database" and "malformed" errors, as opposed to locks, permissions or I/O. */
  static boolean isDamage(SQLException e) {
    int code = e.getErrorCode() & 0xff;
    String message = String.valueOf(e.getMessage());
    return code == SQLITE_CORRUPT
        || code == SQLITE_NOTADB
        || message.contains("SQLITE_CORRUPT")
        || message.contains("SQLITE_NOTADB");
  }

  private static final int SQLITE_CORRUPT = 11;
  private static final int SQLITE_NOTADB = 26;

  /** Renames the database and its WAL and shared-memory files to {@code .damaged-<time>}. */
  private static Path moveAside(Path file) throws java.io.IOException {
    String stamp =
        java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(java.time.ZoneOffset.UTC)
            .format(Instant.now());
    Path aside = file.resolveSibling(file.getFileName() + ".damaged-" + stamp);
    for (int i = 2; Files.exists(aside); i++) {
      aside = file.resolveSibling(file.getFileName() + ".damaged-" + stamp + "-" + i);
    }
    Files.move(file, aside);
    for (String suffix : List.of("-wal", "-shm")) {
      Path side = file.resolveSibling(file.getFileName() + suffix);
      if (Files.exists(side)) {
        Files.move(side, aside.resolveSibling(aside.getFileName() + suffix));
      }
    }
    return aside;
  }

  private static String oneLine(Throwable e) {
    return String.valueOf(e.getMessage()).replaceAll("\\s+", " ").strip();
  }

  /** Marks the file damaged (said once); from then on reads miss and writes are dropped. */
  private void markDamaged(SQLException e) {
    if (damaged.compareAndSet(null, oneLine(e))) {
      notices.accept(
          shown
              + ": damaged ("
              + oneLine(e)
              + "); answers are asked again for the rest of this run, and the file is moved aside"
              + " when it ends");
    }
  }

  @Override
  public synchronized Optional<ModelAnswer> get(String key) {
    if (damaged.get() != null) {
      return Optional.empty();
    }
    String stored;
    try (PreparedStatement select =
        reader.prepareStatement("SELECT answer FROM responses WHERE key = ?")) {
      select.setString(1, key);
      try (ResultSet rows = select.executeQuery()) {
        if (!rows.next()) {
          return Optional.empty();
        }
        stored = rows.getString(1);
      }
    } catch (SQLException e) {
      if (isDamage(e)) {
        markDamaged(e);
        return Optional.empty();
      }
      throw failure("read", e);
    }
    try {
      return Optional.of(AnswerJson.read(stored));
    } catch (IllegalArgumentException e) {
      // A damaged row is a miss: the fresh answer replaces it.
      notices.accept(
          shown
              + ": discarded the damaged cached answer "
              + key.substring(0, Math.min(12, key.length()))
              + "... ("
              + e.getMessage()
              + "); asking again");
      return Optional.empty();
    }
  }

  @Override
  public void put(String key, String provider, String model, ModelAnswer answer) {
    if (damaged.get() != null) {
      return;
    }
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
      if (isDamage(e)) {
        markDamaged(e);
      } else {
        writeError = e;
      }
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
    if (damaged.get() != null) {
      try {
        moveAside(file);
      } catch (java.io.IOException e) {
        notices.accept(shown + ": could not move the damaged file aside (" + e.getMessage() + ")");
      }
    }
    if (writeError != null) {
      throw failure("write", writeError);
    }
  }

  @Override
  public long written() {
    return written.get();
  }

  /** A failed read or write: the machine's refusal (disk full, ...) named as such, or else. */
  private RuntimeException failure(String what, SQLException e) {
    return StorageException.of(file, e)
        .<RuntimeException>map(storage -> storage)
        .orElseGet(
            () ->
                new IllegalStateException(
                    shown + ": request cache " + what + " failed: " + e.getMessage(), e));
  }
}
