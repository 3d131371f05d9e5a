package org.valbench.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import org.valbench.metrics.EvaluationMetrics;
import org.valbench.metrics.GroupMetrics;
import org.valbench.metrics.ScoredPair;

/**
 * Which charts a report draws and with which groups, and a note for each thing it cannot chart: a
 * grouping column that is absent or has no value on any usable pair (its charts are not drawn), or
 * more groups than a chart can show legibly (it shows the largest ones; every group stays in the
 * CSV and {@code summary.json}).
 */
record ChartPlan(List<Chart> charts, List<String> notes) {
  /** Most issue awareness levels one chart shows (one bar each, with its value above it). */
  static final int MAX_SCALE_GROUPS = 40;

  /** Most categories the category chart shows (three bars each). */
  static final int MAX_CATEGORIES = 25;

  /** A chart to draw: its file name and how to draw it. */
  record Chart(String name, ReportWriter.Drawing draw) {}

  ChartPlan {
    charts = List.copyOf(charts);
    notes = List.copyOf(notes);
  }

  static ChartPlan of(EvaluationMetrics m, Set<String> absentColumns) {
    List<Chart> charts = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    charts.add(new Chart(ReportWriter.SCORE_CHART, file -> Charts.scoreDistribution(m, file)));

    List<GroupMetrics> scales = m.byIssueScale();
    if (scales.isEmpty()) {
      notes.add(
          "issue_scale: "
              + why(absentColumns.contains(ScoredPair.ISSUE_SCALE_COLUMN), m.usable())
              + "; "
              + String.join(", ", ReportWriter.SCALE_CHARTS)
              + " not drawn");
    } else {
      if (scales.size() > MAX_SCALE_GROUPS) {
        notes.add(
            "issue_scale: "
                + scales.size()
                + " distinct values; the issue awareness charts show the "
                + MAX_SCALE_GROUPS
                + " with most pairs (every value is in summary.json)");
        scales = largest(scales, MAX_SCALE_GROUPS);
      }
      List<GroupMetrics> shown = scales;
      String title = subset(shown.size(), m.byIssueScale().size(), "values");
      charts.add(
          new Chart(
              ReportWriter.SCALE_CHARTS.get(0), f -> Charts.alignmentByScale(shown, title, f)));
      charts.add(
          new Chart(ReportWriter.SCALE_CHARTS.get(1), f -> Charts.refusalByScale(shown, title, f)));
      charts.add(
          new Chart(ReportWriter.SCALE_CHARTS.get(2), f -> Charts.noInfoByScale(shown, title, f)));
    }

    List<GroupMetrics> categories = m.byCategory();
    if (categories.isEmpty()) {
      notes.add(
          "category: "
              + why(absentColumns.contains(ScoredPair.CATEGORY_COLUMN), m.usable())
              + "; "
              + ReportWriter.CATEGORY_CHART
              + " not drawn ("
              + ReportWriter.CATEGORIES
              + " has no rows)");
    } else {
      if (categories.size() > MAX_CATEGORIES) {
        notes.add(
            "category: "
                + categories.size()
                + " categories; "
                + ReportWriter.CATEGORY_CHART
                + " shows the "
                + MAX_CATEGORIES
                + " with most pairs (all are in "
                + ReportWriter.CATEGORIES
                + ")");
        // byCategory is ordered most pairs first.
        categories = categories.subList(0, MAX_CATEGORIES);
      }
      List<GroupMetrics> shown = categories;
      String title = subset(shown.size(), m.byCategory().size(), "categories");
      charts.add(new Chart(ReportWriter.CATEGORY_CHART, f -> Charts.categories(shown, title, f)));
    }
    return new ChartPlan(charts, notes);
  }

  /** A title's note when a chart shows only some of the groups, else nothing. */
  private static String subset(int shown, int all, String what) {
    return shown == all ? "" : " (the " + shown + " with most pairs, of " + all + " " + what + ")";
  }

  private static String why(boolean absent, long usable) {
    // A column that is null on every row of a JSON Lines file has no type, so it is not kept.
    return absent
        ? "column absent or all null"
        : usable == 1 ? "null on the only usable pair" : "null on all " + usable + " usable pairs";
  }

  /** The {@code n} groups with most pairs, kept in their original (value) order. */
  private static List<GroupMetrics> largest(List<GroupMetrics> groups, int n) {
    List<GroupMetrics> bySize = new ArrayList<>(groups);
    bySize.sort(Comparator.comparingLong(GroupMetrics::count).reversed());
    Set<GroupMetrics> keep = new java.util.HashSet<>(bySize.subList(0, n));
    return groups.stream().filter(keep::contains).toList();
  }
}
