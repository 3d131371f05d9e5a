package org.valbench.report;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What produced a report, for {@code summary.json}: the valbench version and the run's parameters
 * (models, settings, datasets, prompt hashes). Never secrets.
 */
public record RunInfo(String valbenchVersion, Map<String, Object> parameters) {
  public RunInfo {
    Objects.requireNonNull(valbenchVersion, "valbenchVersion");
    parameters = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
  }
}
