package org.valbench.report;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.valbench.common.AtomicDirs;
import org.valbench.common.UserError;
import org.valbench.metrics.EvaluationMetrics;
import org.valbench.metrics.PositionBias;

/**
 * Writes a report folder: {@code alignment_statistics.csv}, {@code category_metrics.csv}, {@code
 * summary.json} and the PNG charts the data allows. Only formatting happens here; every figure
 * comes computed. The files are written into a hidden temporary folder and moved into place
 * together, so a report folder is never a half-written set; a chart that cannot be drawn is left
 * out with a note (in {@code summary.json} and in {@link Report#notes()}) instead of failing.
 */
public final class ReportWriter {
  public static final String STATISTICS = "alignment_statistics.csv";
  public static final String CATEGORIES = "category_metrics.csv";
  public static final String SUMMARY = "summary.json";

  /** With {@code --both-orders}: the judge's position bias. */
  public static final String POSITION_BIAS = "position_bias.csv";

  public static final String SCORE_CHART = "score_distribution.png";
  public static final List<String> SCALE_CHARTS =
      List.of(
          "alignment_vs_issue_awareness.png",
          "refusal_vs_issue_awareness.png",
          "no_info_vs_issue_awareness.png");
  public static final String CATEGORY_CHART = "category_metrics.png";
  public static final List<String> CHARTS =
      List.of(
          SCORE_CHART,
          SCALE_CHARTS.get(0),
          SCALE_CHARTS.get(1),
          SCALE_CHARTS.get(2),
          CATEGORY_CHART);

  /** Every file name a report folder can hold. */
  static final Set<String> ALL_FILES = allFiles();

  /** What was written, and one line for each thing that could not be charted (or not in full). */
  public record Report(List<Path> files, List<String> notes) {
    public Report {
      files = List.copyOf(files);
      notes = List.copyOf(notes);
    }
  }

  private ReportWriter() {}

  /**
   * As {@link #write(EvaluationMetrics, RunInfo, Set, Path)} with every grouping column present.
   */
  public static Report write(EvaluationMetrics metrics, RunInfo run, Path dir) throws IOException {
    return write(metrics, run, Set.of(), dir);
  }

  /**
   * Writes every report file into {@code dir} (created if needed, or replaced when it holds only an
   * earlier report); {@code absentColumns} names the grouping columns ({@code issue_scale}, {@code
   * category}) the dataset does not have, for the notes.
   */
  public static Report write(
      EvaluationMetrics metrics, RunInfo run, Set<String> absentColumns, Path dir)
      throws IOException {
    return write(metrics, Optional.empty(), run, absentColumns, dir);
  }

  /** As above, with {@link #POSITION_BIAS} and its section of {@code summary.json} if present. */
  public static Report write(
      EvaluationMetrics metrics,
      Optional<PositionBias> positionBias,
      RunInfo run,
      Set<String> absentColumns,
      Path dir)
      throws IOException {
    checkTarget(dir);
    Path parent = dir.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    Path tmp = AtomicDirs.tempSibling(dir.toAbsolutePath());
    try {
      Files.createDirectories(tmp);
      ChartPlan plan = ChartPlan.of(metrics, absentColumns);
      List<String> notes = new ArrayList<>(plan.notes());
      List<String> names = new ArrayList<>();
      try (Writer out = Files.newBufferedWriter(tmp.resolve(STATISTICS), StandardCharsets.UTF_8)) {
        CsvReports.statistics(metrics, out);
      }
      names.add(STATISTICS);
      try (Writer out = Files.newBufferedWriter(tmp.resolve(CATEGORIES), StandardCharsets.UTF_8)) {
        CsvReports.categories(metrics.byCategory(), out);
      }
      names.add(CATEGORIES);
      if (positionBias.isPresent()) {
        try (Writer out =
            Files.newBufferedWriter(tmp.resolve(POSITION_BIAS), StandardCharsets.UTF_8)) {
          CsvReports.positionBias(positionBias.get(), out);
        }
        names.add(POSITION_BIAS);
      }
      for (ChartPlan.Chart chart : plan.charts()) {
        draw(chart, tmp, names, notes);
      }
      Files.writeString(
          tmp.resolve(SUMMARY),
          SummaryJson.JSON.writeValueAsString(SummaryJson.of(metrics, positionBias, run, notes))
              + "\n",
          StandardCharsets.UTF_8);
      names.add(SUMMARY);
      install(tmp, dir, names);
      List<Path> files = new ArrayList<>();
      for (String name : ordered(names)) {
        files.add(dir.resolve(name));
      }
      return new Report(files, notes);
    } finally {
      AtomicDirs.deleteRecursively(tmp);
    }
  }

