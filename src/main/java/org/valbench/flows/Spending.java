package org.valbench.flows;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.valbench.common.UserError;
import org.valbench.cost.Price;
import org.valbench.cost.PriceTable;
import org.valbench.inference.Budget;
import org.valbench.inference.Stop;
import org.valbench.inference.Usage;

/**
 * A command's prices and spend: what each model's fresh answers cost (answers from the cache are
 * free), summed over every model and step of the command, against the {@code --max-cost} limit when
 * there is one.
 */
final class Spending {
  private final PriceTable prices;
  private final Optional<Double> limitUsd;
  private double spentUsd;

  Spending(PriceTable prices, Optional<Double> limitUsd) {
    this.prices = Objects.requireNonNull(prices, "prices");
    this.limitUsd = Objects.requireNonNull(limitUsd, "limitUsd");
  }

  /** The prices and limit of {@code cost}; a bad price file is refused (bad input) here. */
  static Spending of(FlowContext context, CostSettings cost) {
    return new Spending(
        PriceFile.load(cost.pricesFile().map(context::resolve), cost.pricesFile().orElse("")),
        cost.maxCostUsd());
  }

  /** No limit, the bundled prices. */
  static Spending unlimited() {
    return new Spending(PriceFile.bundled(), Optional.empty());
  }

  PriceTable prices() {
    return prices;
  }

  Optional<Price> price(String model) {
    return prices.find(model);
  }

  /** Refuses (bad input) a spending limit for a model without a price: it could not be kept. */
  void checkPriced(String model) {
    if (limitUsd.isPresent() && price(model).isEmpty()) {
      throw UserError.badInput(
          "--max-cost: no price for model '"
              + model
              + "', so its spend cannot be counted; add it with --prices FILE");
    }
  }

  synchronized double spentUsd() {
    return spentUsd;
  }

  /** The budget {@code model}'s runs count against ({@link Budget#NONE} without a limit). */
  Budget budget(String model) {
    if (limitUsd.isEmpty()) {
      return Budget.NONE;
    }
    Price price = price(model).orElseThrow();
    double limit = limitUsd.get();
    return new Budget() {
      @Override
      public Stop spend(Usage usage) {
        synchronized (Spending.this) {
          spentUsd += cost(price, usage, false);
        }
        return check();
      }

      @Override
      public Stop check() {
        double spent = spentUsd();
        return spent >= limit
            ? new Stop.BudgetReached(
                String.format(
                    Locale.ROOT,
                    "spending limit reached: $%.4f spent of --max-cost $%s",
                    spent,
                    usd(limit)))
            : Stop.NONE;
      }
    };
  }

  static double cost(Price price, Usage usage, boolean batch) {
    return price.usd(usage.inputTokens(), usage.outputTokens(), usage.cachedTokens(), batch);
  }

  /**
   * One line for a step's end: what {@code spent} cost at {@code model}'s price (with the date of
   * the prices), or that the model has no price.
   */
  String costLine(String label, String model, Usage spent) {
    Optional<Price> price = price(model);
    if (price.isEmpty()) {
      return label + ": no price for model '" + model + "' (add it with --prices FILE)";
    }
    return String.format(
        Locale.ROOT,
        "%s: cost $%.4f (%s, prices as of %s; check before relying)",
        label,
        cost(price.get(), spent, false),
        model,
        prices.asOf());
  }

  static String usd(double value) {
    return java.math.BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
  }
}
