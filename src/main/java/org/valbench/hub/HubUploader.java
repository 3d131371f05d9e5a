package org.valbench.hub;

import static org.valbench.hub.HubEndpoint.dataset;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.valbench.common.Env;
import org.valbench.common.UserError;
import org.valbench.hub.HubCommit.LocalFile;
import org.valbench.hub.HubCommit.Transfer;

/**
 * Pushes a local folder to a Hugging Face Hub dataset repository in one commit, as
 * huggingface_hub's {@code upload_folder} does over its LFS path: {@code POST /api/repos/create}
 * (409: exists), {@code POST /api/datasets/{repo}/preupload/main} (upload mode per file), {@code
 * POST /datasets/{repo}.git/info/lfs/objects/batch} for the LFS files, a {@code PUT} of each object
 * the Hub does not have yet (then its verify action), and {@code POST
 * /api/datasets/{repo}/commit/main} with an NDJSON body. Only the basic LFS transfer (one PUT per
 * file, at most 5 GB) is offered; the multipart transfer is left out. The bearer token goes only to
 * the endpoint's own origin; a foreign upload host gets just the headers the batch answer names. No
 * request is retried: a rerun skips the LFS objects that already arrived.
 */
public final class HubUploader {
  static final String REVISION = "main";

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  private static final String LFS_JSON = "application/vnd.git-lfs+json";
  // Files per preupload or LFS batch request, as in huggingface_hub.
  private static final int CHUNK = 256;
  private static final Set<String> RESTRICTED =
      Set.of("connection", "content-length", "expect", "host", "upgrade");
  private static final Duration API_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration COMMIT_TIMEOUT = Duration.ofMinutes(5);
  private static final int MAX_HUB_MESSAGE = 200;
  private static final JsonNode NONE = MissingNode.getInstance();

  private final HubEndpoint hub;
  private final HttpClient http;
  private final PrintWriter progress;

  /** {@code http} must not follow redirects, so that the token never leaves the Hub's host. */
  public HubUploader(Env env, HttpClient http, PrintWriter progress) {
    HubEndpoint.checkNoRedirects(http);
    this.hub = HubEndpoint.from(env);
    this.http = http;
    this.progress = progress;
  }

  /**
   * Checks, without any request, what a push to {@code repoId} needs: a valid repository id and a
   * token (so that a run finds out before its inference, not after).
   */
  public static void checkCanPush(Env env, String repoId) {
    checkCanPush(HubEndpoint.from(env), repoId);
  }

  private static void checkCanPush(HubEndpoint hub, String repoId) {
    HubEndpoint.checkRepoId(repoId);
    if (!hub.hasToken()) {
      String text = "pushing to " + dataset(repoId) + " needs a token with write access; ";
      throw new HubRefusedException(text + HubEndpoint.SET_TOKEN);
    }
  }

  /**
   * Creates dataset {@code repoId} if missing ({@code privateRepo} applies only then) and commits
   * every file under {@code localDir} below {@code pathInRepo} to branch main in one commit;
   * returns the commit URL.
   */
  public String upload(
      String repoId, Path localDir, String pathInRepo, String commitMessage, boolean privateRepo)
      throws IOException {
    checkCanPush(hub, repoId);
    List<LocalFile> files = HubCommit.scan(localDir, pathInRepo);
    if (files.isEmpty()) {
      throw UserError.badInput(localDir + ": no files to push to " + dataset(repoId));
    }
    createRepo(repoId, privateRepo);
    Map<String, String> modes = uploadModes(repoId, files);
    List<LocalFile> kept =
        files.stream().filter(f -> !modes.get(f.pathInRepo()).isEmpty()).toList();
    // Same rule as huggingface_hub: an empty file cannot go through LFS, so it is committed inline.
    List<LocalFile> lfs =
        kept.stream().filter(f -> modes.get(f.pathInRepo()).equals("lfs") && f.size() > 0).toList();
    uploadLfs(repoId, lfs);
    Set<String> lfsPaths = lfs.stream().map(LocalFile::pathInRepo).collect(Collectors.toSet());
    return commit(repoId, commitMessage, kept, lfsPaths);
  }

