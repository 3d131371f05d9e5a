package org.valbench.cost;

/**
 * A model's price in USD per million tokens: input, output and input served from the provider's
 * prompt cache; the batch discount (0.5 = half price through a batch API); and whether the
 * provider's input count already includes the cached tokens (OpenAI: yes; Anthropic and Bedrock
 * report cache reads beside the input count).
 */
public record Price(
    double inputPerMillion,
    double outputPerMillion,
    double cachedInputPerMillion,
    double batchDiscount,
    boolean inputIncludesCached) {
  public Price {
    check("input", inputPerMillion);
    check("output", outputPerMillion);
    check("cached_input", cachedInputPerMillion);
    if (!(batchDiscount >= 0 && batchDiscount < 1)) {
      throw new IllegalArgumentException(
          "batch_discount must be from 0 to less than 1, was " + batchDiscount);
    }
  }

  private static void check(String name, double value) {
    if (!(value >= 0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException(name + " must be a price >= 0, was " + value);
    }
  }

  /**
   * The cost in USD of {@code input} input tokens (of which {@code cached} read from the prompt
   * cache) and {@code output} output tokens (reasoning tokens are part of the output count for
   * every provider valbench reads), live or through a batch API.
   */
  public double usd(long input, long output, long cached, boolean batch) {
    long uncached = inputIncludesCached ? Math.max(0, input - cached) : input;
    double live =
        (uncached * inputPerMillion + cached * cachedInputPerMillion + output * outputPerMillion)
            / 1e6;
    return batch ? live * (1 - batchDiscount) : live;
  }
}
