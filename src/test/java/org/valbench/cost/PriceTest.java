package org.valbench.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Cost arithmetic, each case computed by hand in the comment above it. */
class PriceTest {
  private static final Price OPENAI_STYLE = new Price(0.40, 1.60, 0.10, 0.5, true);
  private static final Price ANTHROPIC_STYLE = new Price(3.00, 15.00, 0.30, 0.5, false);

  @Test
  void inputThatIncludesCachedTokensPaysTheCachedRateOnlyOnThem() {
    // 800,000 uncached x 0.40 + 200,000 cached x 0.10 + 500,000 output x 1.60, per million:
    // 0.32 + 0.02 + 0.80 = 1.14
    assertThat(OPENAI_STYLE.usd(1_000_000, 500_000, 200_000, false)).isCloseTo(1.14, within(1e-12));
    // Batch: half of it.
    assertThat(OPENAI_STYLE.usd(1_000_000, 500_000, 200_000, true)).isCloseTo(0.57, within(1e-12));
  }

  @Test
  void inputReportedBesideCachedTokensIsPaidInFull() {
    // 10,000 x 3.00 + 50,000 cached x 0.30 + 2,000 x 15.00, per million: 0.03 + 0.015 + 0.03
    assertThat(ANTHROPIC_STYLE.usd(10_000, 2_000, 50_000, false)).isCloseTo(0.075, within(1e-12));
    assertThat(ANTHROPIC_STYLE.usd(10_000, 2_000, 50_000, true)).isCloseTo(0.0375, within(1e-12));
  }

  @Test
  void moreCachedThanInputTokensNeverGivesANegativeCost() {
    // 0 uncached + 300 cached x 0.10 per million = 0.00003
    assertThat(OPENAI_STYLE.usd(100, 0, 300, false)).isCloseTo(0.00003, within(1e-15));
  }

  @Test
  void noTokensCostNothing() {
    assertThat(ANTHROPIC_STYLE.usd(0, 0, 0, false)).isZero();
  }

  @Test
  void negativePricesAndDiscountsOfAWholePriceAreRefused() {
    assertThatThrownBy(() -> new Price(-1, 1, 1, 0.5, true)).hasMessageContaining("input");
    assertThatThrownBy(() -> new Price(1, Double.NaN, 1, 0.5, true)).hasMessageContaining("output");
    assertThatThrownBy(() -> new Price(1, 1, 1, 1.0, true)).hasMessageContaining("batch_discount");
  }

  private static final PriceTable TABLE =
      new PriceTable(
          "2025-11-01",
          "test",
          Map.of(
              "gpt-4.1",
              new Price(2, 8, 0.5, 0.5, true),
              "gpt-4.1-mini",
              OPENAI_STYLE,
              "claude-sonnet-4-5",
              ANTHROPIC_STYLE,
              "o3",
              new Price(2, 8, 0.5, 0.5, true)));

  @Test
  void modelIdsFindTheirPriceByTheLongestNameBetweenBoundaries() {
    assertThat(TABLE.find("gpt-4.1-mini")).contains(OPENAI_STYLE);
    assertThat(TABLE.find("GPT-4.1-mini-2025-04-14")).contains(OPENAI_STYLE);
    assertThat(TABLE.find("gpt-4.1-2025-04-14")).contains(new Price(2, 8, 0.5, 0.5, true));
    assertThat(TABLE.find("us.anthropic.claude-sonnet-4-5-20250929-v1:0"))
        .contains(ANTHROPIC_STYLE);
    assertThat(TABLE.find("bedrock/anthropic.claude-sonnet-4-5")).contains(ANTHROPIC_STYLE);
  }

  @Test
  void namesInsideOtherWordsAndUnknownModelsHaveNoPrice() {
    assertThat(TABLE.find("Qwen/Qwen3-8B")).isEmpty();
    assertThat(TABLE.find("foo3")).isEmpty();
    assertThat(TABLE.find("gpt-4.10")).isEmpty();
    assertThat(TABLE.find("claude-sonnet-4")).isEmpty();
  }

  @Test
  void anOverrideAddsModelsAndReplacesThoseOfTheSameName() {
    Price cheaper = new Price(0.1, 0.2, 0.05, 0.5, true);
    PriceTable merged =
        TABLE.overriddenBy(
            new PriceTable(
                "2026-01-01",
                "mine",
                Map.of("gpt-4.1-mini", cheaper, "my-model", ANTHROPIC_STYLE)));
    assertThat(merged.find("gpt-4.1-mini")).contains(cheaper);
    assertThat(merged.find("my-model")).contains(ANTHROPIC_STYLE);
    assertThat(merged.find("gpt-4.1")).isPresent();
    assertThat(merged.asOf()).isEqualTo("2026-01-01");
  }
}
