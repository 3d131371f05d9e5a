package org.valbench.common;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The Hugging Face token and where it came from, found as huggingface_hub finds it: the variables
 * {@code HF_TOKEN}, {@code HUGGING_FACE_HUB_TOKEN}, {@code HUGGINGFACE_API_TOKEN} (first set wins),
 * else the file {@code huggingface-cli login} writes: {@code HF_TOKEN_PATH}, else {@code
 * $HF_HOME/token}, else {@code $XDG_CACHE_HOME/huggingface/token}, else {@code
 * $HOME/.cache/huggingface/token}. Every location comes from the {@link Env} passed in, never from
 * the process, so a test's environment decides which file is read. {@link #toString()} shows only
 * the source.
 */
public record HubToken(String value, String source) {
  /** Looked up in this order, as huggingface_hub does. */
  public static final List<String> VARIABLES =
      List.of("HF_TOKEN", "HUGGING_FACE_HUB_TOKEN", "HUGGINGFACE_API_TOKEN");

  public HubToken {
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(source, "source");
  }

  /**
   * The token, if there is one; a token file that exists but cannot be read is a user error naming
   * it. A file holding only whitespace counts as no token.
   */
  public static Optional<HubToken> find(Env env) {
    for (String name : VARIABLES) {
      Optional<String> value = env.get(name).map(String::strip).filter(v -> !v.isEmpty());
      if (value.isPresent()) {
        return Optional.of(new HubToken(value.get(), name));
      }
    }
    Optional<Path> file = file(env);
    if (file.isEmpty() || !Files.exists(file.get())) {
      return Optional.empty();
    }
    try {
      return read(file.get()).map(token -> new HubToken(token, file.get().toString()));
    } catch (IOException e) {
      throw UserError.badInput(
          "Hugging Face token file "
              + file.get()
              + ": cannot read it ("
              + reason(e)
              + "); fix it, delete it, or set "
              + VARIABLES.get(0));
    }
  }

  /** The token of the token file, when one can be read; for redaction, which must not fail. */
  public static Optional<String> fromFileQuietly(Env env) {
    try {
      Optional<Path> file = file(env);
      return file.isPresent() && Files.isRegularFile(file.get())
          ? read(file.get())
          : Optional.empty();
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** Where {@code huggingface-cli login} keeps the token, by {@code env}; empty without a home. */
  public static Optional<Path> file(Env env) {
    Optional<String> explicit = env.get("HF_TOKEN_PATH");
    if (explicit.isPresent()) {
      return Optional.of(Path.of(explicit.get()));
    }
    Optional<Path> hfHome =
        env.get("HF_HOME")
            .map(Path::of)
            .or(() -> env.get("XDG_CACHE_HOME").map(c -> Path.of(c, "huggingface")))
            .or(() -> env.get("HOME").map(h -> Path.of(h, ".cache", "huggingface")));
    return hfHome.map(home -> home.resolve("token"));
  }

  private static Optional<String> read(Path file) throws IOException {
    String token = Files.readString(file, StandardCharsets.UTF_8).strip();
    return token.isEmpty() ? Optional.empty() : Optional.of(token);
  }

  private static String reason(IOException e) {
    if (e instanceof java.nio.file.AccessDeniedException) {
      return "permission denied";
    }
    String message = e.getMessage();
    return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
  }

  @Override
  public String toString() {
    return "HubToken[from " + source + "]";
  }
}
