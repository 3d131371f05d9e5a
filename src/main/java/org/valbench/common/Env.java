package org.valbench.common;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The process environment merged with a {@code .env} file from the working directory; variables of
 * the real environment win. Read once at start-up and passed down. {@link #toString()} lists names
 * only, never values, so an Env can be logged safely.
 */
public record Env(Map<String, String> variables) {
  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.]*");

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
   * Reads a dotenv file the way python-dotenv (used by the reference implementation) does for the
   * common cases: {@code NAME=value}, optional {@code export}, single or double quotes, {@code #}
   * comments. (dotenv-java was tried and rejects {@code export} and keeps single quotes.) A
   * malformed line is a user error naming the file and line number, never its content, which may
   * hold a secret.
   */
  static Map<String, String> readDotEnv(Path file) {
    Map<String, String> values = new TreeMap<>();
    if (!Files.isRegularFile(file)) {
      return values;
    }
    List<String> lines = TextFiles.readUtf8(file, file.toString()).lines().toList();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      if (line.startsWith("export ")) {
        line = line.substring("export ".length()).strip();
      }
      int eq = line.indexOf('=');
      String name = eq < 0 ? "" : line.substring(0, eq).strip();
      if (!NAME.matcher(name).matches()) {
        throw UserError.badInput(
            file + ": line " + (i + 1) + " is not NAME=value (content not shown)");
      }
      values.put(name, unquote(line.substring(eq + 1).strip()));
    }
    return values;
  }

  private static String unquote(String raw) {
    if (raw.length() >= 2 && (raw.charAt(0) == '"' || raw.charAt(0) == '\'')) {
      char quote = raw.charAt(0);
      int end = raw.indexOf(quote, 1);
      if (end > 0) {
        String inner = raw.substring(1, end);
        return quote == '"' ? inner.replace("\\n", "\n").replace("\\\"", "\"") : inner;
      }
    }
    int comment = raw.indexOf(" #");
    return (comment >= 0 ? raw.substring(0, comment) : raw).strip();
  }
}
