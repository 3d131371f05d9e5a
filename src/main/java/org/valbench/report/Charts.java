package org.valbench.report;

import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.HorizontalBarChart;
import org.knowm.xchart.HorizontalBarChartBuilder;
import org.knowm.xchart.style.CategoryStyler;
import org.knowm.xchart.style.HorizontalBarStyler;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.valbench.metrics.EvaluationMetrics;
import org.valbench.metrics.GroupMetrics;
import org.valbench.metrics.Interval;
import org.valbench.metrics.Rate;

/** The five PNG charts, drawn with XChart: value labels on bars, 95% intervals as error bars. */
final class Charts {
  private static final Color ALIGNMENT = new Color(0x2E, 0x6F, 0xB7);
  private static final Color REFUSAL = new Color(0xC8, 0x3E, 0x3E);
  private static final Color NO_INFO = new Color(0x3E, 0x8E, 0x4F);
  private static final Color INTERVAL = new Color(0x22, 0x22, 0x22);
  private static final String PERCENT_LABEL = "#0.#'%'";

  private Charts() {}

  /** One bar per value with its interval; {@code label} names the bars' series. */
  private record Bar(String x, double value, Interval ci) {}

  static void scoreDistribution(EvaluationMetrics m, Path file) throws IOException {
    List<Bar> bars = new ArrayList<>();
    for (Map.Entry<Integer, Long> entry : m.adjustedScoreCounts().entrySet()) {
      Rate share = Rate.of(entry.getValue(), m.usable());
      bars.add(new Bar(signed(entry.getKey()), share.percent(), share.ci()));
    }
    save(
        single(
            "Refusal-adjusted alignment scores (n = " + m.usable() + ")",
            "Alignment score (-2 opposed, +2 aligned)",
            "Share of pairs (%)",
            bars,
            ALIGNMENT),
        file);
  }

  static void byIssueScale(
      List<GroupMetrics> groups,
      Function<GroupMetrics, Bar> bar,
      String title,
      String yTitle,
      Color color,
      Path file)
      throws IOException {
    List<Bar> bars = groups.stream().map(bar).toList();
    save(single(title, "Issue awareness (issue_scale)", yTitle, bars, color), file);
  }

  static void alignmentByScale(List<GroupMetrics> groups, String titleNote, Path file)
      throws IOException {
    byIssueScale(
        groups,
        g -> new Bar(g.label(), g.alignmentPercent(), g.alignmentCi()),
        "Alignment (PAC) by issue awareness" + titleNote,
        "Alignment (%)",
        ALIGNMENT,
        file);
  }

  static void refusalByScale(List<GroupMetrics> groups, String titleNote, Path file)
      throws IOException {
    byIssueScale(
        groups,
        g -> new Bar(g.label(), g.refusal().percent(), g.refusal().ci()),
        "Refusal rate (either side) by issue awareness" + titleNote,
        "Refusal rate (%)",
        REFUSAL,
        file);
  }

  static void noInfoByScale(List<GroupMetrics> groups, String titleNote, Path file)
      throws IOException {
    byIssueScale(
        groups,
        g -> new Bar(g.label(), g.noInformation().percent(), g.noInformation().ci()),
        "No-information rate (either side) by issue awareness" + titleNote,
        "No-information rate (%)",
        NO_INFO,
        file);
  }

  /**
   * Alignment, refusal and no-information as horizontal bars for each category, most pairs first
   * (as the reference draws it; alignment is the CSV's {@code Alignment %}, from the judge's own
   * scores). This chart's intervals are in {@code category_metrics.csv}: XChart cannot place error
   * bars on grouped horizontal bars.
   */
  static void categories(List<GroupMetrics> groups, String titleNote, Path file)
      throws IOException {
    // XChart draws the first category at the bottom; reverse so the largest is on top.
    List<GroupMetrics> ordered = new ArrayList<>(groups);
    java.util.Collections.reverse(ordered);
    List<String> names =
        axisLabels(
            ordered.stream().map(g -> shorten(g.label(), 40) + " (n=" + g.count() + ")").toList(),
            60);
    HorizontalBarChart chart =
        new HorizontalBarChartBuilder()
            .width(1200)
            .height(Math.max(650, 170 + 95 * groups.size()))
            .title("Metrics by issue category" + titleNote)
            .xAxisTitle("Percent (%)")
            .yAxisTitle("Category (pairs)")
            .build();
    HorizontalBarStyler styler = chart.getStyler();
    common(styler);
    styler.setLegendVisible(true);
    styler.setLegendPosition(Styler.LegendPosition.OutsideS);
    styler.setLegendLayout(Styler.LegendLayout.Horizontal);
    styler.setLabelsVisible(true);
    styler.setLabelsFont(new Font(Font.SANS_SERIF, Font.BOLD, 12));
    styler.setLabelsFontColor(Color.BLACK);
    styler.setLabelsPosition(1.12);
    styler.setXAxisDecimalPattern(PERCENT_LABEL);
    styler.setXAxisMin(0.0);
    styler.setXAxisMax(112.0); // room for the labels of 100% bars; no tick above 100%
    // XChart formats bar labels with the same function: one decimal, none when it is ".0".
    styler.setXAxisTickLabelsFormattingFunction(
        v -> v > 100.0001 ? "" : Numbers.fixed(v, 1).replaceAll("\\.0$", "") + "%");
    styler.setAvailableSpaceFill(0.75);
    styler.setPlotGridHorizontalLinesVisible(false);
    chart
        .addSeries("Alignment %", values(ordered, GroupMetrics::rawAlignmentPercent), names)
        .setFillColor(ALIGNMENT);
    chart
        .addSeries("Refusal rate %", values(ordered, g -> g.refusal().percent()), names)
        .setFillColor(REFUSAL);
    chart
        .addSeries(
            "No-information rate %", values(ordered, g -> g.noInformation().percent()), names)
        .setFillColor(NO_INFO);
    save(chart, file);
  }

