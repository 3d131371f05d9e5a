package org.valbench.dataset;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.valbench.common.UserError;

/**
 * Finds a local dataset's files and reads them: the bundled sample, a JSON Lines file, Parquet
 * file(s), a save_to_disk folder or one Arrow file. Unreadable content, when locating, opening or
 * while reading, is a {@link UserError} naming the file.
 */
public final class DatasetFiles {
  static final String SAMPLE_RESOURCE = "/sample/pairs.jsonl";

  private DatasetFiles() {}

  /**
   * Locates {@code spec} against {@code workDir}: {@code sample} or an existing local path (no
   * network). Errors name the path and what was looked for.
   */
  public static DatasetSource locate(String spec, Path workDir) {
    if (spec.equals(DatasetSource.SAMPLE)) {
      return new DatasetSource(spec, DatasetSource.Kind.SAMPLE, List.of(), sampleFingerprint());
    }
    Path path = workDir.resolve(spec).normalize();
    if (!Files.exists(path)) {
      throw UserError.badInput(spec + ": no such file or folder (" + path + ")");
    }
    try {
      if (Files.isDirectory(path)) {
        if (SaveToDiskFormat.looksLike(path)) {
          return of(spec, DatasetSource.Kind.SAVE_TO_DISK, listFiles(path));
        }
        List<Path> parquet = ParquetFormat.filesIn(path);
        if (!parquet.isEmpty()) {
          return of(spec, DatasetSource.Kind.PARQUET, parquet);
        }
        throw UserError.badInput(
            path
                + ": folder has neither save_to_disk files (state.json, *.arrow) nor *.parquet"
                + " files");
      }
      String name = path.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
      if (name.endsWith(".jsonl") || name.endsWith(".json") || name.endsWith(".ndjson")) {
        return of(spec, DatasetSource.Kind.JSONL, List.of(path));
      }
      if (name.endsWith(".parquet")) {
        return of(spec, DatasetSource.Kind.PARQUET, List.of(path));
      }
      if (name.endsWith(".arrow")) {
        return of(spec, DatasetSource.Kind.ARROW_FILE, List.of(path));
      }
    } catch (IOException e) {
      throw UserError.badInput(cannotRead(path.toString(), e), e);
    } catch (java.io.UncheckedIOException e) {
      // Files.walk and Files.list report a folder they cannot enter this way.
      throw UserError.badInput(cannotRead(path.toString(), e.getCause()), e);
    }
    throw UserError.badInput(
        path
            + ": unknown format; expected .jsonl, .parquet, .arrow, a folder of Parquet files,"
            + " or a save_to_disk folder");
  }

  /** Reads the whole dataset into memory. Unreadable content is a user error naming the file. */
  public static Table read(DatasetSource source) {
    return readRows(source.spec(), open(source)::toTable);
  }

  /**
   * Streams the dataset's rows. Unreadable content, when opening or while reading, is a user error
   * naming the file.
   */
  public static RowStream open(DatasetSource source) {
    return open(source, List.of());
  }

  /**
   * Streams the dataset's rows with at least {@code columns} (all columns when empty): Parquet
   * decodes only those, other formats give whole rows.
   */
  public static RowStream open(DatasetSource source, List<String> columns) {
    String spec = source.spec();
    List<Path> files = source.files();
    RowStream rows =
        readRows(
            spec,
            () ->
                switch (source.kind()) {
                  case SAMPLE ->
                      JsonlFormat.open(
                          () -> {
                            InputStream in =
                                DatasetFiles.class.getResourceAsStream(SAMPLE_RESOURCE);
                            if (in == null) {
                              throw new IllegalStateException(
                                  "the bundled sample is missing from the jar");
                            }
                            return in;
                          },
                          "sample");
                  case JSONL -> JsonlFormat.open(files.get(0));
                  case PARQUET -> ParquetFormat.open(files, columns);
                  case SAVE_TO_DISK -> SaveToDiskFormat.open(files.get(0).getParent());
                  case ARROW_FILE -> SaveToDiskFormat.openShardFile(files.get(0));
                });
    return new RowStream() {
      @Override
      public Schema schema() {
        return rows.schema();
      }

      @Override
      public boolean hasNext() {
        return readRows(spec, rows::hasNext);
      }

      @Override
      public Map<String, Object> next() {
        return readRows(spec, rows::next);
      }

      @Override
      public void close() {
        rows.close();
      }
    };
  }

  private interface Reading<T> {
    T get() throws IOException;
  }

  private static <T> T readRows(String spec, Reading<T> reading) {
    try {
      return reading.get();
    } catch (java.io.UncheckedIOException e) {
      throw UserError.badInput(cannotRead(spec, e.getCause()), e);
    } catch (IOException e) {
      throw UserError.badInput(cannotRead(spec, e), e);
    }
  }

  /**
   * One line naming the file that could not be read and why: "permission denied", "no such file",
   * the operating system's reason, or the reader's message. {@code fallback} names the dataset when
   * the exception does not say which file.
   */
  static String cannotRead(String fallback, IOException e) {
    if (e instanceof java.nio.file.FileSystemException fs && fs.getFile() != null) {
      String reason =
          switch (fs) {
            case java.nio.file.AccessDeniedException denied -> "permission denied";
            case NoSuchFileException missing -> "no such file";
            default -> fs.getReason() == null ? "cannot read" : fs.getReason();
          };
      return fs.getFile() + ": " + reason;
    }
    if (e instanceof java.nio.charset.CharacterCodingException) {
      return fallback + ": not UTF-8 text";
    }
    return fallback + ": cannot read (" + DatasetFormatException.describe(e) + ")";
  }

  private static DatasetSource of(String spec, DatasetSource.Kind kind, List<Path> files)
      throws IOException {
    return new DatasetSource(spec, kind, files, contentHash(files));
  }

  /**
   * SHA-256 over the names and bytes of the files: equal content gives an equal fingerprint even
   * when a folder was rewritten (new modification times), so downstream steps stay cached. Hashing
   * runs at several hundred MB/s, well under a second for the full benchmark.
   */
  static String contentHash(List<Path> files) throws IOException {
    MessageDigest digest = sha256();
    byte[] buffer = new byte[1 << 16];
    for (Path file : files) {
      digest.update((file.getFileName() + "\0").getBytes(StandardCharsets.UTF_8));
      try (InputStream in = Files.newInputStream(file)) {
        int n;
        while ((n = in.read(buffer)) > 0) {
          digest.update(buffer, 0, n);
        }
      }
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  private static List<Path> listFiles(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      // Hidden files (valbench's own markers) are not data and do not change the fingerprint.
      return files
          .filter(Files::isRegularFile)
          .filter(f -> !f.getFileName().toString().startsWith("."))
          .sorted()
          .toList();
    }
  }

  private static String sampleFingerprint() {
    try (InputStream in = DatasetFiles.class.getResourceAsStream(SAMPLE_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("the bundled sample is missing from the jar");
      }
      return HexFormat.of().formatHex(sha256().digest(in.readAllBytes()));
    } catch (IOException e) {
      throw new IllegalStateException("cannot read the bundled sample", e);
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
