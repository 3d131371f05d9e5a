package org.valbench.hub;

import static org.valbench.hub.HubEndpoint.dataset;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpClient.Redirect;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.valbench.common.Env;
import org.valbench.common.UserError;
import org.valbench.hub.HubGet.Unreachable;
import org.valbench.hub.HubListing.RemoteFile;

/**
 * Downloads the Parquet files of one split of a Hugging Face Hub dataset into a local cache.
 *
 * <p>Protocol, as in huggingface_hub ({@code HfApi.dataset_info}, {@code snapshot_download}, {@code
 * http_get}): one {@code GET {endpoint}/api/datasets/{repo}/revision/{revision}?blobs=true} gives
 * the commit the revision resolves to and every file with its size and LFS sha256 ({@link
 * HubListing}); each file of the split then comes from {@code GET
 * {endpoint}/datasets/{repo}/resolve/{commit}/{path}} ({@link HubTransfer}), following redirects by
 * hand so that the token goes only to the endpoint's own host, as httpx does ({@link HubGet}).
 * Files are picked as {@code push_to_hub} lays them out ({@code data/<split>-*.parquet}), else as
 * the Hub's Parquet conversion does ({@code default/<split>/*.parquet}, {@code
 * default/<split>-*.parquet}), in name order.
 *
 * <p>Cache layout under {@code cacheRoot} ({@link HubCache}); folder names follow huggingface_hub's
 * cache, but snapshots hold plain files rather than symlinks into {@code blobs/}:
 *
 * <pre>
 * datasets--{owner}--{name}/
 *   refs/{revision}              commit sha the revision last resolved to
 *   snapshots/{commit}/{path}    downloaded files; {path}.incomplete while downloading
 *   splits/{commit}/{split}.txt  the split's file paths, written once all of them are present
 * </pre>
 *
 * A file gets its final name only after its size (listing, X-Linked-Size, Content-Length or
 * Content-Range) and LFS sha256 (listing or X-Linked-Etag) check out; an interrupted download is
 * resumed with a Range request. When the Hub cannot be reached, a complete cached copy of the
 * revision is used. The token never appears in a message or on the progress writer.
 */
public final class HubDownloader {
  /** The Hub used when {@code HF_ENDPOINT} is not set; defined in {@link HubEndpoint}. */
  static final String DEFAULT_ENDPOINT = HubEndpoint.DEFAULT_URL;

  private static final Duration API_TIMEOUT = Duration.ofSeconds(30);

  private final HubEndpoint hub;
  private final HubCache cache;
  private final HubGet get;
  private final HubTransfer transfer;
  private final PrintWriter progress;

  public HubDownloader(Env env, Path cacheRoot, PrintWriter progress) {
    this(env, cacheRoot, defaultClient(), progress);
  }

  /** {@code http} must not follow redirects, so that the token never leaves the Hub's host. */
  public HubDownloader(Env env, Path cacheRoot, HttpClient http, PrintWriter progress) {
    HubEndpoint.checkNoRedirects(http);
    this.hub = HubEndpoint.from(env);
    this.cache = new HubCache(cacheRoot);
    this.get = new HubGet(hub, http);
    this.transfer = new HubTransfer(get);
    this.progress = progress;
  }

  /** A client with a connect timeout that leaves redirects to this class. */
  public static HttpClient defaultClient() {
    return HttpClient.newBuilder()
        .connectTimeout(Duration.ofSeconds(10))
        .followRedirects(Redirect.NEVER)
        .build();
  }

  /**
   * Downloads (or finds in the cache) the Parquet files of {@code split} of dataset {@code repoId}
   * at {@code revision} (branch, tag or commit); returns their local paths in shard order.
   */
  public List<Path> download(String repoId, String split, String revision) throws IOException {
    return download(repoId, split, revision, false).files();
  }

  /** The Parquet files of one split as downloaded, and the name of that split. */
  public record Download(List<Path> files, String split) {
    public Download {
      files = List.copyOf(files);
    }
  }

  /**
   * Like {@link #download(String, String, String)}, but when the dataset has no split {@code split}
   * and exactly one other split, that one is read (and a line says so): for datasets whose only
   * split has an undocumented name.
   */
  public Download downloadSplitOrOnly(String repoId, String split, String revision)
      throws IOException {
    return download(repoId, split, revision, true);
  }

