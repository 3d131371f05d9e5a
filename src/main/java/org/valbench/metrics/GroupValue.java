package org.valbench.metrics;

import java.math.BigDecimal;
import java.util.Comparator;
import java.util.Objects;
import java.util.Optional;

/**
 * The value a pair is grouped by (its {@code issue_scale}), kept as it is: a number (2, 2.5, -1) or
 * a text ("high"). Numbers that are equal are one group whatever their type (3, 3.0 and the text
 * "3" are the group 3); nothing is rounded. Groups sort numbers ascending, then texts
 * alphabetically.
 */
public record GroupValue(Optional<BigDecimal> number, String label)
    implements Comparable<GroupValue> {

  private static final Comparator<GroupValue> ORDER =
      Comparator.comparing((GroupValue v) -> v.number().isEmpty())
          .thenComparing(v -> v.number().orElse(BigDecimal.ZERO))
          .thenComparing(GroupValue::label, String.CASE_INSENSITIVE_ORDER)
          .thenComparing(GroupValue::label);

  public GroupValue {
    Objects.requireNonNull(number, "number");
    Objects.requireNonNull(label, "label");
  }

  /** A numeric value, labelled in its shortest exact form ({@code 2.50} → {@code 2.5}). */
  public static GroupValue number(BigDecimal value) {
    BigDecimal canonical = value.signum() == 0 ? BigDecimal.ZERO : value.stripTrailingZeros();
    return new GroupValue(Optional.of(canonical), canonical.toPlainString());
  }

  /** A text value; a text that is a plain decimal number ("3", " 2.5 ") is that number. */
  public static GroupValue text(String value) {
    String trimmed = value.strip();
    if (trimmed.matches("[+-]?(\\d+\\.?\\d*|\\.\\d+)")) {
      return number(new BigDecimal(trimmed));
    }
    return new GroupValue(Optional.empty(), value);
  }

  @Override
  public int compareTo(GroupValue other) {
    return ORDER.compare(this, other);
  }
}
