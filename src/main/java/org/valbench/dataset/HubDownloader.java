package org.valbench.dataset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpClient.Redirect;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandler;
import java.net.http.HttpResponse.BodyHandlers;
import java.net.http.HttpResponse.BodySubscribers;
import java.net.http.HttpTimeoutException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.valbench.common.Env;
import org.valbench.common.UserError;

/**
 * Downloads the Parquet files of one split of a Hugging Face Hub dataset into a local cache.
 *
 * <p>Protocol, as in huggingface_hub ({@code HfApi.dataset_info}, {@code snapshot_download}, {@code
 * http_get}): one {@code GET {endpoint}/api/datasets/{repo}/revision/{revision}?blobs=true} gives
 * the commit the revision resolves to and every file with its size and LFS sha256; each file of the
 * split then comes from {@code GET {endpoint}/datasets/{repo}/resolve/{commit}/{path}}, following
 * redirects by hand so that the token goes only to the endpoint's own host (as httpx does). Files
 * are picked as {@code push_to_hub} lays them out ({@code data/<split>-*.parquet}), else as the
 * Hub's Parquet conversion does ({@code default/<split>/*.parquet}, {@code
 * default/<split>-*.parquet}), in name order.
 *
 * <p>Cache layout under {@code cacheRoot}; folder names follow huggingface_hub's cache, but
 * snapshots hold plain files rather than symlinks into {@code blobs/}:
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
  static final String DEFAULT_ENDPOINT = "https://huggingface.co";
  static final String DEFAULT_CONFIG = "default";
  static final List<String> TOKEN_VARIABLES =
      List.of("HF_TOKEN", "HUGGING_FACE_HUB_TOKEN", "HUGGINGFACE_API_TOKEN");

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern REPO_ID = Pattern.compile("\\w[\\w.-]*/\\w[\\w.-]*");
  // The split-name rule of the datasets library.
  private static final String SPLIT_NAME = "\\w+(?:\\.\\w+)*";
  private static final Pattern SPLIT = Pattern.compile(SPLIT_NAME);
  private static final Pattern ANY_SPLIT =
      Pattern.compile(
          "data/("
              + SPLIT_NAME
              + ")(?:-[^/]*)?\\.parquet|"
              + DEFAULT_CONFIG
              + "/("
              + SPLIT_NAME
              + ")(?:/[^/]+|-[^/]*)\\.parquet");
  // An empty, "." or ".." path segment, a backslash or a control character.
  private static final Pattern BAD_REVISION =
      Pattern.compile("(?:^|/)\\.{0,2}(?:/|$)|[\\\\\\p{Cntrl}]");
  private static final Pattern COMMIT = Pattern.compile("[0-9a-f]{40}");
  private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
  private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (\\d+)-\\d+/(\\d+)");
  private static final Duration API_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration DOWNLOAD_TIMEOUT = Duration.ofSeconds(60);
  private static final int MAX_REDIRECTS = 10;

  private final URI endpoint;
  private final Optional<String> tokenVariable;
  private final Optional<String> token;
  private final Path cacheRoot;
  private final HttpClient http;
  private final PrintWriter progress;

  /** One file of the repository as listed: path, size in bytes (-1 if unknown), LFS sha256. */
  record RemoteFile(String path, long size, Optional<String> sha256) {}

  /** A revision's listing: the commit it resolves to and the files of that commit. */
  record Listing(String commit, List<RemoteFile> files) {
    Listing {
      files = List.copyOf(files);
    }
  }

  /** What the server said about a transfer: sizes in bytes (-1 if not said) and LFS sha256. */
  private record Claims(long linkedSize, long total, Optional<String> sha256) {
    static final Claims NONE = new Claims(-1, -1, Optional.empty());
  }

  /** The final response after redirects, and the headers of the first one (the Hub's own). */
  private record Answer<T>(HttpResponse<T> response, HttpHeaders first) {}

  /** The Hub could not be reached (connection, timeout, 429 or 5xx); the message says why. */
  private static final class Unreachable extends Exception {
    private static final long serialVersionUID = 1L;

    Unreachable(String reason) {
      super(reason);
    }
  }

  public HubDownloader(Env env, Path cacheRoot, PrintWriter progress) {
    this(env, cacheRoot, defaultClient(), progress);
  }

  /** {@code http} must not follow redirects, so that the token never leaves the Hub's host. */
  public HubDownloader(Env env, Path cacheRoot, HttpClient http, PrintWriter progress) {
    if (http.followRedirects() != Redirect.NEVER) {
      throw new IllegalArgumentException("the HttpClient must not follow redirects itself");
    }
    this.endpoint = endpoint(env.get("HF_ENDPOINT").orElse(DEFAULT_ENDPOINT));
    this.tokenVariable = TOKEN_VARIABLES.stream().filter(n -> env.get(n).isPresent()).findFirst();
    this.token = tokenVariable.flatMap(env::get);
    this.cacheRoot = cacheRoot;
    this.http = http;
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
    checkNames(repoId, split, revision);
    Listing listing;
    try {
      listing = list(repoId, revision);
    } catch (Unreachable e) {
      return cachedCopy(repoId, split, revision, e.getMessage());
    }
    List<RemoteFile> files = splitFiles(listing.files(), split);
    if (files.isEmpty()) {
      throw unknownSplit(repoId, split, revision, listing.files());
    }
    Path snapshot = repoDir(repoId).resolve("snapshots").resolve(listing.commit());
    List<Path> paths = new ArrayList<>();
    int fetched = 0;
    for (RemoteFile file : files) {
      Path target = inside(snapshot, file.path());
      if (!Files.isRegularFile(target) || (file.size() >= 0 && Files.size(target) != file.size())) {
        fetch(repoId, listing.commit(), file, target);
        fetched++;
      }
      paths.add(target);
    }
    remember(repoId, revision, listing.commit(), split, files);
    if (fetched == 0) {
      say(
          String.format(
              Locale.ROOT,
              "%s split '%s' at %s: %d file(s) already in the cache (%s)",
              repoId,
              split,
              commitLabel(listing.commit()),
              files.size(),
              snapshot));
    }
    return List.copyOf(paths);
  }

  /** The cache folder of one dataset, as huggingface_hub names it. */
  public Path repoDir(String repoId) {
    return cacheRoot.resolve("datasets--" + repoId.replace("/", "--"));
  }

  /** The split's files: push_to_hub's layout first, else the Parquet conversion's; by name. */
  static List<RemoteFile> splitFiles(List<RemoteFile> files, String split) {
    String name = Pattern.quote(split);
    List<Pattern> layouts =
        List.of(
            Pattern.compile("data/" + name + "(?:-[^/]*)?\\.parquet"),
            Pattern.compile(DEFAULT_CONFIG + "/" + name + "(?:/[^/]+|-[^/]*)\\.parquet"));
    for (Pattern layout : layouts) {
      List<RemoteFile> matched =
          files.stream()
              .filter(f -> layout.matcher(f.path()).matches())
              .sorted(Comparator.comparing(RemoteFile::path))
              .toList();
      if (!matched.isEmpty()) {
        return matched;
      }
    }
    return List.of();
  }

  /** The split names that the file names of either layout show, sorted. */
  static List<String> splitsFound(List<RemoteFile> files) {
    TreeSet<String> splits = new TreeSet<>();
    for (RemoteFile file : files) {
      Matcher m = ANY_SPLIT.matcher(file.path());
      if (m.matches()) {
        splits.add(m.group(1) != null ? m.group(1) : m.group(2));
      }
    }
    return List.copyOf(splits);
  }

  private Listing list(String repoId, String revision) throws IOException, Unreachable {
    URI uri =
        URI.create(
            endpoint
                + "/api/datasets/"
                + repoId
                + "/revision/"
                + encode(revision, false)
                + "?blobs=true");
    HttpResponse<byte[]> response =
        get(uri, Map.of(), API_TIMEOUT, BodyHandlers.ofByteArray()).response();
    int status = response.statusCode();
    if (status == 200) {
      return parseListing(response.body(), repoId);
    }
    if (status == 404) {
      boolean noRevision =
          response.headers().firstValue("X-Error-Code").orElse("").equals("RevisionNotFound");
      throw UserError.badInput(
          noRevision
              ? dataset(repoId) + " has no revision '" + revision + "' (" + endpoint + ")"
              : dataset(repoId)
                  + " not found at "
                  + endpoint
                  + " (check the id; a private dataset needs HF_TOKEN)");
    }
    if (status == 401 || status == 403) {
      throw refused(repoId, status);
    }
    if (status == 429 || status >= 500) {
      throw new Unreachable("HTTP " + status);
    }
    throw UserError.badInput(dataset(repoId) + ": unexpected HTTP " + status + " from " + uri);
  }

  private Listing parseListing(byte[] body, String repoId) {
    try {
      JsonNode root = JSON.readTree(body);
      String commit = root.path("sha").asText("");
      if (COMMIT.matcher(commit).matches()) {
        List<RemoteFile> files = new ArrayList<>();
        for (JsonNode sibling : root.path("siblings")) {
          JsonNode lfs = sibling.path("lfs");
          long size = lfs.path("size").asLong(sibling.path("size").asLong(-1));
          String sha256 = lfs.path("sha256").asText("");
          files.add(
              new RemoteFile(
                  sibling.path("rfilename").asText(),
                  size,
                  Optional.of(sha256).filter(h -> SHA256.matcher(h).matches())));
        }
        return new Listing(commit, files);
      }
    } catch (IOException e) {
      // Falls through to the error below: the body is not the JSON the Hub sends.
    }
    throw UserError.badInput(
        dataset(repoId)
            + ": "
            + endpoint
            + " did not answer like a Hugging Face Hub (no commit"
            + " sha in the revision listing)");
  }

  private void fetch(String repoId, String commit, RemoteFile file, Path target)
      throws IOException {
    Files.createDirectories(target.getParent());
    Path partial = target.resolveSibling(target.getFileName() + ".incomplete");
    long have = Files.isRegularFile(partial) ? Files.size(partial) : 0;
    if (file.size() >= 0 && have > file.size()) {
      Files.delete(partial);
      have = 0;
    }
    long started = System.nanoTime();
    // Same rule as http_get: a partial file that already has every byte needs no request.
    Claims claims =
        have > 0 && have == file.size()
            ? Claims.NONE
            : transfer(repoId, commit, file, partial, have);
    verify(repoId, file, partial, claims);
    AtomicDirs.move(partial, target);
    AtomicDirs.fsyncDir(target.getParent());
    double seconds = (System.nanoTime() - started) / 1e9;
    say(
        String.format(
            Locale.ROOT,
            "downloaded %s %s (%,d bytes) in %.1f s",
            repoId,
            file.path(),
            Files.size(target),
            seconds));
  }

  private Claims transfer(String repoId, String commit, RemoteFile file, Path partial, long have)
      throws IOException {
    URI uri =
        URI.create(
            endpoint
                + "/datasets/"
                + repoId
                + "/resolve/"
                + commit
                + "/"
                + encode(file.path(), true));
    Map<String, String> range = have > 0 ? Map.of("Range", "bytes=" + have + "-") : Map.of();
    Answer<InputStream> answer;
    try {
      answer = get(uri, range, DOWNLOAD_TIMEOUT, BodyHandlers.ofInputStream());
    } catch (Unreachable e) {
      throw stopped(repoId, file, partial, e.getMessage());
    }
    HttpResponse<InputStream> response = answer.response();
    try (InputStream body = response.body()) {
      int status = response.statusCode();
      if (status != 200 && status != 206) {
        if (status == 416) {
          // The partial file does not fit the remote one; start over on the next run.
          Files.deleteIfExists(partial);
        }
        throw downloadFailed(repoId, file, status);
      }
      long offset = status == 206 ? have : 0;
      if (status == 206 && rangeStart(response) != have) {
        Files.deleteIfExists(partial);
        throw UserError.badInput(
            dataset(repoId)
                + ": "
                + file.path()
                + " came back with the wrong byte range; rerun"
                + " to download it again");
      }
      write(body, partial, offset > 0, repoId, file);
      return new Claims(linkedSize(answer.first()), total(response, offset), etagSha(answer));
    }
  }

  private static void write(
      InputStream body, Path partial, boolean append, String repoId, RemoteFile file) {
    StandardOpenOption mode =
        append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING;
    try (FileChannel channel =
            FileChannel.open(partial, StandardOpenOption.CREATE, StandardOpenOption.WRITE, mode);
        OutputStream out = Channels.newOutputStream(channel)) {
      body.transferTo(out);
      channel.force(true);
    } catch (IOException e) {
      throw stopped(repoId, file, partial, e.getMessage());
    }
  }

  /** Checks the complete partial file against every size and hash known; deletes it if wrong. */
  private static void verify(String repoId, RemoteFile file, Path partial, Claims claims)
      throws IOException {
    long actual = Files.size(partial);
    for (long expected : new long[] {file.size(), claims.linkedSize(), claims.total()}) {
      if (expected >= 0 && expected != actual) {
        Files.delete(partial);
        throw UserError.badInput(
            dataset(repoId)
                + ": "
                + file.path()
                + " arrived with "
                + actual
                + " bytes, expected "
                + expected
                + "; the partial file was deleted, rerun to"
                + " download it again");
      }
    }
    Optional<String> sha256 = file.sha256().or(claims::sha256);
    if (sha256.isPresent() && !sha256.get().equals(sha256(partial))) {
      Files.delete(partial);
      throw UserError.badInput(
          dataset(repoId)
              + ": "
              + file.path()
              + " does not match its sha256 "
              + sha256.get()
              + "; the partial file was deleted, rerun to download it again");
    }
  }

  /** GET following up to ten redirects; the bearer token goes only to the endpoint's origin. */
  private <T> Answer<T> get(
      URI uri, Map<String, String> headers, Duration timeout, BodyHandler<T> handler)
      throws IOException, Unreachable {
    BodyHandler<T> skipRedirectBodies =
        info ->
            isRedirect(info.statusCode())
                ? BodySubscribers.<T>replacing(null)
                : handler.apply(info);
    URI current = uri;
    HttpHeaders first = null;
    for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
      HttpResponse<T> response = send(request(current, headers, timeout), skipRedirectBodies);
      first = first == null ? response.headers() : first;
      Optional<String> location = response.headers().firstValue("Location");
      if (!isRedirect(response.statusCode()) || location.isEmpty()) {
        return new Answer<>(response, first);
      }
      try {
        current = current.resolve(new URI(location.get()));
      } catch (java.net.URISyntaxException e) {
        throw new Unreachable("redirected to a malformed address");
      }
    }
    throw new Unreachable("more than " + MAX_REDIRECTS + " redirects");
  }

  private HttpRequest request(URI uri, Map<String, String> headers, Duration timeout) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(uri).timeout(timeout).header("User-Agent", "valbench").GET();
    headers.forEach(builder::header);
    if (token.isPresent() && sameOrigin(uri, endpoint)) {
      builder.header("Authorization", "Bearer " + token.get());
    }
    return builder.build();
  }

  private <T> HttpResponse<T> send(HttpRequest request, BodyHandler<T> handler)
      throws IOException, Unreachable {
    try {
      return http.send(request, handler);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while talking to " + endpoint);
    } catch (HttpTimeoutException e) {
      throw new Unreachable("timed out");
    } catch (IOException e) {
      throw new Unreachable(e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName());
    }
  }

  private List<Path> cachedCopy(String repoId, String split, String revision, String reason)
      throws IOException {
    Path repoDir = repoDir(repoId);
    Optional<String> commit = cachedCommit(repoDir, revision);
    Optional<List<Path>> files =
        commit.isPresent() ? cachedFiles(repoDir, commit.get(), split) : Optional.empty();
    if (files.isEmpty()) {
      throw UserError.badInput(
          "the Hugging Face Hub could not be reached at "
              + endpoint
              + " ("
              + reason
              + "), and"
              + " the cache "
              + repoDir
              + " holds no complete copy of "
              + repoId
              + " split '"
              + split
              + "' at revision '"
              + revision
              + "'");
    }
    say(
        "the Hugging Face Hub could not be reached at "
            + endpoint
            + " ("
            + reason
            + "); using the"
            + " cached copy of "
            + repoId
            + " split '"
            + split
            + "' at "
            + commitLabel(commit.get())
            + " from "
            + repoDir);
    return files.get();
  }

  private static Optional<String> cachedCommit(Path repoDir, String revision) throws IOException {
    if (COMMIT.matcher(revision).matches()) {
      return Optional.of(revision);
    }
    Path ref = repoDir.resolve("refs").resolve(revision);
    if (!Files.isRegularFile(ref)) {
      return Optional.empty();
    }
    String commit = Files.readString(ref, StandardCharsets.UTF_8).strip();
    return COMMIT.matcher(commit).matches() ? Optional.of(commit) : Optional.empty();
  }

  private static Optional<List<Path>> cachedFiles(Path repoDir, String commit, String split)
      throws IOException {
    Path manifest = repoDir.resolve("splits").resolve(commit).resolve(split + ".txt");
    if (!Files.isRegularFile(manifest)) {
      return Optional.empty();
    }
    Path snapshot = repoDir.resolve("snapshots").resolve(commit);
    List<Path> files = new ArrayList<>();
    for (String line : Files.readAllLines(manifest, StandardCharsets.UTF_8)) {
      Path file = inside(snapshot, line);
      if (!Files.isRegularFile(file)) {
        return Optional.empty();
      }
      files.add(file);
    }
    return files.isEmpty() ? Optional.empty() : Optional.of(List.copyOf(files));
  }

  /** Records which commit the revision resolved to and which files make up the split. */
  private void remember(
      String repoId, String revision, String commit, String split, List<RemoteFile> files)
      throws IOException {
    Path repoDir = repoDir(repoId);
    if (!revision.equals(commit)) {
      writeAtomically(repoDir.resolve("refs").resolve(revision), commit);
    }
    StringBuilder manifest = new StringBuilder();
    files.forEach(f -> manifest.append(f.path()).append('\n'));
    writeAtomically(
        repoDir.resolve("splits").resolve(commit).resolve(split + ".txt"), manifest.toString());
  }

  private static void writeAtomically(Path file, String content) throws IOException {
    Files.createDirectories(file.getParent());
    Path temp = AtomicDirs.tempSibling(file);
    Files.writeString(temp, content, StandardCharsets.UTF_8);
    AtomicDirs.move(temp, file);
  }

  private UserError unknownSplit(
      String repoId, String split, String revision, List<RemoteFile> files) {
    List<String> found = splitsFound(files);
    String at = dataset(repoId) + " at revision '" + revision + "'";
    if (found.isEmpty()) {
      return UserError.badInput(
          at
              + " has no Parquet files for split '"
              + split
              + "' (valbench reads"
              + " data/<split>-*.parquet as push_to_hub writes them, or "
              + DEFAULT_CONFIG
              + "/<split>/*.parquet of revision refs/convert/parquet)");
    }
    return UserError.badInput(
        at + " has no split '" + split + "' (splits found: " + String.join(", ", found) + ")");
  }

  private UserError refused(String repoId, int status) {
    String who = tokenVariable.map(v -> "refused the token from " + v).orElse("needs a token");
    return new UserError(
        UserError.Kind.AUTH_REFUSED,
        dataset(repoId)
            + ": "
            + endpoint
            + " "
            + who
            + " (HTTP "
            + status
            + "); the dataset may"
            + " be gated (accept its terms at "
            + endpoint
            + "/datasets/"
            + repoId
            + ") or"
            + " private; set HF_TOKEN (or HUGGING_FACE_HUB_TOKEN, HUGGINGFACE_API_TOKEN) to a"
            + " token that can read it");
  }

  private UserError downloadFailed(String repoId, RemoteFile file, int status) {
    if (status == 401 || status == 403) {
      return refused(repoId, status);
    }
    return UserError.badInput(
        dataset(repoId)
            + ": downloading "
            + file.path()
            + " from "
            + endpoint
            + " failed (HTTP "
            + status
            + "); rerun to try again");
  }

  private static UserError stopped(String repoId, RemoteFile file, Path partial, String reason) {
    return UserError.badInput(
        dataset(repoId)
            + ": downloading "
            + file.path()
            + " stopped ("
            + reason
            + "); rerun to"
            + " resume "
            + partial);
  }

  private static void checkNames(String repoId, String split, String revision) {
    if (!REPO_ID.matcher(repoId).matches()) {
      throw UserError.badInput(repoId + ": not a Hugging Face Hub dataset id (owner/name)");
    }
    if (!SPLIT.matcher(split).matches()) {
      throw UserError.badInput("'" + split + "': not a split name (letters, digits, _ and .)");
    }
    if (BAD_REVISION.matcher(revision).find()) {
      throw UserError.badInput("'" + revision + "': not a revision name (branch, tag or commit)");
    }
  }

  private static Path inside(Path folder, String relative) {
    Path path = folder.resolve(relative).normalize();
    if (!path.startsWith(folder.normalize()) || path.equals(folder.normalize())) {
      throw UserError.badInput(relative + ": file path leaves the cache folder " + folder);
    }
    return path;
  }

  private static URI endpoint(String value) {
    String trimmed = value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
    try {
      URI uri = new URI(trimmed);
      if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
          && uri.getHost() != null) {
        return uri;
      }
    } catch (java.net.URISyntaxException e) {
      // Reported below.
    }
    throw UserError.badInput("HF_ENDPOINT=" + value + ": not an http(s) URL");
  }

  private static boolean sameOrigin(URI a, URI b) {
    return a.getScheme().equalsIgnoreCase(b.getScheme())
        && a.getHost().equalsIgnoreCase(b.getHost())
        && port(a) == port(b);
  }

  private static int port(URI uri) {
    if (uri.getPort() >= 0) {
      return uri.getPort();
    }
    return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
  }

  private static boolean isRedirect(int status) {
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
  }

  private static long linkedSize(HttpHeaders headers) {
    return headers.firstValue("X-Linked-Size").map(HubDownloader::parseLong).orElse(-1L);
  }

  /** The file's full size: from Content-Range, else Content-Length plus the resume offset. */
  private static long total(HttpResponse<?> response, long offset) {
    Optional<String> range = response.headers().firstValue("Content-Range");
    if (range.isPresent()) {
      Matcher m = CONTENT_RANGE.matcher(range.get());
      return m.matches() ? parseLong(m.group(2)) : -1;
    }
    long length = response.headers().firstValueAsLong("Content-Length").orElse(-1);
    return length >= 0 ? offset + length : -1;
  }

  private static long rangeStart(HttpResponse<?> response) {
    Matcher m = CONTENT_RANGE.matcher(response.headers().firstValue("Content-Range").orElse(""));
    return m.matches() ? parseLong(m.group(1)) : -1;
  }

  /** The LFS sha256 that the Hub puts in X-Linked-Etag (or ETag), when it is one. */
  private static Optional<String> etagSha(Answer<?> answer) {
    String etag =
        answer
            .first()
            .firstValue("X-Linked-Etag")
            .or(() -> answer.first().firstValue("ETag"))
            .orElse("");
    String bare = etag.replaceFirst("^W/", "").replace("\"", "");
    return SHA256.matcher(bare).matches() ? Optional.of(bare) : Optional.empty();
  }

  private static long parseLong(String text) {
    try {
      return Long.parseLong(text.strip());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static String sha256(Path file) throws IOException {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
      in.transferTo(OutputStream.nullOutputStream());
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  /** Percent-encodes all but RFC 3986 unreserved characters (and '/' in file paths). */
  static String encode(String text, boolean keepSlash) {
    StringBuilder out = new StringBuilder();
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      boolean plain =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || c == '-'
              || c == '.'
              || c == '_'
              || c == '~'
              || (keepSlash && c == '/');
      out.append(plain ? String.valueOf((char) c) : String.format(Locale.ROOT, "%%%02X", c));
    }
    return out.toString();
  }

  private static String dataset(String repoId) {
    return "Hugging Face Hub dataset " + repoId;
  }

  private static String commitLabel(String commit) {
    return "commit " + commit.substring(0, 12);
  }

  private void say(String line) {
    progress.println(line);
    progress.flush();
  }
}
