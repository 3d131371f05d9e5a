package org.valbench.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.valbench.common.Env;
import org.valbench.common.Hashing;
import org.valbench.common.UserError;
import org.valbench.testing.FakeHttpServer;
import org.valbench.testing.FakeHttpServer.Recorded;
import org.valbench.testing.FakeHttpServer.Reply;

class HubUploaderTest {
  private static final String REPO = "owner/val-bench-out";
  private static final String TOKEN = "hf_SECRET_push_token_7";
  private static final String COMMIT = "89abcdef0123456789abcdef0123456789abcdef";
  private static final String SHARD_0 = "data/train-00000-of-00002.parquet";
  private static final String SHARD_1 = "data/train-00001-of-00002.parquet";
  // FakeHttpServer records bodies as UTF-8 text, so the stand-in Parquet bytes stay ASCII.
  private static final String BYTES_0 = "PAR1" + "row-0;".repeat(120) + "PAR1";
  private static final String BYTES_1 = "PAR1" + "row-1;".repeat(20) + "PAR1";
  private static final String README = "---\nlicense: mit\n---\n# VAL-Bench responses – été\n";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path folder;
  private FakeHttpServer hub;
  private final StringWriter progress = new StringWriter();

  /** LFS objects the fake Hub holds: sha256 to the bytes PUT (or given up front). */
  private final Map<String, String> stored = new ConcurrentHashMap<>();

  private int createStatus = 200;
  private int commitStatus = 200;
  private int preuploadStatus = 200;
  private String uploadHost;
  private Map<String, String> uploadHeader = Map.of();

  @BeforeEach
  void start() throws IOException {
    hub = new FakeHttpServer();
    uploadHost = hub.url();
    hub.handle(this::fakeHub);
    Files.createDirectories(folder.resolve("data"));
    Files.writeString(folder.resolve(SHARD_0), BYTES_0, StandardCharsets.UTF_8);
    Files.writeString(folder.resolve(SHARD_1), BYTES_1, StandardCharsets.UTF_8);
    Files.writeString(folder.resolve("README.md"), README, StandardCharsets.UTF_8);
  }

  @AfterEach
  void stop() {
    hub.close();
  }