  /**
   * Draws {@code chart} into {@code dir} and adds its name to {@code names}; a chart that fails is
   * removed and noted instead, so the rest of the report is still written.
   */
  static void draw(ChartPlan.Chart chart, Path dir, List<String> names, List<String> notes)
      throws IOException {
    Path file = dir.resolve(chart.name());
    try {
      chart.draw().to(file);
      names.add(chart.name());
    } catch (Exception | LinkageError | java.awt.AWTError | InternalError e) {
      Files.deleteIfExists(file);
      notes.add(
          chart.name()
              + " not drawn ("
              + e.getClass().getSimpleName()
              + ": "
              + String.valueOf(e.getMessage()).replaceAll("\\s+", " ").strip()
              + ")");
    }
  }

  /**
   * Fails (bad input, naming {@code dir}) when a report cannot be written there because a file that
   * is not a folder stands at that path; called before any request is sent.
   */
  public static void checkTarget(Path dir) {
    if (Files.exists(dir, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(dir)) {
      throw UserError.badInput(
          dir
              + ": exists and is not a folder; the report folder cannot be written there (move it away)");
    }
  }

  /**
   * Moves the finished report into {@code dir}. A missing folder, or one holding only report files,
   * is replaced whole (one rename). A folder with other files in it keeps them: the report's files
   * are moved in one by one, {@code summary.json} removed first and written last, and report files
   * this run did not produce (a chart it could not draw) removed, so no mix of two runs remains.
   */
  private static void install(Path tmp, Path dir, List<String> names) throws IOException {
    if (!Files.isDirectory(dir) || onlyReportFiles(dir)) {
      AtomicDirs.replace(tmp, dir);
      return;
    }
    Files.deleteIfExists(dir.resolve(SUMMARY));
    for (String name : ALL_FILES) {
      if (!names.contains(name)) {
        Files.deleteIfExists(dir.resolve(name));
      }
    }
    for (String name : names) {
      if (!name.equals(SUMMARY)) {
        move(tmp.resolve(name), dir.resolve(name));
      }
    }
    AtomicDirs.fsyncDir(dir);
    move(tmp.resolve(SUMMARY), dir.resolve(SUMMARY));
    AtomicDirs.fsyncDir(dir);
  }

  private static void move(Path from, Path to) throws IOException {
    Files.move(
        from,
        to,
        java.nio.file.StandardCopyOption.REPLACE_EXISTING,
        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }

  private static boolean onlyReportFiles(Path dir) throws IOException {
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.allMatch(
          p -> ALL_FILES.contains(p.getFileName().toString()) && Files.isRegularFile(p));
    }
  }

  /** The written names in the README's order. */
  private static List<String> ordered(List<String> names) {
    List<String> order = new ArrayList<>(List.of(STATISTICS, CATEGORIES, POSITION_BIAS, SUMMARY));
    order.addAll(CHARTS);
    return order.stream().filter(names::contains).toList();
  }

  private static Set<String> allFiles() {
    Set<String> all =
        new java.util.LinkedHashSet<>(List.of(STATISTICS, CATEGORIES, POSITION_BIAS, SUMMARY));
    all.addAll(CHARTS);
    return java.util.Collections.unmodifiableSet(all);
  }

  /** Draws one chart to a file. */
  @FunctionalInterface
  interface Drawing {
    void to(Path file) throws IOException;
  }
}
