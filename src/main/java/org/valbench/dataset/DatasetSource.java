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
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.valbench.common.UserError;
import org.valbench.hub.HubDownloader;
import org.valbench.s3.S3Store;

/**
 * Where a dataset comes from, resolved from a {@code --dataset-id} value: the bundled sample, a
 * JSON Lines file, Parquet file(s), or a save_to_disk folder. {@link #fingerprint()} is a hash of
 * the files' content, so step keys change exactly when the data does.
 */
public record DatasetSource(String spec, Kind kind, List<Path> files, String fingerprint) {
  /** The bundled sample's name on the command line and its resource path in the jar. */
  public static final String SAMPLE = "sample";

  static final String SAMPLE_RESOURCE = "/sample/pairs.jsonl";

  private static final Pattern HUB_ID = Pattern.compile("[A-Za-z0-9][\\w.-]*/[\\w.-]+");

  /** The formats valbench reads. */
  public enum Kind {
    SAMPLE,
    JSONL,
    PARQUET,
    SAVE_TO_DISK,
    ARROW_FILE
  }

  public DatasetSource {
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(kind, "kind");
    files = List.copyOf(files);
    Objects.requireNonNull(fingerprint, "fingerprint");
  }

  /** Where and how to download Hub datasets: cache folder, split, revision, and a progress log. */
  public record Hub(
      org.valbench.common.Env env,
      Path cacheRoot,
      String split,
      String revision,
      java.io.PrintWriter log) {
    public Hub {
      Objects.requireNonNull(env, "env");
      Objects.requireNonNull(cacheRoot, "cacheRoot");
      Objects.requireNonNull(split, "split");
      Objects.requireNonNull(revision, "revision");
      Objects.requireNonNull(log, "log");
    }
  }

  /** Resolves a local {@code spec} against {@code workDir} (no Hub access). */
  public static DatasetSource resolve(String spec, Path workDir) {
    return resolve(spec, workDir, null);
  }

  /**
   * Resolves {@code spec} against {@code workDir}: {@code sample}, an existing local path, or a Hub
   * id {@code owner/name} (downloaded into the cache when {@code hub} is given). Errors name the
   * path and what was looked for.
   */
  public static DatasetSource resolve(String spec, Path workDir, Hub hub) {
    if (spec.equals(SAMPLE)) {
      return new DatasetSource(spec, Kind.SAMPLE, List.of(), sampleFingerprint());
    }
    if (S3Store.isS3(spec)) {
      if (hub == null) {
        throw UserError.badInput(spec + ": no such local file or folder");
      }
      return fromS3(spec, workDir, hub);
    }
    Path path = workDir.resolve(spec).normalize();
    if (!Files.exists(path)) {
      if (isHubId(spec)) {
        if (hub == null) {
          throw UserError.badInput(spec + ": no such local file or folder");
        }
        return fromHub(spec, hub);
      }
      throw UserError.badInput(spec + ": no such file or folder (" + path + ")");
    }
    try {
      if (Files.isDirectory(path)) {
        if (SaveToDiskFormat.looksLike(path)) {
          return of(spec, Kind.SAVE_TO_DISK, listFiles(path));
        }
        List<Path> parquet = ParquetFormat.filesIn(path);
        if (!parquet.isEmpty()) {
          return of(spec, Kind.PARQUET, parquet);
        }
        throw UserError.badInput(
            path
                + ": folder has neither save_to_disk files (state.json, *.arrow) nor *.parquet"
                + " files");
      }
      String name = path.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
      if (name.endsWith(".jsonl") || name.endsWith(".json") || name.endsWith(".ndjson")) {
        return of(spec, Kind.JSONL, List.of(path));
      }
      if (name.endsWith(".parquet")) {
        return of(spec, Kind.PARQUET, List.of(path));
      }
      if (name.endsWith(".arrow")) {
        return of(spec, Kind.ARROW_FILE, List.of(path));
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

  /**
   * {@code owner/name}, not starting with "local" or "." (those are local paths, as in the
   * reference).
   */
  public static boolean isHubId(String spec) {
    return HUB_ID.matcher(spec).matches() && !spec.startsWith(".") && !spec.startsWith("local");
  }

  /** The local copy of downloaded {@code s3://bucket/prefix} data: {@code <root>/bucket/prefix}. */
  public static final String S3_COPIES = "local_data/s3";

  /**
   * Copies the objects under an {@code s3://} location to {@code local_data/s3/<bucket>/<prefix>}
   * and reads that copy as a local path (a save_to_disk folder, Parquet files, or one file).
   */
  private static DatasetSource fromS3(String spec, Path workDir, Hub hub) {
    S3Store.Location location = S3Store.parse(spec, spec);
    hub.log().println("downloading " + location.url() + " ...");
    hub.log().flush();
    String local = location.localCopy(S3_COPIES);
    try (S3Store store = S3Store.open(hub.env())) {
      store.download(location, workDir.resolve(local));
    }
    DatasetSource copy = resolve(local, workDir, null);
    return new DatasetSource(location.url(), copy.kind(), copy.files(), copy.fingerprint());
  }

  private static DatasetSource fromHub(String spec, Hub hub) {
    List<Path> files;
    try {
      files =
          new HubDownloader(hub.env(), hub.cacheRoot(), hub.log())
              .download(spec, hub.split(), hub.revision());
    } catch (IOException e) {
      throw UserError.badInput(
          spec + ": download from the Hugging Face Hub failed (" + e.getMessage() + ")", e);
    }
    // Cached files live under their commit's folder, so their paths identify the content.
    String fingerprint =
        org.valbench.common.Hashing.sha256Hex(
            String.join("\n", files.stream().map(Path::toString).toList()));
    return new DatasetSource(
        spec + "@" + hub.split() + "@" + hub.revision(), Kind.PARQUET, files, fingerprint);
  }

  /** Reads the whole dataset into memory. Unreadable content is a user error naming the file. */
  public Table read() {
    return readRows(open()::toTable);
  }

  /**
   * Streams the dataset's rows. Unreadable content, when opening or while reading, is a user error
   * naming the file.
   */
  public RowStream open() {
    return open(List.of());
  }

  /**
   * Streams the dataset's rows with at least {@code columns} (all columns when empty): Parquet
   * decodes only those, other formats give whole rows.
   */
  public RowStream open(List<String> columns) {
    RowStream rows =
        readRows(
            () ->
                switch (kind) {
                  case SAMPLE ->
                      JsonlFormat.open(
                          () -> {
                            InputStream in =
                                DatasetSource.class.getResourceAsStream(SAMPLE_RESOURCE);
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
        return readRows(rows::hasNext);
      }

      @Override
      public Map<String, Object> next() {
        return readRows(rows::next);
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

  private <T> T readRows(Reading<T> reading) {
    try {
      return reading.get();
    } catch (DatasetFormatException e) {
      throw UserError.badInput(e.getMessage(), e);
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

  private static DatasetSource of(String spec, Kind kind, List<Path> files) throws IOException {
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
    try (InputStream in = DatasetSource.class.getResourceAsStream(SAMPLE_RESOURCE)) {
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