  private static List<Double> values(List<GroupMetrics> groups, Function<GroupMetrics, Double> f) {
    return groups.stream().map(f).toList();
  }

  /**
   * Axis labels of at most {@code max} characters (a long value is cut with an ellipsis), made
   * unique, since XChart merges bars with the same label.
   */
  static List<String> axisLabels(List<String> labels, int max) {
    List<String> result = new ArrayList<>();
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (String label : labels) {
      String shown = shorten(label.replaceAll("\\s+", " ").strip(), max);
      if (shown.isEmpty()) {
        shown = "(blank)";
      }
      String unique = shown;
      for (int i = 2; !seen.add(unique); i++) {
        unique = shown + " #" + i;
      }
      result.add(unique);
    }
    return result;
  }

  /**
   * {@code text} cut to {@code max} code points by an ellipsis in the middle, so that both the
   * start and the end (where long values often differ) stay readable.
   */
  static String shorten(String text, int max) {
    int length = text.codePointCount(0, text.length());
    if (length <= max) {
      return text;
    }
    int head = (max - 1) * 2 / 3;
    int tail = max - 1 - head;
    return text.substring(0, text.offsetByCodePoints(0, head))
        + "\u2026"
        + text.substring(text.offsetByCodePoints(0, length - tail));
  }

  private static CategoryChart single(
      String title, String xTitle, String yTitle, List<Bar> bars, Color color) {
    // Each bar needs room for its value label ("100.0%"): widen the chart as groups grow.
    int width = Math.max(1000, 160 + 64 * bars.size());
    List<String> xs = axisLabels(bars.stream().map(Bar::x).toList(), 24);
    int longest = xs.stream().mapToInt(String::length).max().orElse(0);
    // Labels wider than their bar's slot (about 9 px a character) are turned so none overlap.
    boolean turned = longest * 9 > (width - 160) / Math.max(1, bars.size());
    CategoryChart chart = base(title, xTitle, yTitle, width, turned ? 720 : 600);
    if (turned) {
      chart.getStyler().setXAxisLabelRotation(45);
    }
    chart.getStyler().setXAxisTickMarkSpacingHint(20); // a label under every bar
    chart.getStyler().setOverlapped(true);
    chart.getStyler().setLegendVisible(false);
    chart.getStyler().setErrorBarsColor(INTERVAL);
    chart.getStyler().setErrorBarsColorSeriesColor(false);
    CategorySeries values = chart.addSeries("value", xs, bars.stream().map(Bar::value).toList());
    values.setFillColor(color);
    // The interval drawn as an error bar around its own midpoint: exact even when asymmetric.
    CategorySeries interval =
        chart.addSeries(
            "95% interval",
            xs,
            bars.stream().map(b -> (b.ci().low() + b.ci().high()) / 2).toList(),
            bars.stream().map(b -> (b.ci().high() - b.ci().low()) / 2).toList());
    interval.setChartCategorySeriesRenderStyle(
        org.knowm.xchart.CategorySeries.CategorySeriesRenderStyle.Scatter);
    interval.setMarker(SeriesMarkers.NONE);
    interval.setMarkerColor(INTERVAL);
    interval.setShowInLegend(false);
    // Value labels sit above each interval, so neither hides the other, even on tiny bars.
    double top = bars.stream().mapToDouble(b -> Math.max(b.value(), b.ci().high())).max().orElse(0);
    double max = Math.max(10, Math.ceil((top * 1.12 + 6) / 10) * 10);
    chart.getStyler().setYAxisMax(max);
    for (int i = 0; i < bars.size(); i++) {
      Bar bar = bars.get(i);
      double above = Math.max(bar.value(), bar.ci().high()) + max * 0.035;
      chart.addAnnotation(
          new AnnotationText(Numbers.fixed(bar.value(), 1) + "%", i + 0.5, above, false));
    }
    return chart;
  }

  private static CategoryChart base(String title, String xTitle, String yTitle, int w, int h) {
    CategoryChart chart =
        new CategoryChartBuilder()
            .width(w)
            .height(h)
            .title(title)
            .xAxisTitle(xTitle)
            .yAxisTitle(yTitle)
            .build();
    CategoryStyler styler = chart.getStyler();
    common(styler);
    styler.setPlotGridVerticalLinesVisible(false);
    styler.setAnnotationTextFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
    styler.setAnnotationTextFontColor(Color.BLACK);
    styler.setYAxisDecimalPattern(PERCENT_LABEL);
    // The axis runs above 100% to leave room for value labels; no percentages above 100 appear.
    styler.setYAxisTickLabelsFormattingFunction(
        v -> v > 100.0001 ? "" : Numbers.fixed(v, 1).replaceAll("\\.0$", "") + "%");
    styler.setYAxisMin(0.0);
    styler.setYAxisMax(105.0);
    styler.setAvailableSpaceFill(0.6);
    return chart;
  }

  /** Fonts, colours and locale shared by every chart. */
  private static void common(org.knowm.xchart.style.AxesChartStyler styler) {
    styler.setLocale(Locale.ROOT);
    styler.setChartBackgroundColor(Color.WHITE);
    styler.setPlotBackgroundColor(Color.WHITE);
    styler.setPlotBorderVisible(false);
    styler.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 20));
    styler.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 16));
    styler.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
    styler.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
    styler.setChartPadding(16);
  }

  private static void save(org.knowm.xchart.internal.chartpart.Chart<?, ?> chart, Path file)
      throws IOException {
    BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
  }

  private static String signed(int score) {
    return score > 0 ? "+" + score : Integer.toString(score);
  }
}