  private void createRepo(String repoId, boolean privateRepo) throws IOException {
    String step = "creating the repository";
    URI uri = hub.at("/api/repos/create");
    byte[] body = HubCommit.createBody(repoId, privateRepo);
    HttpResponse<byte[]> response =
        exchange(repoId, step, post(uri, "application/json", body), NONE);
    int status = response.statusCode();
    if (status == 409 || ((status == 401 || status == 403) && exists(repoId))) {
      // As create_repo(exist_ok=True): a token without the create scope may still write to it.
      say(repoId + " already exists on " + hub.base() + "; its visibility is left as it is");
    } else if (status / 100 == 2) {
      say("created " + (privateRepo ? "private " : "public ") + dataset(repoId));
    } else {
      throw failure(repoId, step, response);
    }
  }

  private boolean exists(String repoId) throws IOException {
    URI uri = hub.at("/api/datasets/" + repoId);
    HttpRequest.Builder get = HttpRequest.newBuilder(uri).timeout(API_TIMEOUT).GET();
    return exchange(repoId, "looking up the repository", get, NONE).statusCode() == 200;
  }

  /** Path in repo to "lfs", "regular", or "" for a file the repo's .gitignore excludes. */
  private Map<String, String> uploadModes(String repoId, List<LocalFile> files) throws IOException {
    String step = "asking for upload modes";
    URI uri = hub.at("/api/datasets/" + repoId + "/preupload/" + REVISION);
    Map<String, String> modes = new HashMap<>();
    for (int i = 0; i < files.size(); i += CHUNK) {
      List<LocalFile> chunk = files.subList(i, Math.min(files.size(), i + CHUNK));
      byte[] body = HubCommit.preuploadBody(chunk);
      JsonNode answer = call(repoId, step, post(uri, "application/json", body), NONE);
      try {
        modes.putAll(HubCommit.uploadModes(answer, chunk));
      } catch (HubCommit.Malformed e) {
        throw malformed(repoId, step, e.getMessage());
      }
    }
    return modes;
  }

  private void uploadLfs(String repoId, List<LocalFile> files) throws IOException {
    Map<String, LocalFile> byOid = new LinkedHashMap<>();
    files.forEach(f -> byOid.putIfAbsent(f.sha256(), f));
    List<LocalFile> unique = List.copyOf(byOid.values());
    String step = "asking where to upload LFS files";
    URI uri = hub.at("/datasets/" + repoId + ".git/info/lfs/objects/batch");
    for (int i = 0; i < unique.size(); i += CHUNK) {
      byte[] body =
          HubCommit.batchBody(unique.subList(i, Math.min(unique.size(), i + CHUNK)), REVISION);
      JsonNode answer =
          call(repoId, step, post(uri, LFS_JSON, body).header("Accept", LFS_JSON), NONE);
      List<Transfer> transfers;
      try {
        transfers = HubCommit.transfers(answer, byOid);
      } catch (HubCommit.Malformed e) {
        throw malformed(repoId, step, e.getMessage());
      }
      for (Transfer transfer : transfers) {
        transfer(repoId, transfer);
      }
    }
  }

  private void transfer(String repoId, Transfer transfer) throws IOException {
    LocalFile file = transfer.file();
    if (transfer.error().isPresent()) {
      String error = hubText(transfer.error().get());
      throw UserError.badInput(
          dataset(repoId) + ": the Hub refused LFS file " + file.pathInRepo() + " (" + error + ")");
    }
    if (transfer.upload().isMissingNode()) {
      say("already on the Hub: " + file.pathInRepo());
      return;
    }
    // Allow at least 128 KiB/s: the timeout covers sending the whole body.
    Duration timeout = API_TIMEOUT.plusSeconds(file.size() / (128 << 10));
    HttpRequest.Builder put =
        HttpRequest.newBuilder(href(repoId, transfer.upload()))
            .timeout(timeout)
            .PUT(BodyPublishers.ofFile(file.source()));
    // Only the status counts: a storage host may answer with a body that is not JSON.
    checked(repoId, "uploading " + file.pathInRepo(), put, transfer.upload().path("header"));
    JsonNode verify = transfer.verify();
    if (!verify.isMissingNode()) {
      byte[] body = HubCommit.verifyBody(file);
      HttpRequest.Builder post = post(href(repoId, verify), LFS_JSON, body);
      post.header("Accept", LFS_JSON);
      call(repoId, "verifying " + file.pathInRepo(), post, verify.path("header"));
    }
    say(String.format(Locale.ROOT, "uploaded %s (%,d bytes)", file.pathInRepo(), file.size()));
  }

