package org.valbench.protocol;

import java.util.Locale;

/** Where the default prompts come from: the reference implementation's, or valbench's own. */
public enum Protocol {
  /** The prompts of VAL-Bench's reference implementation, fetched at the pinned commit. */
  REFERENCE,
  /** valbench's own prompts, bundled and available offline. */
  VALBENCH;

  /** The protocol a command uses unless told otherwise, by its {@link #id()}. */
  public static final String DEFAULT_ID = "reference";

  /** The name used on the command line and in outputs: {@code reference} or {@code valbench}. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The protocol named {@code id} (any case, surrounding blanks ignored), if there is one. */
  public static java.util.Optional<Protocol> ofId(String id) {
    for (Protocol protocol : values()) {
      if (protocol.id().equalsIgnoreCase(id.strip())) {
        return java.util.Optional.of(protocol);
      }
    }
    return java.util.Optional.empty();
  }

  /** The protocol named by {@link #DEFAULT_ID}. */
  public static Protocol byDefault() {
    return ofId(DEFAULT_ID).orElseThrow();
  }
}
