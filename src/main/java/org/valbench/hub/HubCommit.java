package org.valbench.hub;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.valbench.common.UserError;

/**
 * The pure side of a Hub push: the files of one commit, read from a local folder; the JSON bodies
 * that describe them and the reading of the Hub's answers, as huggingface_hub's {@code _commit_api}
 * and {@code lfs} modules do; and the rewrite of action URLs to the endpoint.
 */
final class HubCommit {
  /** Bytes of each file sent to the preupload endpoint, as huggingface_hub sends them. */
  static final int SAMPLE_BYTES = 512;

  // S3's limit for one PUT; larger files would need the multipart transfer, which is left out.
  static final long MAX_BASIC_UPLOAD = 5L << 30;

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  // Same rule as huggingface_hub's DEFAULT_IGNORE_PATTERNS: never commit .git or its cache folder.
  private static final Pattern IGNORED =
      Pattern.compile("(^|.*/)(\\.git|\\.cache/huggingface)(/.*)?");
  private static final Pattern BAD_SEGMENT = Pattern.compile("(^|/)\\.{1,2}(/|$)|\\\\");

  /** A local file to commit: source, path in the repo, size in bytes, sha256, base64 sample. */
  record LocalFile(Path source, String pathInRepo, long size, String sha256, String sample) {}

  /**
   * What the LFS batch answer says about one file: its upload and verify actions (missing nodes
   * when absent; no upload action means the Hub has the object), or the Hub's error text.
   */
  record Transfer(LocalFile file, JsonNode upload, JsonNode verify, Optional<String> error) {}

  /** The Hub answered in a shape huggingface_hub would reject; the message says what was odd. */
  static final class Malformed extends Exception {
    private static final long serialVersionUID = 1L;

    Malformed(String what) {
      super(what);
    }
  }

  private HubCommit() {}

