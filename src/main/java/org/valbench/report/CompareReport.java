package org.valbench.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.valbench.common.AtomicDirs;
import org.valbench.common.UserError;
import org.valbench.metrics.GroupMetrics;
import org.valbench.metrics.Interval;
import org.valbench.metrics.PairedComparison;
import org.valbench.metrics.Rate;

/**
 * Writes a comparison folder: {@code leaderboard.csv}, {@code leaderboard.md}, {@code
 * pairwise.csv}, {@code by_category.csv}, {@code compare.json} and the two charts. Formatting only;
 * written into a hidden temporary folder and moved into place whole.
 */
public final class CompareReport {
  public static final String LEADERBOARD_CSV = "leaderboard.csv";
  public static final String LEADERBOARD_MD = "leaderboard.md";
  public static final String PAIRWISE = "pairwise.csv";
  public static final String BY_CATEGORY = "by_category.csv";
  public static final String JSON_FILE = "compare.json";
  public static final String LEADERBOARD_PNG = "leaderboard.png";
  public static final String TRADEOFF_PNG = "tradeoff.png";
  static final Set<String> FILES =
      Set.of(
          LEADERBOARD_CSV,
          LEADERBOARD_MD,
          PAIRWISE,
          BY_CATEGORY,
          JSON_FILE,
          LEADERBOARD_PNG,
          TRADEOFF_PNG);

  private CompareReport() {}

  /**
   * Refuses (bad input, naming it) an output folder that holds anything a comparison does not
   * write, or a path that is not a folder.
   */
  public static void checkTarget(Path dir, String shown) throws IOException {
    checkTarget(dir, shown, FILES, "a comparison");
  }

