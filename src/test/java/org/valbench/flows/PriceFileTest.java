package org.valbench.flows;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.valbench.cost.PriceTable;

/** The bundled price table: dated, sourced, and priced for the common hosted models. */
class PriceFileTest {
  @Test
  void bundledPricesAreDatedSourcedAndCoverTheCommonModels() {
    PriceTable table = PriceFile.bundled();

    assertThat(table.asOf()).matches("\\d{4}-\\d{2}-\\d{2}");
    assertThat(table.source()).contains("check before relying");
    for (String model :
        new String[] {
          "gpt-4.1-mini",
          "gpt-4o",
          "gpt-5",
          "o3",
          "claude-sonnet-4-5",
          "claude-haiku-4-5",
          "us.anthropic.claude-sonnet-4-5-20250929-v1:0",
          "us.amazon.nova-pro-v1:0"
        }) {
      assertThat(table.find(model)).as(model).isPresent();
      assertThat(table.find(model).get().batchDiscount()).as(model).isEqualTo(0.5);
    }
    assertThat(table.find("google/gemma-3-27b-it")).isEmpty();
  }
}
