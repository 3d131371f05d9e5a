package org.valbench.flows;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.valbench.common.StorageException;
import org.valbench.inference.AnswerJson;
import org.valbench.inference.ModelAnswer;
import org.valbench.inference.ModelRequest;
import org.valbench.inference.RequestResult;

/**
 * How each row's request ended, while one step runs: results arrive in any order from the engine
 * and are read back in row order, one at a time, so memory does not grow with the dataset (only the
 * requests in flight are held). Kept in an SQLite file in the step's scratch folder, which the step
 * discards: after a crash the step runs again and its answered requests come from the request
 * cache, so the file needs no durability and is written without a journal.
 */
final class ScratchAnswers implements AutoCloseable {
  /** How one row ended. */
  sealed interface Outcome {
    /** The model answered (or the request cache did). */
    record Answered(ModelAnswer answer) implements Outcome {
      public Answered {
        Objects.requireNonNull(answer, "answer");
      }
    }

    /** The request failed after its retries, or was not sent because the run stopped. */
    record Failed(String error) implements Outcome {
      public Failed {
        Objects.requireNonNull(error, "error");
      }
    }

    /** No request was made for the row (it had no prompt). */
    record NotAsked() implements Outcome {}
  }

  /** Rows written per transaction. */
  private static final int COMMIT_EVERY = 1024;

  private final Path file;
  private final Connection db;
  private final PreparedStatement insert;

  /**
   * The row of each request in flight. The engine hands back the request object it was given, and a
   * request carries no row number of its own, so the position is looked up by identity.
   */
  private final Map<ModelRequest, Long> inFlight = new IdentityHashMap<>();

  private int uncommitted;
  private boolean anyFailed;

  private ScratchAnswers(Path file) throws SQLException {
    this.file = file;
    db = DriverManager.getConnection("jdbc:sqlite:" + file);
    try (Statement s = db.createStatement()) {
      s.execute("PRAGMA journal_mode=OFF");
      s.execute("PRAGMA synchronous=OFF");
      s.execute(
          "CREATE TABLE outcomes (position INTEGER PRIMARY KEY, answer TEXT, error TEXT,"
              + " CHECK ((answer IS NULL) <> (error IS NULL)))");
      db.setAutoCommit(false);
      insert =
          db.prepareStatement("INSERT INTO outcomes (position, answer, error) VALUES (?, ?, ?)");
    } catch (SQLException e) {
      db.close();
      throw e;
    }
  }

  /** A new, empty store in {@code file} (which must not exist yet). */
  static ScratchAnswers create(Path file) {
    try {
      return new ScratchAnswers(file);
    } catch (SQLException e) {
      throw failure(file, "open", e);
    }
  }

  /** Notes that {@code request} is the request of row {@code position}, before it is sent. */
  synchronized void asked(long position, ModelRequest request) {
    inFlight.put(request, position);
  }

  /** Stores how the request handed to {@link #asked} ended, under its row's position. */
  synchronized void record(RequestResult result) {
    Long position = inFlight.remove(result.request());
    if (position == null) {
      throw new IllegalStateException("a result for a request this step did not ask: " + result);
    }
    switch (result) {
      case RequestResult.Answered a -> store(position, AnswerJson.write(a.answer()), null);
      case RequestResult.Failed f -> {
        anyFailed = true;
        store(position, null, f.error());
      }
    }
  }

  /** Whether any request failed (or was not sent). */
  synchronized boolean anyFailed() {
    return anyFailed;
  }

  private void store(long position, String answer, String error) {
    try {
      insert.setLong(1, position);
      insert.setString(2, answer);
      insert.setString(3, error);
      insert.executeUpdate();
      if (++uncommitted >= COMMIT_EVERY) {
        db.commit();
        uncommitted = 0;
      }
    } catch (SQLException e) {
      throw failure(file, "write", e);
    }
  }

  /**
   * Hands {@code action} the outcome of every row {@code 0..rows-1} in order, reading one stored
   * result at a time; a row with nothing stored was not asked.
   */
  synchronized void forEachInOrder(long rows, Consumer<Outcome> action) {
    try {
      db.commit();
      uncommitted = 0;
      try (Statement s = db.createStatement();
          ResultSet stored =
              s.executeQuery("SELECT position, answer, error FROM outcomes ORDER BY position")) {
        long next = 0;
        while (stored.next()) {
          long position = stored.getLong(1);
          for (; next < position; next++) {
            action.accept(new Outcome.NotAsked());
          }
          String answer = stored.getString(2);
          action.accept(
              answer != null
                  ? new Outcome.Answered(AnswerJson.read(answer))
                  : new Outcome.Failed(stored.getString(3)));
          next++;
        }
        for (; next < rows; next++) {
          action.accept(new Outcome.NotAsked());
        }
      }
    } catch (SQLException e) {
      throw failure(file, "read", e);
    }
  }

  @Override
  public synchronized void close() {
    try {
      insert.close();
      db.close();
    } catch (SQLException e) {
      // Scratch data: nothing left to lose.
    }
  }

  private static RuntimeException failure(Path file, String what, SQLException e) {
    return StorageException.of(file, e)
        .<RuntimeException>map(storage -> storage)
        .orElseGet(
            () ->
                new IllegalStateException(
                    file.getFileName() + ": scratch answers " + what + " failed: " + e.getMessage(),
                    e));
  }
}
