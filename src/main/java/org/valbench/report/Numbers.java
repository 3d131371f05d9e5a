package org.valbench.report;

import java.math.BigDecimal;

/** Locale-independent number text for CSV and labels: always '.' as the decimal separator. */
final class Numbers {
  private Numbers() {}

  /**
   * The shortest text that reads back as the same double, without an exponent, e.g. {@code
   * 54.166666666666664}, {@code 100}, {@code 0.0001}. Python and pandas parse it exactly.
   */
  static String plain(double value) {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      throw new IllegalArgumentException("not a finite number: " + value);
    }
    if (value == 0) {
      return "0";
    }
    return new BigDecimal(Double.toString(value)).stripTrailingZeros().toPlainString();
  }

  /** {@code value} rounded to {@code decimals} places, for chart labels, e.g. {@code 87.5%}. */
  static String fixed(double value, int decimals) {
    return new BigDecimal(Double.toString(value))
        .setScale(decimals, java.math.RoundingMode.HALF_UP)
        .toPlainString();
  }
}
