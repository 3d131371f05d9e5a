package org.valbench.hub;

import static org.valbench.hub.HubEndpoint.dataset;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.valbench.common.AtomicDirs;
import org.valbench.common.StorageException;
import org.valbench.common.UserError;
import org.valbench.hub.HubGet.Answer;
import org.valbench.hub.HubGet.Unreachable;
import org.valbench.hub.HubListing.RemoteFile;

/**
 * Downloads one file of a commit to {@code {path}.incomplete}, resuming with a Range request, and
 * gives it its final name only once its size and LFS sha256 check out.
 */
final class HubTransfer {
  private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (\\d+)-\\d+/(\\d+)");
  private static final Duration DOWNLOAD_TIMEOUT = Duration.ofSeconds(60);

  private final HubGet get;

  /** What the server said about a transfer: sizes in bytes (-1 if not said) and LFS sha256. */
  private record Claims(long linkedSize, long total, Optional<String> sha256) {
    static final Claims NONE = new Claims(-1, -1, Optional.empty());
  }

  HubTransfer(HubGet get) {
    this.get = get;
  }

  /** Downloads {@code file} of {@code commit} to {@code target}, checked, via a partial file. */
  void fetch(String repoId, String commit, RemoteFile file, Path target) throws IOException {
    Files.createDirectories(target.getParent());
    Path partial = target.resolveSibling(target.getFileName() + ".incomplete");
    long have = Files.isRegularFile(partial) ? Files.size(partial) : 0;
    if (file.size() >= 0 && have > file.size()) {
      Files.delete(partial);
      have = 0;
    }
    // Same rule as http_get: a partial file that already has every byte needs no request.
    Claims claims =
        have > 0 && have == file.size()
            ? Claims.NONE
            : transfer(repoId, commit, file, partial, have);
    verify(repoId, file, partial, claims);
    AtomicDirs.move(partial, target);
    AtomicDirs.fsyncDir(target.getParent());
  }

  private Claims transfer(String repoId, String commit, RemoteFile file, Path partial, long have)
      throws IOException {
    String path =
        "/datasets/" + repoId + "/resolve/" + commit + "/" + HubGet.encode(file.path(), true);
    URI uri = get.hub().at(path);
    Map<String, String> range = have > 0 ? Map.of("Range", "bytes=" + have + "-") : Map.of();
    Answer<InputStream> answer;
    try {
      answer = get.get(uri, range, DOWNLOAD_TIMEOUT, BodyHandlers.ofInputStream());
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
        throw new HubUnavailableException(
            dataset(repoId)
                + ": "
                + file.path()
                + " came back with the wrong byte range; rerun to download it again");
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
      UserError stopped = stopped(repoId, file, partial, e.getMessage());
      // A full disk or a read-only cache folder is for the user to fix, not a network hiccup.
      throw StorageException.environmentalReason(e).isPresent()
          ? UserError.badInput(stopped.getMessage(), e)
          : stopped;
    }
  }

  /** Checks the complete partial file against every size and hash known; deletes it if wrong. */
  private static void verify(String repoId, RemoteFile file, Path partial, Claims claims)
      throws IOException {
    long actual = Files.size(partial);
    for (long expected : new long[] {file.size(), claims.linkedSize(), claims.total()}) {
      if (expected >= 0 && expected != actual) {
        Files.delete(partial);
        throw new HubUnavailableException(
            dataset(repoId)
                + ": "
                + file.path()
                + " arrived with "
                + actual
                + " bytes, expected "
                + expected
                + "; the partial file was deleted, rerun to download it again");
      }
    }
    Optional<String> sha256 = file.sha256().or(claims::sha256);
    if (sha256.isPresent() && !sha256.get().equals(sha256(partial))) {
      Files.delete(partial);
      throw new HubUnavailableException(
          dataset(repoId)
              + ": "
              + file.path()
              + " does not match its sha256 "
              + sha256.get()
              + "; the partial file was deleted, rerun to download it again");
    }
  }

  private UserError downloadFailed(String repoId, RemoteFile file, int status) {
    if (status == 401 || status == 403) {
      return get.refused(repoId, status);
    }
    return new HubUnavailableException(
        dataset(repoId)
            + ": downloading "
            + file.path()
            + " from "
            + get.hub().base()
            + " failed (HTTP "
            + status
            + "); rerun to try again");
  }

  private static HubUnavailableException stopped(
      String repoId, RemoteFile file, Path partial, String reason) {
    return new HubUnavailableException(
        dataset(repoId)
            + ": downloading "
            + file.path()
            + " stopped ("
            + reason
            + "); rerun to resume "
            + partial);
  }

  private static long linkedSize(HttpHeaders headers) {
    return headers.firstValue("X-Linked-Size").map(HubTransfer::parseLong).orElse(-1L);
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
    HttpHeaders first = answer.first();
    String etag = first.firstValue("X-Linked-Etag").or(() -> first.firstValue("ETag")).orElse("");
    String bare = etag.replaceFirst("^W/", "").replace("\"", "");
    return HubListing.SHA256.matcher(bare).matches() ? Optional.of(bare) : Optional.empty();
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
}
