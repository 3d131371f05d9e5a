package org.valbench.inference;

import java.util.Objects;

/**
 * An API key and the name of the variable it came from (for messages); {@link #toString()} shows
 * the name only.
 */
public record ApiKey(String value, String variable) {
  public ApiKey {
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(variable, "variable");
  }

  @Override
  public String toString() {
    return "ApiKey[from " + variable + "]";
  }
}
