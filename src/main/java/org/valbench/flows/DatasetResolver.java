package org.valbench.flows;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import org.valbench.common.Env;
import org.valbench.common.Hashing;
import org.valbench.common.UserError;
import org.valbench.dataset.DatasetFiles;
import org.valbench.dataset.DatasetSource;
import org.valbench.hub.HubDownloader;
import org.valbench.s3.S3Store;

/**
 * Turns a dataset the user named ({@code --dataset-id}, {@code --responses-ds-path}, ...) into a
 * {@link DatasetSource}: the bundled sample and local paths as they are, an {@code s3://} location
 * by copying it under {@link #S3_COPIES}, a Hub id {@code owner/name} that is no local path by
 * downloading its split into the Hub cache. The one place where naming a dataset can download.
 */
public final class DatasetResolver {
  /** The local copy of downloaded {@code s3://bucket/prefix} data: {@code <root>/bucket/prefix}. */
  static final String S3_COPIES = "local_data/s3";

  private static final Pattern HUB_ID = Pattern.compile("[A-Za-z0-9][\\w.-]*/[\\w.-]+");

  /** Where and how to download: credentials and endpoints, Hub cache folder, split, revision. */
  public record Downloads(Env env, Path cacheRoot, String split, String revision, PrintWriter log) {
    public Downloads {
      Objects.requireNonNull(env, "env");
      Objects.requireNonNull(cacheRoot, "cacheRoot");
      Objects.requireNonNull(split, "split");
      Objects.requireNonNull(revision, "revision");
      Objects.requireNonNull(log, "log");
    }
  }

  private final Path workDir;
  private final Downloads downloads;

  public DatasetResolver(Path workDir, Downloads downloads) {
    this.workDir = Objects.requireNonNull(workDir, "workDir");
    this.downloads = Objects.requireNonNull(downloads, "downloads");
  }

  /**
   * Resolves {@code spec} against the working folder: {@code sample}, an existing local path, an
   * {@code s3://} location or a Hub id. Errors name the path and what was looked for.
   */
  public DatasetSource resolve(String spec) {
    return resolve(spec, false);
  }

  /**
   * Like {@link #resolve}, but a Hub dataset without the split asked for is read from its only
   * split, if it has exactly one (the calibration sets' split names are not documented).
   */
  public DatasetSource resolveSplitOrOnly(String spec) {
    return resolve(spec, true);
  }

  private DatasetSource resolve(String spec, boolean orOnlySplit) {
    if (S3Store.isS3(spec)) {
      return fromS3(spec);
    }
    if (!spec.equals(DatasetSource.SAMPLE)
        && !Files.exists(workDir.resolve(spec).normalize())
        && isHubId(spec)) {
      return fromHub(spec, orOnlySplit);
    }
    return DatasetFiles.locate(spec, workDir);
  }

  /**
   * {@code owner/name}, not starting with "local" or "." (those are local paths, as in the
   * reference).
   */
  public static boolean isHubId(String spec) {
    return HUB_ID.matcher(spec).matches() && !spec.startsWith(".") && !spec.startsWith("local");
  }

  /**
   * Copies the objects under an {@code s3://} location to {@code local_data/s3/<bucket>/<prefix>}
   * and reads that copy as a local path (a save_to_disk folder, Parquet files, or one file).
   */
  private DatasetSource fromS3(String spec) {
    S3Store.Location location = S3Store.parse(spec, spec);
    downloads.log().println("downloading " + location.url() + " ...");
    downloads.log().flush();
    String local = location.localCopy(S3_COPIES);
    try (S3Store store = S3Store.open(downloads.env())) {
      store.download(location, workDir.resolve(local));
    }
    DatasetSource copy = DatasetFiles.locate(local, workDir);
    return new DatasetSource(location.url(), copy.kind(), copy.files(), copy.fingerprint());
  }

  private DatasetSource fromHub(String spec, boolean orOnlySplit) {
    List<Path> files;
    String split = downloads.split();
    try {
      HubDownloader downloader =
          new HubDownloader(downloads.env(), downloads.cacheRoot(), downloads.log());
      if (orOnlySplit) {
        HubDownloader.Download download =
            downloader.downloadSplitOrOnly(spec, split, downloads.revision());
        files = download.files();
        split = download.split();
      } else {
        files = downloader.download(spec, split, downloads.revision());
      }
    } catch (IOException e) {
      throw UserError.badInput(
          spec + ": download from the Hugging Face Hub failed (" + e.getMessage() + ")", e);
    }
    // Cached files live under their commit's folder, so their paths identify the content.
    String fingerprint =
        Hashing.sha256Hex(String.join("\n", files.stream().map(Path::toString).toList()));
    return new DatasetSource(
        spec + "@" + split + "@" + downloads.revision(),
        DatasetSource.Kind.PARQUET,
        files,
        fingerprint);
  }
}