  @Test
  void pushesTwoParquetShardsThroughLfsAndTheReadmeInlineInOneCommit() throws IOException {
    String url = uploader(Map.of("HF_TOKEN", TOKEN)).upload(REPO, folder, "", "Upload", true);

    assertThat(url).isEqualTo(hub.url() + "/datasets/" + REPO + "/commit/" + COMMIT);
    List<Recorded> requests = hub.requests();
    assertThat(requests)
        .extracting(r -> r.method() + " " + r.path())
        .containsExactly(
            "POST /api/repos/create",
            "POST /api/datasets/" + REPO + "/preupload/main",
            "POST /datasets/" + REPO + ".git/info/lfs/objects/batch",
            "PUT /lfs/" + sha(BYTES_0),
            "POST /lfs/verify",
            "PUT /lfs/" + sha(BYTES_1),
            "POST /lfs/verify",
            "POST /api/datasets/" + REPO + "/commit/main");
    assertThat(requests).allMatch(r -> ("Bearer " + TOKEN).equals(r.header("Authorization")));
    assertThat(json(requests.get(0).body()))
        .isEqualTo(
            json(
                "{\"type\":\"dataset\",\"name\":\"val-bench-out\",\"organization\":\"owner\","
                    + "\"private\":true}"));
    JsonNode preupload = json(requests.get(1).body()).path("files");
    assertThat(preupload)
        .extracting(f -> f.path("path").asText())
        .containsExactly("README.md", SHARD_0, SHARD_1);
    assertThat(preupload.get(1).path("size").asLong()).isEqualTo(BYTES_0.length());
    assertThat(preupload.get(1).path("sample").asText())
        .isEqualTo(base64(BYTES_0.substring(0, HubCommit.SAMPLE_BYTES)));

    Recorded batch = requests.get(2);
    assertThat(batch.header("Accept")).isEqualTo("application/vnd.git-lfs+json");
    assertThat(batch.header("Content-Type")).isEqualTo("application/vnd.git-lfs+json");
    assertThat(json(batch.body()))
        .isEqualTo(
            json(
                "{\"operation\":\"upload\",\"transfers\":[\"basic\"],\"objects\":["
                    + object(BYTES_0)
                    + ","
                    + object(BYTES_1)
                    + "],\"hash_algo\":\"sha256\",\"ref\":{\"name\":\"main\"}}"));
    assertThat(stored)
        .containsExactlyInAnyOrderEntriesOf(Map.of(sha(BYTES_0), BYTES_0, sha(BYTES_1), BYTES_1));
    assertThat(json(requests.get(4).body())).isEqualTo(json(object(BYTES_0)));

    Recorded commit = requests.get(7);
    assertThat(commit.header("Content-Type")).isEqualTo("application/x-ndjson");
    assertThat(commitLines(commit))
        .containsExactly(
            json("{\"key\":\"header\",\"value\":{\"summary\":\"Upload\",\"description\":\"\"}}"),
            json(
                "{\"key\":\"file\",\"value\":{\"content\":\""
                    + base64(README)
                    + "\",\"path\":\"README.md\",\"encoding\":\"base64\"}}"),
            lfsLine(SHARD_0, BYTES_0),
            lfsLine(SHARD_1, BYTES_1));
    assertThat(progress.toString())
        .contains("created private Hugging Face Hub dataset " + REPO)
        .contains("uploaded " + SHARD_0 + " (" + BYTES_0.length() + " bytes)")
        .contains("committed 3 file(s) to Hugging Face Hub dataset " + REPO + ": " + url)
        .doesNotContain(TOKEN);
  }

  @Test
  void lfsObjectTheHubAlreadyHasIsNotPutAgainButStillCommitted() throws IOException {
    stored.put(sha(BYTES_0), BYTES_0);

    uploader(Map.of("HF_TOKEN", TOKEN)).upload(REPO, folder, "", "Upload", true);

    assertThat(hub.requests())
        .extracting(r -> r.method() + " " + r.path())
        .filteredOn(line -> line.startsWith("PUT"))
        .containsExactly("PUT /lfs/" + sha(BYTES_1));
    assertThat(commitLines(last())).contains(lfsLine(SHARD_0, BYTES_0), lfsLine(SHARD_1, BYTES_1));
    assertThat(progress.toString()).contains("already on the Hub: " + SHARD_0);
  }

  @Test
  void repoThatAlreadyExistsIsFineAndFilesGoBelowPathInRepo() throws IOException {
    createStatus = 409;

    String url =
        uploader(Map.of("HUGGING_FACE_HUB_TOKEN", TOKEN)).upload(REPO, folder, "/v2/", "m", true);

    assertThat(url).endsWith("/commit/" + COMMIT);
    assertThat(commitLines(last()))
        .extracting(line -> line.path("value").path("path").asText())
        .containsExactly("", "v2/README.md", "v2/" + SHARD_0, "v2/" + SHARD_1);
    assertThat(progress.toString())
        .contains(REPO + " already exists on " + hub.url() + "; its visibility is left as it is");
  }

  @Test
  void tokenWithoutCreateScopeStillPushesToAnExistingRepo() throws IOException {
    createStatus = 403;

    uploader(Map.of("HF_TOKEN", TOKEN)).upload(REPO, folder, "", "m", false);

    assertThat(hub.requests())
        .extracting(r -> r.method() + " " + r.path())
        .startsWith("POST /api/repos/create", "GET /api/datasets/" + REPO)
        .endsWith("POST /api/datasets/" + REPO + "/commit/main");
  }