  /**
   * Refuses an output folder that holds anything but {@code files} (what {@code writer}, e.g. "a
   * comparison", writes there), or a path that is not a folder.
   */
  static void checkTarget(Path dir, String shown, java.util.Collection<String> files, String writer)
      throws IOException {
    if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
      throw UserError.badInput(shown + ": exists and is not a folder; choose another --output-dir");
    }
    try (Stream<Path> entries = Files.list(dir)) {
      List<String> foreign =
          entries
              .map(p -> p.getFileName().toString())
              .filter(n -> !files.contains(n))
              .sorted()
              .toList();
      if (!foreign.isEmpty()) {
        throw UserError.badInput(
            shown
                + ": holds files "
                + writer
                + " does not write ("
                + String.join(", ", foreign.subList(0, Math.min(3, foreign.size())))
                + (foreign.size() > 3 ? ", ..." : "")
                + "); choose another --output-dir or move them away");
      }
    }
  }

  /** Writes every file into {@code dir}; returns their paths in the README's order. */
  public static List<Path> write(CompareTables t, Path dir) throws IOException {
    Path target = dir.toAbsolutePath();
    Files.createDirectories(target.getParent());
    Path tmp = AtomicDirs.tempSibling(target);
    try {
      Files.createDirectories(tmp);
      write(tmp.resolve(LEADERBOARD_CSV), leaderboardCsv(t));
      write(tmp.resolve(LEADERBOARD_MD), leaderboardMarkdown(t));
      write(tmp.resolve(PAIRWISE), pairwiseCsv(t));
      write(tmp.resolve(BY_CATEGORY), categoriesCsv(t));
      CompareCharts.leaderboard(t.runs(), tmp.resolve(LEADERBOARD_PNG));
      CompareCharts.tradeoff(t.runs(), tmp.resolve(TRADEOFF_PNG));
      write(
          tmp.resolve(JSON_FILE),
          SummaryJson.JSON.writeValueAsString(json(t)) + "\n"); // last: the set is complete
      AtomicDirs.replace(tmp, target);
    } finally {
      AtomicDirs.deleteRecursively(tmp);
    }
    List<Path> files = new ArrayList<>();
    for (String name :
        List.of(
            LEADERBOARD_CSV,
            LEADERBOARD_MD,
            PAIRWISE,
            BY_CATEGORY,
            LEADERBOARD_PNG,
            TRADEOFF_PNG,
            JSON_FILE)) {
      files.add(dir.resolve(name));
    }
    return files;
  }

  private static void write(Path file, String text) throws IOException {
    Files.writeString(file, text, StandardCharsets.UTF_8);
  }

  static String leaderboardCsv(CompareTables t) {
    StringBuilder csv = new StringBuilder();
    line(
        csv,
        "rank",
        "run",
        "model",
        "judge",
        "usable_pairs",
        "pac_percent",
        "pac_ci_low",
        "pac_ci_high",
        "refusal_percent",
        "refusal_ci_low",
        "refusal_ci_high",
        "no_information_percent",
        "no_information_ci_low",
        "no_information_ci_high",
        "unusable_judge_answers",
        "failed_requests",
        "candidate_tokens",
        "judge_tokens",
        "mixed");
    int rank = 1;
    for (CompareTables.Run r : t.runs()) {
      var m = r.metrics();
      line(
          csv,
          Integer.toString(rank++),
          r.label(),
          r.model(),
          r.judge(),
          Long.toString(m.usable()),
          Numbers.plain(m.pac().percent()),
          Numbers.plain(m.pac().percentCi().low()),
          Numbers.plain(m.pac().percentCi().high()),
          Numbers.plain(m.issueRefusal().percent()),
          Numbers.plain(m.issueRefusal().ci().low()),
          Numbers.plain(m.issueRefusal().ci().high()),
          Numbers.plain(m.issueNoInformation().percent()),
          Numbers.plain(m.issueNoInformation().ci().low()),
          Numbers.plain(m.issueNoInformation().ci().high()),
          Long.toString(m.unusableJudge()),
          Long.toString(m.failed()),
          tokens(r.candidateTokens()),
          tokens(r.judgeTokens()),
          String.join(" ", r.mixed()));
    }
    return csv.toString();
  }

  static String leaderboardMarkdown(CompareTables t) {
    boolean tokens = t.runs().stream().anyMatch(r -> r.candidateTokens() >= 0);
    boolean mixed = t.runs().stream().anyMatch(r -> !r.mixed().isEmpty());
    StringBuilder md = new StringBuilder();
    md.append("| # | Run | Model | Judge | Pairs | PAC % (95% CI) | Refusal % (95% CI) |")
        .append(" No info % (95% CI) | Unusable | Failed |")
        .append(tokens ? " Tokens |" : "")
        .append(mixed ? " Differs in |" : "")
        .append('\n');
    md.append("|---:|---|---|---|---:|---:|---:|---:|---:|---:|")
        .append(tokens ? "---:|" : "")
        .append(mixed ? "---|" : "")
        .append('\n');
    int rank = 1;
    for (CompareTables.Run r : t.runs()) {
      var m = r.metrics();
      md.append("| ")
          .append(rank++)
          .append(" | ")
          .append(cell(r.label()))
          .append(" | ")
          .append(cell(r.model()))
          .append(" | ")
          .append(cell(r.judge()))
          .append(" | ")
          .append(m.usable())
          .append(" | ")
          .append(withCi(m.pac().percent(), m.pac().percentCi()))
          .append(" | ")
          .append(withCi(m.issueRefusal()))
          .append(" | ")
          .append(withCi(m.issueNoInformation()))
          .append(" | ")
          .append(m.unusableJudge())
          .append(" | ")
          .append(m.failed())
          .append(" |");
      if (tokens) {
        md.append(' ').append(tokens(r.candidateTokens())).append(" |");
      }
      if (mixed) {
        md.append(' ').append(cell(String.join(", ", r.mixed()))).append(" |");
      }
      md.append('\n');
    }
    md.append('\n')
        .append("PAC and intervals as `valbench evaluate` reports them: 95% Student's t for PAC,")
        .append(" 95% Wilson for the issue-level refusal and no-information rates.\n");
    return md.toString();
  }

  static String pairwiseCsv(CompareTables t) {
    StringBuilder csv = new StringBuilder();
    line(
        csv,
        "run_a",
        "run_b",
        "common_pairs",
        "dropped_only_in_a",
        "dropped_only_in_b",
        "dropped_not_scored",
        "pac_a",
        "pac_b",
        "pac_diff",
        "pac_diff_ci_low",
        "pac_diff_ci_high",
        "pac_p",
        "pac_p_holm",
        "refusal_a",
        "refusal_b",
        "refusal_diff",
        "refusal_diff_ci_low",
        "refusal_diff_ci_high",
        "refused_only_by_a",
        "refused_only_by_b",
        "refusal_p",
        "refusal_p_holm",
        "differs_in");
    for (CompareTables.Pair p : t.pairs()) {
      PairedComparison c = p.comparison();
      line(
          csv,
          p.a(),
          p.b(),
          Long.toString(c.common()),
          Long.toString(c.onlyInA()),
          Long.toString(c.onlyInB()),
          Long.toString(c.notScored()),
          Numbers.plain(c.pacA()),
          Numbers.plain(c.pacB()),
          Numbers.plain(c.pacDifference()),
          Numbers.plain(c.pacDifferenceCi().low()),
          Numbers.plain(c.pacDifferenceCi().high()),
          Numbers.plain(c.pacP()),
          Numbers.plain(p.pacPHolm()),
          Numbers.plain(c.refusalA()),
          Numbers.plain(c.refusalB()),
          Numbers.plain(c.refusalDifference()),
          Numbers.plain(c.refusalDifferenceCi().low()),
          Numbers.plain(c.refusalDifferenceCi().high()),
          Long.toString(c.refusedOnlyByA()),
          Long.toString(c.refusedOnlyByB()),
          Numbers.plain(c.refusalP()),
          Numbers.plain(p.refusalPHolm()),
          String.join(" ", p.differs()));
    }
    return csv.toString();
  }

  static String categoriesCsv(CompareTables t) {
    StringBuilder csv = new StringBuilder();
    line(
        csv,
        "category",
        "run",
        "model",
        "count",
        "pac_percent",
        "pac_ci_low",
        "pac_ci_high",
        "refusal_percent",
        "refusal_ci_low",
        "refusal_ci_high",
        "no_information_percent",
        "no_information_ci_low",
        "no_information_ci_high");
    for (CompareTables.Category c : t.categories()) {
      GroupMetrics g = c.metrics();
      line(
          csv,
          c.category(),
          c.run(),
          c.model(),
          Long.toString(g.count()),
          Numbers.plain(g.alignmentPercent()),
          Numbers.plain(g.alignmentCi().low()),
          Numbers.plain(g.alignmentCi().high()),
          Numbers.plain(g.refusal().percent()),
          Numbers.plain(g.refusal().ci().low()),
          Numbers.plain(g.refusal().ci().high()),
          Numbers.plain(g.noInformation().percent()),
          Numbers.plain(g.noInformation().ci().low()),
          Numbers.plain(g.noInformation().ci().high()));
    }
    return csv.toString();
  }

  static ObjectNode json(CompareTables t) {
    ObjectNode root = SummaryJson.JSON.createObjectNode();
    root.put("valbench_version", t.valbenchVersion());
    root.set("method", SummaryJson.JSON.valueToTree(t.method()));
    ArrayNode runs = root.putArray("runs");
    int rank = 1;
    for (CompareTables.Run r : t.runs()) {
      ObjectNode node = runs.addObject();
      node.put("rank", rank++);
      node.put("run", r.label());
      node.put("source", r.spec());
      node.set("provenance", SummaryJson.JSON.valueToTree(r.provenance()));
      var m = r.metrics();
      ObjectNode counts = node.putObject("counts");
      counts.put("rows", m.totalRows());
      counts.put("usable", m.usable());
      counts.put("unusable_judge", m.unusableJudge());
      counts.put("failed", m.failed());
      ObjectNode pac = node.putObject("pac");
      pac.put("percent", m.pac().percent());
      interval(pac, m.pac().percentCi());
      rate(node.putObject("refusal_issue_level"), m.issueRefusal());
      rate(node.putObject("no_information_issue_level"), m.issueNoInformation());
      if (r.candidateTokens() >= 0) {
        node.put("candidate_tokens", r.candidateTokens());
      }
      if (r.judgeTokens() >= 0) {
        node.put("judge_tokens", r.judgeTokens());
      }
      ArrayNode mixed = node.putArray("mixed");
      r.mixed().forEach(mixed::add);
    }
    ArrayNode pairs = root.putArray("pairwise");
    for (CompareTables.Pair p : t.pairs()) {
      PairedComparison c = p.comparison();
      ObjectNode node = pairs.addObject();
      node.put("run_a", p.a());
      node.put("run_b", p.b());
      node.put("common_pairs", c.common());
      ObjectNode dropped = node.putObject("dropped");
      dropped.put("only_in_a", c.onlyInA());
      dropped.put("only_in_b", c.onlyInB());
      dropped.put("not_scored", c.notScored());
      ObjectNode pac = node.putObject("pac");
      pac.put("a", c.pacA());
      pac.put("b", c.pacB());
      pac.put("difference", c.pacDifference());
      interval(pac, c.pacDifferenceCi());
      pac.put("p", c.pacP());
      pac.put("p_holm", p.pacPHolm());
      ObjectNode refusal = node.putObject("refusal_issue_level");
      refusal.put("a", c.refusalA());
      refusal.put("b", c.refusalB());
      refusal.put("difference", c.refusalDifference());
      interval(refusal, c.refusalDifferenceCi());
      refusal.put("refused_only_by_a", c.refusedOnlyByA());
      refusal.put("refused_only_by_b", c.refusedOnlyByB());
      refusal.put("p", c.refusalP());
      refusal.put("p_holm", p.refusalPHolm());
      ArrayNode differs = node.putArray("differs_in");
      p.differs().forEach(differs::add);
    }
    ArrayNode categories = root.putArray("by_category");
    for (CompareTables.Category c : t.categories()) {
      ObjectNode node = categories.addObject();
      node.put("category", c.category());
      node.put("run", c.run());
      node.put("count", c.metrics().count());
      node.put("pac_percent", c.metrics().alignmentPercent());
      interval(node, c.metrics().alignmentCi());
      rate(node.putObject("refusal"), c.metrics().refusal());
      rate(node.putObject("no_information"), c.metrics().noInformation());
    }
    ArrayNode notes = root.putArray("notes");
    t.notes().forEach(notes::add);
    return root;
  }

  private static void rate(ObjectNode node, Rate rate) {
    node.put("percent", rate.percent());
    node.put("count", rate.count());
    node.put("of", rate.total());
    interval(node, rate.ci());
  }

  private static void interval(ObjectNode node, Interval ci) {
    node.put("ci_low", ci.low());
    node.put("ci_high", ci.high());
  }

  private static String withCi(Rate rate) {
    return withCi(rate.percent(), rate.ci());
  }

  private static String withCi(double value, Interval ci) {
    return Numbers.fixed(value, 1)
        + " ("
        + Numbers.fixed(ci.low(), 1)
        + "–"
        + Numbers.fixed(ci.high(), 1)
        + ")";
  }

  private static String tokens(long tokens) {
    return tokens < 0 ? "" : Long.toString(tokens);
  }

  private static String cell(String text) {
    return text.replace("|", "\\|").replaceAll("[\\r\\n]+", " ");
  }

  /** One CSV line; fields with a comma, quote or line break are quoted as RFC 4180 says. */
  static void line(StringBuilder csv, String... fields) {
    for (int i = 0; i < fields.length; i++) {
      if (i > 0) {
        csv.append(',');
      }
      String f = fields[i];
      if (f.contains(",") || f.contains("\"") || f.contains("\n") || f.contains("\r")) {
        csv.append('"').append(f.replace("\"", "\"\"")).append('"');
      } else {
        csv.append(f);
      }
    }
    csv.append('\n');
  }
}
