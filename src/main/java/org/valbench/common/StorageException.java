package org.valbench.common;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.nio.file.ReadOnlyFileSystemException;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The machine refused to store something valbench must keep (a checkpoint, the request cache, an
 * output, a report): the disk is full, the file system is read-only, or permission is denied. It
 * names the path and the cause; nothing finished before it is lost, and the same command runs on
 * once the cause is fixed.
 */
public final class StorageException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient Path path;
  private final String reason;

  public StorageException(Path path, String reason, Throwable cause) {
    super(path + ": " + reason, cause);
    this.path = Objects.requireNonNull(path, "path");
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  public Path path() {
    return path;
  }

  /** The cause in a few words, e.g. "no space left on device". */
  public String reason() {
    return reason;
  }

  /**
   * {@code error} as a {@link StorageException} for {@code path} when its causes show a refusal of
   * the machine (see {@link #environmentalReason}); empty for any other failure.
   */
  public static Optional<StorageException> of(Path path, Throwable error) {
    if (error instanceof StorageException storage) {
      return Optional.of(storage);
    }
    return environmentalReason(error)
        .map(reason -> new StorageException(fileNamedIn(error).orElse(path), reason, error));
  }

  /** Something that writes below one path. */
  @FunctionalInterface
  public interface Write<T> {
    T run() throws IOException;
  }

  /**
   * Runs {@code write}; a refusal of the machine on the way comes out as a {@link StorageException}
   * for {@code path} (or the exact file the JDK names), any other failure as it was.
   */
  public static <T> T guard(Path path, Write<T> write) throws IOException {
    try {
      return write.run();
    } catch (IOException | RuntimeException e) {
      Optional<StorageException> storage = of(path, e);
      if (storage.isPresent()) {
        throw storage.get();
      }
      throw e;
    }
  }

  /** The file a JDK file-system exception among the causes names, if any. */
  private static Optional<Path> fileNamedIn(Throwable error) {
    Throwable t = error;
    for (int depth = 0; t != null && depth < 32; depth++, t = t.getCause()) {
      if (t instanceof FileSystemException fs && fs.getFile() != null) {
        try {
          return Optional.of(Path.of(fs.getFile()));
        } catch (java.nio.file.InvalidPathException e) {
          return Optional.empty();
        }
      }
    }
    return Optional.empty();
  }

  /**
   * Why the machine refused a file operation, when one of {@code error}'s causes says so: no space
   * left, a read-only file system, permission denied, a quota; from the JDK's exceptions, the
   * operating system's messages, or SQLite's result codes.
   */
  public static Optional<String> environmentalReason(Throwable error) {
    Throwable t = error;
    for (int depth = 0; t != null && depth < 32; depth++, t = t.getCause()) {
      if (t instanceof AccessDeniedException) {
        return Optional.of("permission denied");
      }
      if (t instanceof ReadOnlyFileSystemException) {
        return Optional.of("read-only file system");
      }
      String message = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
      if (t instanceof FileSystemException fs && fs.getReason() != null) {
        message = fs.getReason().toLowerCase(Locale.ROOT);
      }
      if (t instanceof IOException
          || t instanceof java.sql.SQLException
          || t instanceof java.io.UncheckedIOException) {
        if (message.contains("no space left") || message.contains("sqlite_full")) {
          return Optional.of("no space left on device");
        }
        if (message.contains("read-only file system")
            || message.contains("sqlite_readonly")
            || message.contains("attempt to write a readonly database")) {
          return Optional.of("read-only file system or file");
        }
        if (message.contains("permission denied") || message.contains("sqlite_perm")) {
          return Optional.of("permission denied");
        }
        if (message.contains("disk quota exceeded")) {
          return Optional.of("disk quota exceeded");
        }
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return Optional.empty();
  }
}