  private String commit(String repoId, String message, List<LocalFile> files, Set<String> lfs)
      throws IOException {
    String step = "committing";
    URI uri = hub.at("/api/datasets/" + repoId + "/commit/" + REVISION);
    byte[] body = HubCommit.commitBody(message, files, lfs);
    HttpRequest.Builder request = post(uri, "application/x-ndjson", body).timeout(COMMIT_TIMEOUT);
    JsonNode answer = call(repoId, step, request, NONE);
    String url = answer.path("commitUrl").asText("");
    String oid = answer.path("commitOid").asText("");
    if (url.isEmpty() && oid.isEmpty()) {
      throw malformed(repoId, step, "no commitUrl or commitOid");
    }
    String result = url.isEmpty() ? hub.base() + "/datasets/" + repoId + "/commit/" + oid : url;
    say("committed " + files.size() + " file(s) to " + dataset(repoId) + ": " + result);
    return result;
  }

  private URI href(String repoId, JsonNode action) {
    return HubCommit.href(action, hub.base())
        .orElseThrow(() -> malformed(repoId, "uploading LFS files", "an href that is no URL"));
  }

  private static HttpRequest.Builder post(URI uri, String contentType, byte[] body) {
    return HttpRequest.newBuilder(uri)
        .timeout(API_TIMEOUT)
        .header("Content-Type", contentType)
        .POST(BodyPublishers.ofByteArray(body));
  }

  /** Sends; a 2xx answer gives its JSON body (an empty object if none), anything else fails. */
  private JsonNode call(String repoId, String step, HttpRequest.Builder request, JsonNode headers)
      throws IOException {
    HttpResponse<byte[]> response = checked(repoId, step, request, headers);
    if (response.body().length == 0) {
      return JSON.createObjectNode();
    }
    try {
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw malformed(repoId, step, "a body that is not JSON");
    }
  }

  private HttpResponse<byte[]> checked(
      String repoId, String step, HttpRequest.Builder request, JsonNode headers)
      throws IOException {
    HttpResponse<byte[]> response = exchange(repoId, step, request, headers);
    if (response.statusCode() / 100 != 2) {
      throw failure(repoId, step, response);
    }
    return response;
  }

  /** Adds the action's headers and, for the Hub's own origin only, the bearer token; sends. */
  private HttpResponse<byte[]> exchange(
      String repoId, String step, HttpRequest.Builder request, JsonNode headers)
      throws IOException {
    request.header("User-Agent", "valbench");
    for (Map.Entry<String, JsonNode> h : headers.properties()) {
      if (!RESTRICTED.contains(h.getKey().toLowerCase(Locale.ROOT))) {
        request.header(h.getKey(), h.getValue().asText());
      }
    }
    HttpRequest built = hub.authorised(request.build());
    try {
      return http.send(built, BodyHandlers.ofByteArray());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while " + step + " for " + repoId);
    } catch (IOException e) {
      String reason = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
      String host = built.uri().getHost();
      throw new HubUnavailableException(
          dataset(repoId)
              + ": "
              + step
              + " could not reach "
              + host
              + " ("
              + hubText(reason)
              + "); rerun to try again",
          e);
    }
  }

  private UserError failure(String repoId, String step, HttpResponse<byte[]> response) {
    int status = response.statusCode();
    String said = HubCommit.hubError(response);
    String detail = said.isBlank() ? "" : ": " + hubText(said);
    if (status == 401 || status == 403) {
      String what = dataset(repoId) + ": " + step + ", " + hub.refusal();
      String fix = HubEndpoint.SET_TOKEN + " to a token that can write to it";
      return new HubRefusedException(what + " (HTTP " + status + detail + "); " + fix);
    }
    String failed = dataset(repoId) + ": " + step + " failed (HTTP " + status + detail + ")";
    return status == 429 || status >= 500
        ? new HubUnavailableException(failed)
        : UserError.badInput(failed);
  }

  private UserError malformed(String repoId, String step, String what) {
    String who = dataset(repoId) + ": " + step + ", " + hub.base();
    return UserError.badInput(
        who + " did not answer like a Hugging Face Hub (" + hubText(what) + ")");
  }

  /** Text from the server or the network, on one short line and without the token. */
  private String hubText(String text) {
    String line = hub.redact(text.replaceAll("\\s+", " ").strip());
    return line.length() > MAX_HUB_MESSAGE ? line.substring(0, MAX_HUB_MESSAGE) + "..." : line;
  }

  private void say(String line) {
    progress.println(line);
    progress.flush();
  }
}
