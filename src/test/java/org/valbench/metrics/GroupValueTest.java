package org.valbench.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class GroupValueTest {
  private static GroupValue n(String value) {
    return GroupValue.number(new BigDecimal(value));
  }

  @Test
  void equalNumbersAreOneGroupWhateverTheirForm() {
    assertThat(n("3")).isEqualTo(n("3.0")).isEqualTo(GroupValue.text(" 3 "));
    assertThat(n("3.00").label()).isEqualTo("3");
    assertThat(n("30").label()).isEqualTo("30");
    assertThat(n("0.000").label()).isEqualTo("0");
    assertThat(n("2.7")).isNotEqualTo(n("2")).isNotEqualTo(n("3"));
  }

  @Test
  void numbersAscendThenTextsAlphabetically() {
    TreeSet<GroupValue> sorted =
        new TreeSet<>(
            List.of(
                GroupValue.text("high"),
                n("10"),
                GroupValue.text("Low"),
                n("2.5"),
                GroupValue.text("-1"),
                GroupValue.text("medium"),
                n("2")));
    assertThat(sorted.stream().map(GroupValue::label))
        .containsExactly("-1", "2", "2.5", "10", "high", "Low", "medium");
  }

  @Test
  void textThatIsNotAPlainNumberStaysText() {
    assertThat(GroupValue.text("1e3").number()).isEmpty();
    assertThat(GroupValue.text("NaN").number()).isEmpty();
    assertThat(GroupValue.text("3 stars").label()).isEqualTo("3 stars");
    assertThat(GroupValue.text(".5").label()).isEqualTo("0.5");
  }
}