  /** Every file under {@code folder} (by path), placed under {@code pathInRepo} in the repo. */
  static List<LocalFile> scan(Path folder, String pathInRepo) throws IOException {
    if (!Files.isDirectory(folder)) {
      throw UserError.badInput(folder + ": not a folder, nothing to push");
    }
    String prefix = prefix(pathInRepo);
    List<LocalFile> files = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(folder)) {
      List<Path> found =
          walk.filter(Files::isRegularFile).sorted(Comparator.comparing(Path::toString)).toList();
      for (Path file : found) {
        String relative = folder.relativize(file).toString().replace('\\', '/');
        if (IGNORED.matcher(relative).matches()) {
          continue;
        }
        if (Files.size(file) > MAX_BASIC_UPLOAD) {
          throw UserError.badInput(
              file
                  + ": larger than 5 GB; valbench uploads with the basic LFS transfer only (no"
                  + " multipart), so split it into smaller files");
        }
        files.add(describe(file, prefix + relative));
      }
    }
    return List.copyOf(files);
  }

  private static String prefix(String pathInRepo) {
    String trimmed = pathInRepo.replaceAll("^/+|/+$", "");
    if (trimmed.isEmpty() || trimmed.equals(".")) {
      return "";
    }
    if (BAD_SEGMENT.matcher(trimmed).find()) {
      throw UserError.badInput("'" + pathInRepo + "': not a folder path inside a repository");
    }
    return trimmed + "/";
  }

  private static LocalFile describe(Path file, String pathInRepo) throws IOException {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    byte[] sample;
    long size;
    try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
      sample = in.readNBytes(SAMPLE_BYTES);
      size = sample.length + in.transferTo(OutputStream.nullOutputStream());
    }
    String sha256 = HexFormat.of().formatHex(digest.digest());
    return new LocalFile(
        file, pathInRepo, size, sha256, Base64.getEncoder().encodeToString(sample));
  }

  /** Path in repo to "lfs", "regular", or "" (the repo's .gitignore excludes it). */
  static Map<String, String> uploadModes(JsonNode answer, List<LocalFile> asked) throws Malformed {
    Map<String, String> modes = new HashMap<>();
    for (JsonNode file : answer.path("files")) {
      String mode = file.path("uploadMode").asText("");
      if (!mode.equals("lfs") && !mode.equals("regular")) {
        throw new Malformed("upload mode '" + mode + "'");
      }
      modes.put(file.path("path").asText(), file.path("shouldIgnore").asBoolean() ? "" : mode);
    }
    for (LocalFile file : asked) {
      if (!modes.containsKey(file.pathInRepo())) {
        throw new Malformed("no upload mode for " + file.pathInRepo());
      }
    }
    return modes;
  }

  /** The batch answer's objects, matched to the files asked about by sha256. */
  static List<Transfer> transfers(JsonNode answer, Map<String, LocalFile> byOid) throws Malformed {
    List<Transfer> transfers = new ArrayList<>();
    for (JsonNode object : answer.path("objects")) {
      LocalFile file = byOid.get(object.path("oid").asText());
      if (file == null) {
        throw new Malformed("an LFS object that was not asked for");
      }
      JsonNode error = object.path("error");
      Optional<String> text =
          error.isMissingNode()
              ? Optional.empty()
              : Optional.of(
                  error.path("message").asText("") + ", code " + error.path("code").asText("?"));
      JsonNode actions = object.path("actions");
      JsonNode upload = actions.path("upload");
      if (!upload.isMissingNode() && upload.path("header").has("chunk_size")) {
        throw new Malformed("a multipart upload of " + file.pathInRepo() + ", not offered");
      }
      transfers.add(new Transfer(file, upload, actions.path("verify"), text));
    }
    return transfers;
  }

  /** An action's href, with huggingface.co replaced by the endpoint as fix_hf_endpoint_in_url. */
  static Optional<URI> href(JsonNode action, URI endpoint) {
    String href = action.path("href").asText("");
    String hub = HubEndpoint.DEFAULT_URL;
    String fixed = endpoint.toString().equals(hub) ? href : href.replace(hub, endpoint.toString());
    return HubEndpoint.httpUri(fixed);
  }

  /** The Hub's own error text: the X-Error-Message header, else the JSON body's "error". */
  static String hubError(HttpResponse<byte[]> response) {
    Optional<String> header = response.headers().firstValue("X-Error-Message");
    if (header.isPresent()) {
      return header.get();
    }
    try {
      return JSON.readTree(response.body()).path("error").asText("");
    } catch (IOException e) {
      return "";
    }
  }

  /** {@code {type: "dataset", name, organization, private}} for {@code /api/repos/create}. */
  static byte[] createBody(String repoId, boolean privateRepo) {
    String[] parts = repoId.split("/", 2);
    return bytes(
        JSON.createObjectNode()
            .put("type", "dataset")
            .put("name", parts[1])
            .put("organization", parts[0])
            .put("private", privateRepo));
  }

  /** {@code {files: [{path, sample, size}]}} for {@code /preupload/{revision}}. */
  static byte[] preuploadBody(List<LocalFile> files) {
    ObjectNode root = JSON.createObjectNode();
    ArrayNode list = root.putArray("files");
    for (LocalFile file : files) {
      list.addObject()
          .put("path", file.pathInRepo())
          .put("sample", file.sample())
          .put("size", file.size());
    }
    return bytes(root);
  }

  /** The LFS batch request; only the basic transfer is offered (see {@link HubUploader}). */
  static byte[] batchBody(List<LocalFile> files, String revision) {
    ObjectNode root = JSON.createObjectNode().put("operation", "upload");
    root.putArray("transfers").add("basic");
    ArrayNode objects = root.putArray("objects");
    for (LocalFile file : files) {
      objects.addObject().put("oid", file.sha256()).put("size", file.size());
    }
    root.put("hash_algo", "sha256");
    root.putObject("ref").put("name", revision);
    return bytes(root);
  }

  /** {@code {oid, size}} for an LFS verify action. */
  static byte[] verifyBody(LocalFile file) {
    return bytes(JSON.createObjectNode().put("oid", file.sha256()).put("size", file.size()));
  }

  /** The NDJSON commit: a header line, then one line per file, regular files inline (base64). */
  static byte[] commitBody(String summary, List<LocalFile> files, Set<String> lfsPaths)
      throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ObjectNode header = JSON.createObjectNode().put("key", "header");
    header.putObject("value").put("summary", summary).put("description", "");
    line(out, header);
    for (LocalFile file : files) {
      ObjectNode line = JSON.createObjectNode();
      if (lfsPaths.contains(file.pathInRepo())) {
        line.put("key", "lfsFile")
            .putObject("value")
            .put("path", file.pathInRepo())
            .put("algo", "sha256")
            .put("oid", file.sha256())
            .put("size", file.size());
      } else {
        String content = Base64.getEncoder().encodeToString(Files.readAllBytes(file.source()));
        line.put("key", "file")
            .putObject("value")
            .put("content", content)
            .put("path", file.pathInRepo())
            .put("encoding", "base64");
      }
      line(out, line);
    }
    return out.toByteArray();
  }

  private static void line(ByteArrayOutputStream out, ObjectNode node) {
    out.writeBytes(bytes(node));
    out.write('\n');
  }

  private static byte[] bytes(ObjectNode node) {
    try {
      return JSON.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
