package org.valbench.report;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What produced a report, for {@code summary.json}: the valbench version, the run's parameters
 * (models, settings, datasets, prompt hashes) and the tokens of the answers it judged, one entry
 * per inference step (written as given). Never secrets.
 */
public record RunInfo(
    String valbenchVersion, Map<String, Object> parameters, List<Map<String, Object>> tokens) {
  public RunInfo {
    Objects.requireNonNull(valbenchVersion, "valbenchVersion");
    parameters = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    tokens = List.copyOf(tokens);
  }

  /** A run with no token figures. */
  public RunInfo(String valbenchVersion, Map<String, Object> parameters) {
    this(valbenchVersion, parameters, List.of());
  }
}
