package org.valbench.common;

import io.github.cdimascio.dotenv.Dotenv;
import io.github.cdimascio.dotenv.DotenvEntry;
import io.github.cdimascio.dotenv.DotenvException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The process environment merged with a {@code .env} file from the working directory; variables
 * of the real environment win. Read once at start-up and passed down. {@link #toString()} lists
 * names only, never values, so an Env can be logged safely.
 */
public record Env(Map<String, String> variables) {
  public Env {
    variables = Map.copyOf(variables);
  }

  public static Env of(Map<String, String> variables) {
    return new Env(variables);
  }

  /** The real environment, plus {@code workDir/.env} for names the environment does not set. */
  public static Env load(Path workDir, Map<String, String> processEnv) {
    Map<String, String> merged = new TreeMap<>(readDotEnv(workDir.resolve(".env")));
    merged.putAll(processEnv);
    return new Env(merged);
  }

  public Optional<String> get(String name) {
    String value = variables.get(name);
    return value == null || value.isEmpty() ? Optional.empty() : Optional.of(value);
  }

  /** The first of several names that is set, e.g. the three spellings of the Hugging Face token. */
  public Optional<String> firstOf(String... names) {
    for (String name : names) {
      Optional<String> value = get(name);
      if (value.isPresent()) {
        return value;
      }
    }
    return Optional.empty();
  }

  @Override
  public String toString() {
    return "Env" + new TreeMap<>(variables).keySet();
  }

  /**
   * Reads {@code NAME=value} lines (quotes, comments and {@code export} allowed) with dotenv-java.
   * A malformed file is a user error that names the file but never echoes its content, which may
   * hold a secret.
   */
  static Map<String, String> readDotEnv(Path file) {
    Map<String, String> values = new TreeMap<>();
    if (!Files.isRegularFile(file)) {
      return values;
    }
    try {
      Dotenv dotenv =
          Dotenv.configure()
              .directory(file.getParent().toString())
              .filename(file.getFileName().toString())
              .load();
      for (DotenvEntry entry : dotenv.entries(Dotenv.Filter.DECLARED_IN_ENV_FILE)) {
        values.put(entry.getKey(), entry.getValue());
      }
    } catch (DotenvException e) {
      throw UserError.badInput(
          file + ": not a valid .env file (expected NAME=value lines; content not shown)");
    }
    return values;
  }
}
