package org.valbench.flows;

import java.util.Objects;
import java.util.Optional;

/**
 * What a command does about cost: a price file replacing or adding to the bundled prices ({@code
 * --prices}), a spending limit in USD ({@code --max-cost}), and whether to only estimate ({@code
 * --dry-run}: read the data, look up the cache, send nothing, write nothing).
 */
public record CostSettings(
    Optional<String> pricesFile, Optional<Double> maxCostUsd, boolean dryRun) {
  public static final CostSettings NONE =
      new CostSettings(Optional.empty(), Optional.empty(), false);

  public CostSettings {
    Objects.requireNonNull(pricesFile, "pricesFile");
    Objects.requireNonNull(maxCostUsd, "maxCostUsd");
    maxCostUsd.ifPresent(
        usd -> {
          if (!(usd > 0) || usd.isInfinite()) {
            throw new IllegalArgumentException("maxCostUsd must be > 0");
          }
        });
  }
}