  @Test
  void missingTokenFailsBeforeAnyRequest() {
    UserError error =
        catchThrowableOfType(
            UserError.class, () -> uploader(Map.of()).upload(REPO, folder, "", "m", true));

    assertThat(error).isInstanceOf(HubRefusedException.class);
    assertThat(error.getMessage())
        .isEqualTo(
            "pushing to Hugging Face Hub dataset owner/val-bench-out needs a token with write"
                + " access; set HF_TOKEN (or HUGGING_FACE_HUB_TOKEN, HUGGINGFACE_API_TOKEN,"
                + " or the token file huggingface-cli login writes)");
    assertThat(hub.requests()).isEmpty();
  }

  @Test
  void unauthorizedCommitIsAuthRefusedWithoutTheToken() {
    commitStatus = 401;

    UserError error =
        catchThrowableOfType(
            UserError.class,
            () -> uploader(Map.of("HF_TOKEN", TOKEN)).upload(REPO, folder, "", "m", true));

    assertThat(error).isInstanceOf(HubRefusedException.class);
    assertThat(error.getMessage())
        .isEqualTo(
            "Hugging Face Hub dataset owner/val-bench-out: committing, "
                + hub.url()
                + " refused the token from HF_TOKEN (HTTP 401: Invalid credentials for ***); set"
                + " HF_TOKEN (or HUGGING_FACE_HUB_TOKEN, HUGGINGFACE_API_TOKEN, or the token file"
                + " huggingface-cli login writes) to a token that"
                + " can write to it")
        .doesNotContain(TOKEN);
    assertThat(progress.toString()).doesNotContain(TOKEN);
  }

  @Test
  void serverErrorOnPreuploadIsUnavailableNamingTheRepoAndTheStatus() {
    preuploadStatus = 500;

    UserError error =
        catchThrowableOfType(
            UserError.class,
            () -> uploader(Map.of("HF_TOKEN", TOKEN)).upload(REPO, folder, "", "m", true));

    assertThat(error).isInstanceOf(HubUnavailableException.class);
    assertThat(error.getMessage())
        .isEqualTo(
            "Hugging Face Hub dataset owner/val-bench-out: asking for upload modes failed (HTTP"
                + " 500: Internal Error)");
  }

  @Test
  void foreignUploadHostGetsOnlyTheHeadersTheBatchAnswerNamesNotTheToken() throws IOException {
    try (FakeHttpServer storage = new FakeHttpServer()) {
      storage.handle(this::fakeHub);
      uploadHost = storage.url();
      uploadHeader = Map.of("X-Upload-Id", "u-1");

      uploader(Map.of("HF_TOKEN", TOKEN)).upload(REPO, folder, "", "m", true);

      assertThat(storage.requests()).hasSize(2).allMatch(r -> r.method().equals("PUT"));
      assertThat(storage.requests()).allMatch(r -> r.header("Authorization") == null);
      assertThat(storage.requests()).allMatch(r -> "u-1".equals(r.header("X-Upload-Id")));
      assertThat(storage.requests())
          .extracting(Recorded::body)
          .containsExactlyInAnyOrder(BYTES_0, BYTES_1);
      assertThat(hub.requests())
          .filteredOn(r -> r.path().equals("/lfs/verify"))
          .hasSize(2)
          .allMatch(r -> ("Bearer " + TOKEN).equals(r.header("Authorization")));
    }
  }

  private HubUploader uploader(Map<String, String> variables) {
    Map<String, String> env = new HashMap<>(variables);
    env.put("HF_ENDPOINT", hub.url());
    return new HubUploader(
        Env.of(env), HubDownloader.defaultClient(), new PrintWriter(progress, true));
  }

