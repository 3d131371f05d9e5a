package org.valbench.cli;

import java.util.Optional;
import org.valbench.flows.CostSettings;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** The cost flags of {@code responses} and {@code evaluate}: prices, spending limit, dry run. */
final class CostOptions {
  @Option(
      names = "--prices",
      paramLabel = "FILE",
      description =
          "JSON price table (USD per million tokens) whose models are added to the bundled"
              + " prices and replace those of the same name.")
  String prices;

  @Option(
      names = "--max-cost",
      paramLabel = "USD",
      converter = Usd.class,
      description =
          "Stop sending once the answers paid for (not those from the cache) cost this much;"
              + " what was answered is written, the rest is failed as not sent, exit 3.")
  Double maxCost;

  @Option(
      names = "--dry-run",
      arity = "0..1",
      paramLabel = "BOOL",
      converter = Converters.Bool.class,
      description =
          "Read the data and the cache, print how many requests would be sent, their estimated"
              + " tokens and cost (live and batch); send nothing, write no dataset.")
  boolean dryRun;

  CostSettings settings() {
    return new CostSettings(
        Optional.ofNullable(prices).filter(s -> !s.isBlank()),
        Optional.ofNullable(maxCost),
        dryRun);
  }

  /** An amount of US dollars above 0. */
  static final class Usd implements ITypeConverter<Double> {
    @Override
    public Double convert(String value) {
      double usd;
      try {
        usd = Double.parseDouble(value.strip().replaceFirst("^\\$", ""));
      } catch (NumberFormatException e) {
        throw new TypeConversionException(
            "'" + value + "' is not an amount in USD (e.g. 25 or 2.5)");
      }
      if (!(usd > 0) || Double.isInfinite(usd)) {
        throw new TypeConversionException("'" + value + "' must be an amount in USD above 0");
      }
      return usd;
    }
  }
}
