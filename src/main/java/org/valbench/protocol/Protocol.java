package org.valbench.protocol;

import java.util.Locale;

/** Where the default prompts come from: the reference implementation's, or valbench's own. */
public enum Protocol {
  /** The prompts of VAL-Bench's reference implementation, fetched at the pinned commit. */
  REFERENCE,
  /** valbench's own prompts, bundled and available offline. */
  VALBENCH;

  /** The name used on the command line and in outputs: {@code reference} or {@code valbench}. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }
}
