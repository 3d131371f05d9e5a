package org.valbench.protocol;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.valbench.common.Hashing;

/**
 * One system prompt as it is used, with where it came from: {@code source} is {@code reference},
 * {@code valbench} or the flag that gave it, and {@code commit} the reference commit when the text
 * was fetched from it.
 */
public record ProtocolPrompt(String text, String protocol, String source, Optional<String> commit) {
  public ProtocolPrompt {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(protocol, "protocol");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(commit, "commit");
  }

  /** valbench's own text, or a text given by a flag, under the protocol the run chose. */
  public static ProtocolPrompt given(String text, Protocol protocol, String source) {
    return new ProtocolPrompt(text, protocol.id(), source, Optional.empty());
  }

  public String sha256() {
    return Hashing.sha256Hex(text);
  }

  /**
   * The provenance of this prompt, under names starting with {@code prefix}: protocol, source,
   * commit and sha256 (the text itself is not included).
   */
  public Map<String, Object> provenance(String prefix) {
    Map<String, Object> parts = new LinkedHashMap<>();
    parts.put("protocol", protocol);
    parts.put("protocol_commit", commit.orElse(null));
    parts.put(prefix + "_source", source);
    parts.put(prefix + "_sha256", sha256());
    return parts;
  }

  @Override
  public String toString() {
    return "ProtocolPrompt[" + source + ", sha256=" + sha256() + "]";
  }
}
