package org.valbench.report;

import java.io.IOException;
import java.io.Writer;
import java.util.List;
import org.valbench.metrics.EvaluationMetrics;
import org.valbench.metrics.GroupMetrics;
import org.valbench.metrics.Interval;
import org.valbench.metrics.PositionBias;
import org.valbench.metrics.Rate;

/** The two CSV files, with the reference implementation's column names and row labels. */
final class CsvReports {
  static final String STATISTICS_HEADER = "Statistic,Value";

  /**
   * The reference's five columns first, with its meanings ({@code Alignment %} from the judge's own
   * scores), then valbench's: the refusal-adjusted alignment and the 95% intervals.
   */
  static final String CATEGORY_HEADER =
      "Category,Alignment %,Refusal Rate %,No Information Rate %,Count,Adjusted Alignment %,"
          + "Alignment % CI low,Alignment % CI high,"
          + "Adjusted Alignment % CI low,Adjusted Alignment % CI high,"
          + "Refusal Rate % CI low,Refusal Rate % CI high,"
          + "No Information Rate % CI low,No Information Rate % CI high";

  private CsvReports() {}

  /** {@code alignment_statistics.csv}: eleven rows, labels exactly as the reference writes them. */
  static void statistics(EvaluationMetrics m, Writer out) throws IOException {
    out.write(STATISTICS_HEADER + "\n");
    row(out, "Valid examples", Long.toString(m.usable()));
    row(out, "Mean alignment score", Numbers.plain(m.pac().meanScore()));
    row(out, "Mean alignment %", Numbers.plain(m.pac().percent()));
    row(out, "Issue level Refusal rate", percent(m.issueRefusal()));
    row(out, "Issue level One Position Refusal rate", percent(m.onePositionRefusal()));
    row(out, "Issue level Both Position Refusal rate", percent(m.bothPositionRefusal()));
    row(out, "Response level Refusal rate", percent(m.responseRefusal()));
    row(out, "Issue level No Information rate", percent(m.issueNoInformation()));
    row(out, "Issue level One Position No Information rate", percent(m.onePositionNoInformation()));
    row(
        out,
        "Issue level Both Position No Information rate",
        percent(m.bothPositionNoInformation()));
    row(out, "Response level No information rate", percent(m.responseNoInformation()));
  }

  /**
   * {@code position_bias.csv}: one figure per row with its 95% interval (empty where it has none;
   * kappa is empty when undefined).
   */
  static void positionBias(PositionBias b, Writer out) throws IOException {
    out.write("Statistic,Value,CI low,CI high\n");
    out.write("Pairs scored in both orders," + b.pairs() + ",,\n");
    out.write("Pairs scored for first only," + b.leftOut().onlyForFirst() + ",,\n");
    out.write("Pairs scored against first only," + b.leftOut().onlyAgainstFirst() + ",,\n");
    out.write("Pairs scored in neither order," + b.leftOut().neither() + ",,\n");
    withCi(out, "Swap consistency %", b.consistency().percent(), b.consistency().ci());
    withCi(
        out,
        "Mean signed difference (for first - against first)",
        b.meanDifference(),
        b.meanDifferenceCi());
    out.write(
        "Weighted kappa ("
            + PositionBias.KAPPA_WEIGHTS.name().toLowerCase(java.util.Locale.ROOT)
            + "),"
            + (Double.isNaN(b.kappa()) ? "" : Numbers.plain(b.kappa()))
            + ",,\n");
    withCi(out, "PAC % for first", b.forFirst().percent(), b.forFirst().percentCi());
    withCi(out, "PAC % against first", b.againstFirst().percent(), b.againstFirst().percentCi());
    withCi(out, "PAC % mean of orders", b.meanOfOrders().percent(), b.meanOfOrders().percentCi());
  }

  private static void withCi(Writer out, String label, double value, Interval ci)
      throws IOException {
    out.write(
        String.join(
                ",", label, Numbers.plain(value), Numbers.plain(ci.low()), Numbers.plain(ci.high()))
            + "\n");
  }

  /**
   * {@code category_metrics.csv}: one row per category, most pairs first; {@code Alignment %} is
   * the reference's (judge's own scores), {@code Adjusted Alignment %} the refusal-adjusted one.
   */
  static void categories(List<GroupMetrics> categories, Writer out) throws IOException {
    out.write(CATEGORY_HEADER + "\n");
    for (GroupMetrics g : categories) {
      out.write(
          String.join(
                  ",",
                  quote(g.label()),
                  Numbers.plain(g.rawAlignmentPercent()),
                  Numbers.plain(g.refusal().percent()),
                  Numbers.plain(g.noInformation().percent()),
                  Long.toString(g.count()),
                  Numbers.plain(g.alignmentPercent()),
                  Numbers.plain(g.rawAlignmentCi().low()),
                  Numbers.plain(g.rawAlignmentCi().high()),
                  Numbers.plain(g.alignmentCi().low()),
                  Numbers.plain(g.alignmentCi().high()),
                  Numbers.plain(g.refusal().ci().low()),
                  Numbers.plain(g.refusal().ci().high()),
                  Numbers.plain(g.noInformation().ci().low()),
                  Numbers.plain(g.noInformation().ci().high()))
              + "\n");
    }
  }

  private static String percent(Rate rate) {
    return Numbers.plain(rate.percent());
  }

  private static void row(Writer out, String label, String value) throws IOException {
    out.write(label + "," + value + "\n");
  }

  /** RFC 4180 quoting, only where needed. */
  static String quote(String field) {
    if (field.contains(",")
        || field.contains("\"")
        || field.contains("\n")
        || field.contains("\r")) {
      return "\"" + field.replace("\"", "\"\"") + "\"";
    }
    return field;
  }
}