  private Download download(String repoId, String wanted, String revision, boolean orOnly)
      throws IOException {
    HubEndpoint.checkRepoId(repoId);
    HubListing.checkNames(wanted, revision);
    HubListing listing;
    try {
      listing = list(repoId, revision);
    } catch (Unreachable e) {
      return cachedCopy(repoId, wanted, revision, e.getMessage(), orOnly);
    }
    String split = wanted;
    List<RemoteFile> files = listing.splitFiles(split);
    List<String> found = HubListing.splitsFound(listing.files());
    if (files.isEmpty() && orOnly && found.size() == 1) {
      split = found.get(0);
      files = listing.splitFiles(split);
      say(repoId + " has no split '" + wanted + "'; reading its only split '" + split + "'");
    }
    if (files.isEmpty()) {
      throw listing.unknownSplit(repoId, wanted, revision);
    }
    Path snapshot = cache.snapshot(repoId, listing.commit());
    List<Path> paths = new ArrayList<>();
    int fetched = 0;
    for (RemoteFile file : files) {
      Path target = HubCache.inside(snapshot, file.path());
      if (!Files.isRegularFile(target) || (file.size() >= 0 && Files.size(target) != file.size())) {
        fetch(repoId, listing.commit(), file, target);
        fetched++;
      }
      paths.add(target);
    }
    cache.remember(repoId, revision, listing.commit(), split, files);
    if (fetched == 0) {
      String label = commitLabel(listing.commit());
      String format = "%s split '%s' at %s: %d file(s) already in the cache (%s)";
      say(String.format(Locale.ROOT, format, repoId, split, label, files.size(), snapshot));
    }
    return new Download(paths, split);
  }

  /** The cache folder of one dataset, as huggingface_hub names it. */
  public Path repoDir(String repoId) {
    return cache.repoDir(repoId);
  }

  private HubListing list(String repoId, String revision) throws IOException, Unreachable {
    String path = "/api/datasets/" + repoId + "/revision/" + HubGet.encode(revision, false);
    URI uri = hub.at(path + "?blobs=true");
    HttpResponse<byte[]> response =
        get.get(uri, Map.of(), API_TIMEOUT, BodyHandlers.ofByteArray()).response();
    int status = response.statusCode();
    if (status == 200) {
      return HubListing.parse(response.body())
          .orElseThrow(
              () ->
                  UserError.badInput(
                      dataset(repoId)
                          + ": "
                          + hub.base()
                          + " did not answer like a Hugging Face Hub (no commit sha in the"
                          + " revision listing)"));
    }
    if (status == 404) {
      boolean noRevision =
          response.headers().firstValue("X-Error-Code").orElse("").equals("RevisionNotFound");
      throw UserError.badInput(
          noRevision
              ? dataset(repoId) + " has no revision '" + revision + "' (" + hub.base() + ")"
              : dataset(repoId)
                  + " not found at "
                  + hub.base()
                  + " (check the id; a private dataset needs HF_TOKEN)");
    }
    if (status == 401 || status == 403) {
      throw get.refused(repoId, status);
    }
    if (status == 429 || status >= 500) {
      throw new Unreachable("HTTP " + status);
    }
    throw UserError.badInput(dataset(repoId) + ": unexpected HTTP " + status + " from " + uri);
  }

  private void fetch(String repoId, String commit, RemoteFile file, Path target)
      throws IOException {
    long started = System.nanoTime();
    transfer.fetch(repoId, commit, file, target);
    double seconds = (System.nanoTime() - started) / 1e9;
    String format = "downloaded %s %s (%,d bytes) in %.1f s";
    say(String.format(Locale.ROOT, format, repoId, file.path(), Files.size(target), seconds));
  }

  private Download cachedCopy(
      String repoId, String wanted, String revision, String reason, boolean orOnly)
      throws IOException {
    String split = wanted;
    Optional<HubCache.Copy> copy = cache.find(repoId, split, revision);
    if (copy.isEmpty() && orOnly) {
      Optional<String> only = cache.onlySplit(repoId, revision);
      if (only.isPresent()) {
        split = only.get();
        copy = cache.find(repoId, split, revision);
      }
    }
    String unreachable =
        "the Hugging Face Hub could not be reached at " + hub.base() + " (" + reason + ")";
    String what = repoId + " split '" + split + "'";
    if (copy.isEmpty()) {
      throw new HubUnavailableException(
          unreachable
              + ", and the cache "
              + repoDir(repoId)
              + " holds no complete copy of "
              + what
              + " at revision '"
              + revision
              + "'");
    }
    String at = commitLabel(copy.get().commit());
    say(
        unreachable
            + "; using the cached copy of "
            + what
            + " at "
            + at
            + " from "
            + repoDir(repoId));
    return new Download(copy.get().files(), split);
  }

  private static String commitLabel(String commit) {
    return "commit " + commit.substring(0, 12);
  }

  private void say(String line) {
    progress.println(line);
    progress.flush();
  }
}
