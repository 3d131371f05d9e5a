package org.valbench.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.valbench.common.BadInputException;
import org.valbench.common.Env;
import org.valbench.common.UserError;
import org.valbench.testing.FakeHttpServer;
import org.valbench.testing.FakeHttpServer.Recorded;
import org.valbench.testing.FakeHttpServer.Reply;

class HubDownloaderTest {
  static final String REPO = "owner/val-bench";
  private static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";
  private static final String TOKEN = "hf_SECRET_token_42";
  private static final String SHARD_0 = "data/test-00000-of-00002.parquet";
  private static final String SHARD_1 = "data/test-00001-of-00002.parquet";
  private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-");

  @TempDir Path cache;
  private FakeHttpServer server;
  private final StringWriter progress = new StringWriter();

  @BeforeEach
  void start() throws IOException {
    server = new FakeHttpServer();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void listsThenDownloadsTwoShardsInShardOrderWithIdenticalBytes() throws IOException {
    Map<String, String> files = pushToHubFiles();
    server.handle(request -> fakeHub(request, files));

    List<Path> paths = downloader(Map.of()).download(REPO, "test", "main");

    assertThat(paths)
        .extracting(p -> cache.relativize(p).toString().replace('\\', '/'))
        .containsExactly(
            "datasets--owner--val-bench/snapshots/" + COMMIT + "/" + SHARD_0,
            "datasets--owner--val-bench/snapshots/" + COMMIT + "/" + SHARD_1);
    assertThat(paths.get(0)).hasBinaryContent(bytes(files.get(SHARD_0)));
    assertThat(paths.get(1)).hasBinaryContent(bytes(files.get(SHARD_1)));
    assertThat(server.requests())
        .extracting(Recorded::path)
        .containsExactly(
            "/api/datasets/" + REPO + "/revision/main?blobs=true",
            "/datasets/" + REPO + "/resolve/" + COMMIT + "/" + SHARD_0,
            "/datasets/" + REPO + "/resolve/" + COMMIT + "/" + SHARD_1);
    assertThat(progress.toString().lines())
        .hasSize(2)
        .allMatch(
            l ->
                l.matches(
                    "downloaded owner/val-bench data/test-0000[01]-of-00002\\.parquet \\(\\d+ bytes\\) in"
                        + " \\d+\\.\\d s"));
    assertThat(cache.resolve("datasets--owner--val-bench/refs/main")).hasContent(COMMIT);
    assertNoLeftovers();
  }

  @Test
  void secondCallWithTheSameRevisionDownloadsNothing() throws IOException {
    Map<String, String> files = pushToHubFiles();
    server.handle(request -> fakeHub(request, files));
    List<Path> first = downloader(Map.of()).download(REPO, "test", "main");
    int before = server.requests().size();

    List<Path> second = downloader(Map.of()).download(REPO, "test", "main");

    assertThat(second).isEqualTo(first);
    assertThat(server.requests().subList(before, server.requests().size()))
        .extracting(Recorded::path)
        .containsExactly("/api/datasets/" + REPO + "/revision/main?blobs=true");
    assertThat(progress.toString()).contains("2 file(s) already in the cache");
  }

  @Test
  void tokenIsSentAsBearerAndAppearsInNoMessage() throws IOException {
    Map<String, String> files = pushToHubFiles();
    server.handle(request -> fakeHub(request, files));
    downloader(Map.of("HUGGING_FACE_HUB_TOKEN", TOKEN)).download(REPO, "test", "main");

    assertThat(server.requests())
        .hasSize(3)
        .allSatisfy(r -> assertThat(r.header("Authorization")).isEqualTo("Bearer " + TOKEN));

    server.handle(request -> Reply.json(401, "{\"error\": \"Invalid credentials\"}"));
    UserError error =
        catchThrowableOfType(
            UserError.class,
            () -> downloader(Map.of("HF_TOKEN", TOKEN)).download(REPO, "test", "v2"));

    assertThat(error.getMessage()).contains("HF_TOKEN").doesNotContain(TOKEN);
    assertThat(progress.toString()).doesNotContain(TOKEN);
  }

  @Test
  void tokenIsNotForwardedWhenTheDownloadRedirectsToAnotherHost() throws IOException {
    Map<String, String> files = Map.of("data/test-00000-of-00001.parquet", "PAR1 cdn bytes PAR1");
    try (FakeHttpServer cdn = new FakeHttpServer()) {
      cdn.handle(request -> new Reply(200, Map.of(), "PAR1 cdn bytes PAR1", 0));
      server.handle(
          request ->
              request.path().startsWith("/api/")
                  ? fakeHub(request, files)
                  : new Reply(302, Map.of("Location", cdn.url() + "/blob/abc?signed=1"), "", 0)
                      .withHeader("X-Linked-Size", "19"));

      List<Path> paths = downloader(Map.of("HF_TOKEN", TOKEN)).download(REPO, "test", "main");

      assertThat(paths.get(0)).hasContent("PAR1 cdn bytes PAR1");
      assertThat(server.requests())
          .allSatisfy(r -> assertThat(r.header("Authorization")).isEqualTo("Bearer " + TOKEN));
      assertThat(cdn.requests())
          .singleElement()
          .satisfies(r -> assertThat(r.header("Authorization")).isNull());
    }
  }

  @Test
  void halfDownloadedFileIsCompletedWithARangeRequest() throws IOException {
    Map<String, String> files = Map.of("data/test-00000-of-00001.parquet", "0123456789ABCDEFGHIJ");
    server.handle(request -> fakeHub(request, files));
    Path partial = snapshot().resolve("data/test-00000-of-00001.parquet.incomplete");
    Files.createDirectories(partial.getParent());
    Files.writeString(partial, "0123456789");

    List<Path> paths = downloader(Map.of()).download(REPO, "test", "main");

    assertThat(paths.get(0)).hasContent("0123456789ABCDEFGHIJ");
    assertThat(server.requests().get(1).header("Range")).isEqualTo("bytes=10-");
    assertThat(partial).doesNotExist();
  }

  @Test
  void serverIgnoringRangeRestartsTheFile() throws IOException {
    Map<String, String> files = Map.of("data/test-00000-of-00001.parquet", "0123456789ABCDEFGHIJ");
    server.handle(
        request ->
            request.path().startsWith("/api/")
                ? fakeHub(request, files)
                : new Reply(200, Map.of(), "0123456789ABCDEFGHIJ", 0));
    Path partial = snapshot().resolve("data/test-00000-of-00001.parquet.incomplete");
    Files.createDirectories(partial.getParent());
    Files.writeString(partial, "0123456789");

    List<Path> paths = downloader(Map.of()).download(REPO, "test", "main");

    assertThat(paths.get(0)).hasContent("0123456789ABCDEFGHIJ");
  }

  @Test
  void sizeMismatchIsUnavailableAndNeverProducesAFinalFile() throws IOException {
    Map<String, String> listed = Map.of("data/test-00000-of-00001.parquet", "twelve bytes");
    server.handle(
        request ->
            request.path().startsWith("/api/")
                ? fakeHub(request, listed)
                : new Reply(200, Map.of(), "ten bytes!", 0));

    UserError error =
        catchThrowableOfType(
            UserError.class, () -> downloader(Map.of()).download(REPO, "test", "main"));

    assertThat(error).isInstanceOf(HubUnavailableException.class);
    assertThat(error.getMessage())
        .isEqualTo(
            "Hugging Face Hub dataset owner/val-bench: data/test-00000-of-00001.parquet arrived with"
                + " 10 bytes, expected 12; the partial file was deleted, rerun to download it again");
    assertThat(filesUnder(cache)).noneMatch(p -> p.toString().endsWith(".parquet"));
    assertNoLeftovers();
  }

  @Test
  void sha256MismatchNeverProducesAFinalFile() throws IOException {
    Map<String, String> listed = Map.of("data/test-00000-of-00001.parquet", "right bytes");
    server.handle(
        request ->
            request.path().startsWith("/api/")
                ? fakeHub(request, listed)
                : new Reply(200, Map.of(), "wrong bytes", 0));

    UserError error =
        catchThrowableOfType(
            UserError.class, () -> downloader(Map.of()).download(REPO, "test", "main"));

    assertThat(error.getMessage()).contains("does not match its sha256 " + sha256("right bytes"));
    assertThat(filesUnder(cache)).noneMatch(p -> p.toString().endsWith(".parquet"));
  }

  @Test
  void unknownDatasetIsBadInputNamingTheId() {
    server.handle(
        request ->
            Reply.json(404, "{\"error\": \"Repository not found\"}")
                .withHeader("X-Error-Code", "RepoNotFound"));

    UserError error =
        catchThrowableOfType(
            UserError.class, () -> downloader(Map.of()).download("owner/nope", "test", "main"));

    assertThat(error).isInstanceOf(BadInputException.class);
    assertThat(error.getMessage())
        .isEqualTo(
            "Hugging Face Hub dataset owner/nope not found at "
                + server.url()
                + " (check the id; a private dataset needs HF_TOKEN)");
  }

  @Test
  void unknownRevisionIsBadInputNamingTheRevision() {
    server.handle(
        request ->
            Reply.json(404, "{\"error\": \"Invalid rev id: v9\"}")
                .withHeader("X-Error-Code", "RevisionNotFound"));

    UserError error =
        catchThrowableOfType(
            UserError.class, () -> downloader(Map.of()).download(REPO, "test", "release/v9"));

    assertThat(error.getMessage())
        .isEqualTo(
            "Hugging Face Hub dataset owner/val-bench has no revision 'release/v9' ("
                + server.url()
                + ")");
    assertThat(server.requests().get(0).path())
        .isEqualTo("/api/datasets/" + REPO + "/revision/release%2Fv9?blobs=true");
  }

  @Test
  void unknownSplitIsBadInputListingTheSplitsThatExist() {
    Map<String, String> files = pushToHubFiles();
    server.handle(request -> fakeHub(request, files));

    UserError error =
        catchThrowableOfType(
            UserError.class, () -> downloader(Map.of()).download(REPO, "validation", "main"));

    assertThat(error).isInstanceOf(BadInputException.class);
    assertThat(error.getMessage())
        .isEqualTo(
            "Hugging Face Hub dataset owner/val-bench at revision 'main' has no split 'validation'"
                + " (splits found: test, train)");
  }

  @Test
  void aMissingSplitFallsBackToTheOnlySplitWhenAskedToAndSaysSo() throws IOException {
    Map<String, String> files = new LinkedHashMap<>();
    files.put("data/train-00000-of-00001.parquet", "PAR1 train only PAR1");
    server.handle(request -> fakeHub(request, files));

    HubDownloader.Download download =
        downloader(Map.of()).downloadSplitOrOnly(REPO, "test", "main");
    UserError strict =
        catchThrowableOfType(
            UserError.class, () -> downloader(Map.of()).download(REPO, "test", "main"));

    assertThat(download.split()).isEqualTo("train");
    assertThat(download.files()).hasSize(1);
    assertThat(Files.readString(download.files().get(0))).isEqualTo("PAR1 train only PAR1");
    assertThat(progress.toString())
        .contains("owner/val-bench has no split 'test'; reading its only split 'train'");
    assertThat(strict.getMessage()).contains("has no split 'test' (splits found: train)");
  }

  @Test
  void theNamedSplitWinsOverTheFallbackAndSeveralOtherSplitsAreBadInput() throws IOException {
    Map<String, String> files = pushToHubFiles();
    server.handle(request -> fakeHub(request, files));

    HubDownloader.Download test = downloader(Map.of()).downloadSplitOrOnly(REPO, "test", "main");
    files.remove(SHARD_0);
    files.remove(SHARD_1);
    files.put("data/dev-0.parquet", "PAR1 dev PAR1");
    UserError twoOthers =
        catchThrowableOfType(
            UserError.class, () -> downloader(Map.of()).downloadSplitOrOnly(REPO, "test", "main"));

    assertThat(test.split()).isEqualTo("test");
    assertThat(test.files()).hasSize(2);
    assertThat(twoOthers).isInstanceOf(BadInputException.class);
    assertThat(twoOthers.getMessage()).endsWith("has no split 'test' (splits found: dev, train)");
  }

  @Test
  void unreachableHubFallsBackToTheOnlyCachedSplit() throws IOException {
    Map<String, String> files = new LinkedHashMap<>();
    files.put("data/train-00000-of-00001.parquet", "PAR1 train only PAR1");
    server.handle(request -> fakeHub(request, files));
    HubDownloader.Download online = downloader(Map.of()).downloadSplitOrOnly(REPO, "test", "main");

    HubDownloader.Download offline =
        downloader(Map.of(), closedEndpoint()).downloadSplitOrOnly(REPO, "test", "main");
    UserError strict =
        catchThrowableOfType(
            UserError.class,
            () -> downloader(Map.of(), closedEndpoint()).download(REPO, "test", "main"));

    assertThat(offline).isEqualTo(online);
    assertThat(progress.toString())
        .contains("using the cached copy of owner/val-bench split 'train'");
    assertThat(strict).isInstanceOf(HubUnavailableException.class);
  }

  @Test
  void unauthorizedIsAuthRefusedSayingWhichVariableToSet() {
    server.handle(request -> Reply.json(401, "{\"error\": \"Unauthorized\"}"));

    UserError error =
        catchThrowableOfType(
            UserError.class, () -> downloader(Map.of()).download(REPO, "test", "main"));

    assertThat(error).isInstanceOf(HubRefusedException.class);
    assertThat(error.getMessage())
        .contains("HTTP 401", "gated", "private", "set HF_TOKEN")
        .doesNotContain("\n");
  }

  @Test
  void unreachableHubWithoutCacheIsUnavailableNamingEndpointAndCache() throws IOException {
    String closed = closedEndpoint();

    UserError error =
        catchThrowableOfType(
            UserError.class, () -> downloader(Map.of(), closed).download(REPO, "test", "main"));

    assertThat(error).isInstanceOf(HubUnavailableException.class);
    assertThat(error.getMessage())
        .startsWith("the Hugging Face Hub could not be reached at " + closed + " (")
        .contains(cache.resolve("datasets--owner--val-bench").toString());
  }

  @Test
  void unreachableHubUsesACompleteCachedCopyAndSaysSo() throws IOException {
    Map<String, String> files = pushToHubFiles();
    server.handle(request -> fakeHub(request, files));
    List<Path> online = downloader(Map.of()).download(REPO, "test", "main");

    List<Path> offline = downloader(Map.of(), closedEndpoint()).download(REPO, "test", "main");

    assertThat(offline).isEqualTo(online);
    assertThat(progress.toString())
        .contains(
            "using the cached copy of owner/val-bench split" + " 'test' at commit 0123456789ab");
  }

  @Test
  void parquetConversionLayoutIsAcceptedAtAnEncodedRevision() throws IOException {
    Map<String, String> files = new LinkedHashMap<>();
    files.put("default/train/0000.parquet", "train rows");
    files.put("default/test/0001.parquet", "test rows 2");
    files.put("default/test/0000.parquet", "test rows 1");
    server.handle(request -> fakeHub(request, files));

    List<Path> paths = downloader(Map.of()).download(REPO, "test", "refs/convert/parquet");

    assertThat(paths)
        .extracting(p -> snapshot().relativize(p).toString().replace('\\', '/'))
        .containsExactly("default/test/0000.parquet", "default/test/0001.parquet");
    assertThat(server.requests().get(0).path())
        .isEqualTo("/api/datasets/" + REPO + "/revision/refs%2Fconvert%2Fparquet?blobs=true");
    assertThat(cache.resolve("datasets--owner--val-bench/refs/refs/convert/parquet"))
        .hasContent(COMMIT);
  }

  @Test
  void splitsAreReadFromEitherLayout() {
    List<HubListing.RemoteFile> files =
        Stream.of(
                "data/train-00000-of-00001.parquet",
                "data/dev.parquet",
                "default/test/0000.parquet",
                "default/extra-00000-of-00001.parquet",
                "README.md",
                "other/x/0000.parquet")
            .map(p -> new HubListing.RemoteFile(p, 1, java.util.Optional.empty()))
            .toList();

    assertThat(HubListing.splitsFound(files)).containsExactly("dev", "extra", "test", "train");
  }

  // --- fake Hub ---

  /** The Hub's revision listing and resolve endpoints for {@code files} (path -> content). */
  static Reply fakeHub(Recorded request, Map<String, String> files) {
    String resolve = "/datasets/" + REPO + "/resolve/" + COMMIT + "/";
    if (request.path().startsWith("/api/datasets/" + REPO + "/revision/")) {
      return Reply.json(200, listing(files));
    }
    if (request.path().startsWith(resolve)) {
      String content = files.get(request.path().substring(resolve.length()));
      return content == null ? Reply.json(404, "{}") : withRange(request, content);
    }
    return Reply.json(404, "{\"error\": \"Repository not found\"}");
  }

  /** A 206 with the rest of the content when asked for {@code bytes=N-}, else the whole. */
  private static Reply withRange(Recorded request, String content) {
    String range = request.header("Range");
    Matcher m = RANGE.matcher(range == null ? "" : range);
    Reply whole = new Reply(200, Map.of(), content, 0);
    if (!m.matches()) {
      return whole.withHeader("ETag", "\"" + sha256(content) + "\"");
    }
    int from = Integer.parseInt(m.group(1));
    return new Reply(206, Map.of(), content.substring(from), 0)
        .withHeader(
            "Content-Range",
            "bytes " + from + "-" + (content.length() - 1) + "/" + content.length());
  }

  private static String listing(Map<String, String> files) {
    StringBuilder siblings = new StringBuilder();
    siblings.append("{\"rfilename\": \"README.md\", \"size\": 10, \"blobId\": \"abc\"}");
    files.forEach(
        (path, content) ->
            siblings.append(
                String.format(
                    java.util.Locale.ROOT,
                    ", {\"rfilename\": \"%s\", \"size\": %d, \"blobId\": \"def\", \"lfs\": {\"sha256\":"
                        + " \"%s\", \"size\": %d, \"pointerSize\": 134}}",
                    path,
                    content.length(),
                    sha256(content),
                    content.length())));
    return "{\"id\": \""
        + REPO
        + "\", \"sha\": \""
        + COMMIT
        + "\", \"private\": false,"
        + " \"siblings\": ["
        + siblings
        + "]}";
  }

  static Map<String, String> pushToHubFiles() {
    Map<String, String> files = new LinkedHashMap<>();
    files.put(SHARD_1, "PAR1 second shard PAR1");
    files.put("data/train-00000-of-00001.parquet", "PAR1 train PAR1");
    files.put(SHARD_0, "PAR1 first shard, a bit longer PAR1");
    return files;
  }

  // --- helpers ---

  private HubDownloader downloader(Map<String, String> variables) {
    return downloader(variables, server.url());
  }

  private HubDownloader downloader(Map<String, String> variables, String endpoint) {
    Map<String, String> env = new LinkedHashMap<>(variables);
    env.put("HF_ENDPOINT", endpoint);
    return new HubDownloader(Env.of(env), cache, new PrintWriter(progress, true));
  }

  private Path snapshot() {
    return cache.resolve("datasets--owner--val-bench/snapshots/" + COMMIT);
  }

  private void assertNoLeftovers() throws IOException {
    assertThat(filesUnder(cache))
        .noneMatch(p -> p.toString().endsWith(".incomplete"))
        .noneMatch(p -> p.getFileName().toString().contains(".tmp-"));
  }

  private static List<Path> filesUnder(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).toList();
    }
  }

  private static String closedEndpoint() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return "http://127.0.0.1:" + socket.getLocalPort();
    }
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes(text)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
