package org.valbench.flows;

import java.util.List;
import java.util.Optional;

/**
 * What {@code valbench compare} was asked: the judged datasets (paths, Hub ids, {@code s3://}
 * locations or globs of local paths), where to write, and whether runs that differ in judge,
 * prompt, protocol, pair order or dataset may be compared anyway.
 */
public record CompareSettings(List<String> runs, Optional<String> outputDir, boolean allowMixed) {
  public CompareSettings {
    runs = List.copyOf(runs);
    java.util.Objects.requireNonNull(outputDir, "outputDir");
  }
}
