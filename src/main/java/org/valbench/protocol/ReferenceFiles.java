package org.valbench.protocol;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.valbench.common.Hashing;
import org.valbench.common.Urls;

/**
 * Fetches the reference implementation's files at the pinned commit from {@code
 * $VALBENCH_REFERENCE_URL/<commit>/<file>}, keeps them in a cache folder by commit, and extracts
 * the prompts. The file's and the prompt's sha256 are both checked, on download and on every use of
 * the cached copy; a complete cached copy needs no network.
 */
public final class ReferenceFiles {
  /** Replaces the base URL, for a mirror or a test server. */
  public static final String URL_VARIABLE = "VALBENCH_REFERENCE_URL";

  public static final String DEFAULT_URL = "https://raw.githubusercontent.com/val-bench/VAL-Bench";

  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final String baseUrl;
  private final Path cacheRoot;
  private final ReferencePin pin;

  /** {@code cacheRoot} holds one folder per commit. */
  public ReferenceFiles(String baseUrl, Path cacheRoot, ReferencePin pin) {
    this.baseUrl = stripSlashes(Objects.requireNonNull(baseUrl, "baseUrl"));
    this.cacheRoot = Objects.requireNonNull(cacheRoot, "cacheRoot");
    this.pin = Objects.requireNonNull(pin, "pin");
  }

  /** The candidate's system prompt of the reference protocol. */
  public ProtocolPrompt candidate() {
    return load(pin.candidate(), "candidate system prompt");
  }

  /** The judge's system prompt of the reference protocol. */
  public ProtocolPrompt judge() {
    return load(pin.judge(), "judge system prompt");
  }

  private ProtocolPrompt load(ReferencePin.PinnedPrompt pinned, String what) {
    Path cached = cacheRoot.resolve(pin.commit()).resolve(pinned.file());
    byte[] bytes = readCached(cached, pinned).orElseGet(() -> download(pinned, cached));
    String prompt;
    try {
      prompt = pinned.extract(utf8(bytes));
    } catch (IllegalArgumentException | CharacterCodingException e) {
      throw unusable(pinned.file() + ": cannot read the " + what + " (" + e.getMessage() + ")");
    }
    String actual = Hashing.sha256Hex(prompt);
    if (!actual.equals(pinned.promptSha256())) {
      throw unusable(
          pinned.file()
              + ": the "
              + what
              + " read from it has sha256 "
              + actual
              + ", expected "
              + pinned.promptSha256()
              + " (reference commit "
              + pin.commit()
              + ")");
    }
    return new ProtocolPrompt(
        prompt, Protocol.REFERENCE.id(), Protocol.REFERENCE.id(), Optional.of(pin.commit()));
  }

  /** The cached copy when it is there and intact; a damaged copy is ignored and replaced. */
  private static Optional<byte[]> readCached(Path cached, ReferencePin.PinnedPrompt pinned) {
    try {
      if (!Files.isRegularFile(cached)) {
        return Optional.empty();
      }
      byte[] bytes = Files.readAllBytes(cached);
      return Hashing.sha256Hex(bytes).equals(pinned.fileSha256())
          ? Optional.of(bytes)
          : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private byte[] download(ReferencePin.PinnedPrompt pinned, Path cached) {
    String url = baseUrl + "/" + pin.commit() + "/" + pinned.file();
    String shown = Urls.withoutCredentials(url);
    byte[] bytes;
    try {
      HttpClient http =
          HttpClient.newBuilder()
              .connectTimeout(TIMEOUT)
              .followRedirects(HttpClient.Redirect.NORMAL)
              .build();
      HttpResponse<byte[]> response =
          http.send(
              HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT).GET().build(),
              HttpResponse.BodyHandlers.ofByteArray());
      if (response.statusCode() != 200) {
        throw unavailable(pinned, shown, "HTTP " + response.statusCode(), cached);
      }
      bytes = response.body();
    } catch (IOException | IllegalArgumentException e) {
      throw unavailable(pinned, shown, describe(e), cached);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw unavailable(pinned, shown, "interrupted", cached);
    }
    String actual = Hashing.sha256Hex(bytes);
    if (!actual.equals(pinned.fileSha256())) {
      throw unusable(
          pinned.file()
              + " from "
              + shown
              + ": sha256 "
              + actual
              + ", expected "
              + pinned.fileSha256()
              + " (reference commit "
              + pin.commit()
              + "); the server does not serve the pinned file");
    }
    store(cached, bytes);
    return bytes;
  }

  /** Writes the cache file under a temporary name, syncs it and renames it into place. */
  private static void store(Path cached, byte[] bytes) {
    Path temp = null;
    try {
      Files.createDirectories(cached.getParent());
      // A unique temporary name: two runs may fetch the same file at the same time.
      temp = Files.createTempFile(cached.getParent(), "." + cached.getFileName(), ".tmp");
      try (FileChannel channel =
          FileChannel.open(
              temp,
              StandardOpenOption.CREATE,
              StandardOpenOption.TRUNCATE_EXISTING,
              StandardOpenOption.WRITE)) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
        channel.force(true);
      }
      Files.move(temp, cached, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      // The file was verified and is used from memory; only the next offline run needs the cache.
      try {
        if (temp != null) {
          Files.deleteIfExists(temp);
        }
      } catch (IOException ignored) {
        // nothing more to do
      }
    }
  }

  private static String utf8(byte[] bytes) throws CharacterCodingException {
    return StandardCharsets.UTF_8
        .newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT)
        .decode(ByteBuffer.wrap(bytes))
        .toString();
  }

  private static String describe(Exception e) {
    String message = e.getMessage();
    String kind = e.getClass().getSimpleName();
    return message == null || message.isBlank() ? kind : kind + ": " + message.strip();
  }

  private ReferenceFilesUnavailableException unavailable(
      ReferencePin.PinnedPrompt pinned, String url, String reason, Path cached) {
    return new ReferenceFilesUnavailableException(
        "reference protocol: could not fetch "
            + pinned.file()
            + " from "
            + url
            + " ("
            + reason.replaceAll("\\s+", " ")
            + ") and no copy is cached in "
            + cached.getParent()
            + "; set "
            + URL_VARIABLE
            + " to a mirror, use --protocol valbench, or give the prompt yourself"
            + " (--system-prompt for responses, --judge-prompt-file for evaluate)");
  }

  private static ReferenceFilesUnavailableException unusable(String message) {
    return new ReferenceFilesUnavailableException("reference protocol: " + message);
  }

  private static String stripSlashes(String url) {
    String stripped = url.strip();
    while (stripped.endsWith("/")) {
      stripped = stripped.substring(0, stripped.length() - 1);
    }
    return stripped;
  }
}
