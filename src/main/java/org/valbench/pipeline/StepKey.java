package org.valbench.pipeline;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.valbench.common.Hashing;

/**
 * What determines a step's output: its name, its version, and named parts (parameters and the keys
 * of the checkpoints it reads). Never secrets, batch sizes, timeouts or retry settings: they change
 * how a result is obtained, not what it is. {@link #toString()} shows the parts.
 */
public record StepKey(String step, int version, Map<String, Object> parts) {
  public StepKey {
    Objects.requireNonNull(step, "step");
    if (!step.matches("[a-z0-9][a-z0-9-]*")) {
      throw new IllegalArgumentException("step name must be lower-case words and dashes: " + step);
    }
    if (version < 1) {
      throw new IllegalArgumentException("step version must be >= 1");
    }
    TreeMap<String, Object> sorted = new TreeMap<>();
    parts.forEach((name, value) -> sorted.put(Objects.requireNonNull(name, "part name"), value));
    parts = java.util.Collections.unmodifiableMap(sorted);
  }

  /** The canonical JSON that is hashed. */
  public String canonical() {
    Map<String, Object> all = new TreeMap<>();
    all.put("step", step);
    all.put("version", version);
    all.put("parts", parts);
    return Hashing.canonicalJson(all);
  }

  /** SHA-256 of {@link #canonical()}, in hex. */
  public String hash() {
    return Hashing.sha256Hex(canonical());
  }
}
