package org.valbench.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.valbench.common.AtomicDirs;
import org.valbench.metrics.EvaluationMetrics;
import org.valbench.metrics.RaterPair;

/**
 * Writes an agreement's files into a folder, as a whole: written aside, then moved into place.
 * Numbers are written in full ({@link Numbers#plain}); a statistic that is undefined is an empty
 * CSV field and {@code null} in JSON, with the reason next to it.
 */
public final class AgreementReport {
  public static final String AGREEMENT_CSV = "agreement.csv";
  public static final String RATERS_CSV = "raters.csv";
  public static final String DISAGREEMENTS_CSV = "disagreements.csv";
  public static final String JSON_FILE = "agreement.json";

  static final List<String> FILES =
      List.of(AGREEMENT_CSV, RATERS_CSV, DISAGREEMENTS_CSV, JSON_FILE);

  private AgreementReport() {}

  /** Refuses a folder holding files an agreement does not write, or a path that is no folder. */
  public static void checkTarget(Path dir, String shown) throws IOException {
    CompareReport.checkTarget(dir, shown, FILES, "an agreement");
  }

  /** Writes every file into {@code dir}; returns their paths. */
  public static List<Path> write(AgreementTables t, Path dir) throws IOException {
    Path target = dir.toAbsolutePath();
    Files.createDirectories(target.getParent());
    Path tmp = AtomicDirs.tempSibling(target);
    try {
      Files.createDirectories(tmp);
      write(tmp.resolve(AGREEMENT_CSV), agreementCsv(t));
      write(tmp.resolve(RATERS_CSV), ratersCsv(t));
      write(tmp.resolve(DISAGREEMENTS_CSV), disagreementsCsv(t));
      write(tmp.resolve(JSON_FILE), SummaryJson.JSON.writeValueAsString(json(t)) + "\n");
      AtomicDirs.replace(tmp, target);
    } finally {
      AtomicDirs.deleteRecursively(tmp);
    }
    List<Path> files = new ArrayList<>();
    FILES.forEach(name -> files.add(dir.resolve(name)));
    return files;
  }

  private static void write(Path file, String text) throws IOException {
    Files.writeString(file, text, StandardCharsets.UTF_8);
  }

  static String agreementCsv(AgreementTables t) {
    StringBuilder csv = new StringBuilder();
    CompareReport.line(
        csv,
        "rater_a",
        "rater_b",
        "common_pairs",
        "exact_agreement_percent",
        "kappa_linear",
        "kappa_quadratic");
    for (RaterPair p : t.pairs()) {
      CompareReport.line(
          csv,
          p.a(),
          p.b(),
          Integer.toString(p.common()),
          number(p.exactPercent()),
          number(p.kappaLinear()),
          number(p.kappaQuadratic()));
    }
    return csv.toString();
  }

  static String ratersCsv(AgreementTables t) {
    StringBuilder csv = new StringBuilder();
    CompareReport.line(
        csv,
        "rater",
        "source",
        "judge",
        "rated_pairs",
        "usable_pairs",
        "unusable",
        "failed",
        "pac_percent",
        "pac_ci_low",
        "pac_ci_high",
        "refusal_percent");
    for (AgreementTables.Rater r : t.raters()) {
      EvaluationMetrics m = r.metrics();
      CompareReport.line(
          csv,
          r.label(),
          r.source(),
          r.provenance().getOrDefault("judge", ""),
          Integer.toString(r.rated()),
          Long.toString(m.usable()),
          Long.toString(m.unusableJudge()),
          Long.toString(m.failed()),
          Numbers.plain(m.pac().percent()),
          Numbers.plain(m.pac().percentCi().low()),
          Numbers.plain(m.pac().percentCi().high()),
          Numbers.plain(m.issueRefusal().percent()));
    }
    return csv.toString();
  }

  static String disagreementsCsv(AgreementTables t) {
    StringBuilder csv = new StringBuilder();
    List<String> header = new ArrayList<>(List.of("id"));
    t.raters().forEach(r -> header.add(r.label()));
    header.add("spread");
    CompareReport.line(csv, header.toArray(String[]::new));
    for (AgreementTables.Disagreement d : t.disagreements()) {
      List<String> fields = new ArrayList<>(List.of(d.id()));
      d.scores().forEach(s -> fields.add(s == null ? "" : Integer.toString(s)));
      fields.add(Integer.toString(d.spread()));
      CompareReport.line(csv, fields.toArray(String[]::new));
    }
    return csv.toString();
  }

  static ObjectNode json(AgreementTables t) {
    ObjectNode root = SummaryJson.JSON.createObjectNode();
    root.put("valbench_version", t.version());
    ArrayNode raters = root.putArray("raters");
    for (AgreementTables.Rater r : t.raters()) {
      ObjectNode node = raters.addObject();
      node.put("rater", r.label());
      node.put("source", r.source());
      ObjectNode provenance = node.putObject("provenance");
      r.provenance().forEach(provenance::put);
      node.put("rated_pairs", r.rated());
      node.put("usable_pairs", r.metrics().usable());
      node.put("unusable", r.metrics().unusableJudge());
      node.put("failed", r.metrics().failed());
      node.put("pac_percent", r.metrics().pac().percent());
      node.put("pac_ci_low", r.metrics().pac().percentCi().low());
      node.put("pac_ci_high", r.metrics().pac().percentCi().high());
      node.put("refusal_percent", r.metrics().issueRefusal().percent());
    }
    ArrayNode pairs = root.putArray("pairs");
    for (RaterPair p : t.pairs()) {
      ObjectNode node = pairs.addObject();
      node.put("rater_a", p.a());
      node.put("rater_b", p.b());
      node.put("common_pairs", p.common());
      number(node, "exact_agreement_percent", p.exactPercent());
      number(node, "kappa_linear", p.kappaLinear());
      number(node, "kappa_quadratic", p.kappaQuadratic());
    }
    ObjectNode alpha = root.putObject("krippendorff_alpha");
    number(alpha, "ordinal", t.alpha().alpha());
    if (!t.alpha().defined()) {
      alpha.put("undefined_because", t.alpha().undefinedReason());
    }
    alpha.put("pairable_pairs", t.alpha().pairableUnits());
    alpha.put("pairs_rated_by_every_rater", t.commonPairs());
    ObjectNode disagreements = root.putObject("disagreements");
    disagreements.put("pairs_with_disagreement", t.disagreementTotal());
    disagreements.put("listed", t.disagreements().size());
    disagreements.put("truncated", t.truncated());
    root.set("method", SummaryJson.JSON.valueToTree(t.method()));
    ArrayNode notes = root.putArray("notes");
    t.notes().forEach(notes::add);
    return root;
  }

  private static String number(double value) {
    return Double.isNaN(value) ? "" : Numbers.plain(value);
  }

  private static void number(ObjectNode node, String name, double value) {
    if (Double.isNaN(value)) {
      node.putNull(name);
    } else {
      node.put(name, value);
    }
  }
}