  /** The Hub's side of the protocol, storing what is PUT. */
  private Reply fakeHub(Recorded request) {
    String path = request.path();
    String api = "/api/datasets/" + REPO;
    if (path.equals("/api/repos/create")) {
      return createStatus == 200
          ? Reply.json(200, "{\"url\":\"" + hub.url() + "/datasets/" + REPO + "\"}")
          : Reply.json(createStatus, "{\"error\":\"You already created this dataset repo\"}");
    }
    if (path.equals(api)) {
      return Reply.json(200, "{\"id\":\"" + REPO + "\"}");
    }
    if (path.equals(api + "/preupload/main")) {
      return preuploadStatus == 200
          ? Reply.json(200, preupload(request))
          : Reply.json(preuploadStatus, "{\"error\":\"Internal Error\"}");
    }
    if (path.equals("/datasets/" + REPO + ".git/info/lfs/objects/batch")) {
      return Reply.json(200, batch(request));
    }
    if (request.method().equals("PUT") && path.startsWith("/lfs/")) {
      stored.put(path.substring("/lfs/".length()), request.body());
      // Storage may answer with a body that is not JSON (S3 sends XML on some errors and quirks).
      return new Reply(200, Map.of("content-type", "application/xml"), "<ok/>", 0);
    }
    if (path.equals("/lfs/verify")) {
      return stored.containsKey(json(request.body()).path("oid").asText())
          ? Reply.json(200, "{\"success\":true}")
          : Reply.json(404, "{\"error\":\"object not found\"}");
    }
    if (path.equals(api + "/commit/main")) {
      return commitStatus == 200
          ? Reply.json(
              200,
              "{\"success\":true,\"commitOid\":\""
                  + COMMIT
                  + "\",\"commitUrl\":\""
                  + hub.url()
                  + "/datasets/"
                  + REPO
                  + "/commit/"
                  + COMMIT
                  + "\"}")
          : Reply.json(commitStatus, "{\"error\":\"Invalid credentials for " + TOKEN + "\"}");
    }
    return Reply.json(404, "{\"error\":\"not found\"}");
  }

  private static String preupload(Recorded request) {
    ObjectNode answer = JSON.createObjectNode();
    ArrayNode files = answer.putArray("files");
    for (JsonNode file : json(request.body()).path("files")) {
      String path = file.path("path").asText();
      files
          .addObject()
          .put("path", path)
          .put("uploadMode", path.endsWith(".parquet") ? "lfs" : "regular")
          .put("shouldIgnore", false);
    }
    return answer.toString();
  }

  private String batch(Recorded request) {
    ObjectNode answer = JSON.createObjectNode().put("transfer", "basic");
    ArrayNode objects = answer.putArray("objects");
    for (JsonNode object : json(request.body()).path("objects")) {
      String oid = object.path("oid").asText();
      ObjectNode out =
          objects.addObject().put("oid", oid).put("size", object.path("size").asLong());
      if (!stored.containsKey(oid)) {
        ObjectNode actions = out.putObject("actions");
        ObjectNode upload = actions.putObject("upload").put("href", uploadHost + "/lfs/" + oid);
        ObjectNode header = upload.putObject("header");
        uploadHeader.forEach(header::put);
        actions.putObject("verify").put("href", hub.url() + "/lfs/verify");
      }
    }
    return answer.toString();
  }

  private Recorded last() {
    List<Recorded> requests = hub.requests();
    return requests.get(requests.size() - 1);
  }

  private static List<JsonNode> commitLines(Recorded commit) {
    List<JsonNode> lines = new ArrayList<>();
    assertThat(commit.body()).endsWith("\n");
    commit.body().lines().forEach(line -> lines.add(json(line)));
    return lines;
  }

  private static JsonNode lfsLine(String path, String content) {
    return json(
        "{\"key\":\"lfsFile\",\"value\":{\"path\":\""
            + path
            + "\",\"algo\":\"sha256\",\"oid\":\""
            + sha(content)
            + "\",\"size\":"
            + content.length()
            + "}}");
  }

  private static String object(String content) {
    return "{\"oid\":\"" + sha(content) + "\",\"size\":" + content.length() + "}";
  }

  private static String sha(String content) {
    return Hashing.sha256Hex(content);
  }

  private static String base64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  private static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + text, e);
    }
  }
}
