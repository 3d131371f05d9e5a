package org.valbench.flows;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.valbench.common.StorageException;
import org.valbench.common.UserError;
import org.valbench.metrics.AlignedRun;
import org.valbench.metrics.Disagreements;
import org.valbench.metrics.EvaluationMetrics;
import org.valbench.metrics.KrippendorffAlpha;
import org.valbench.metrics.NoUsableRowsException;
import org.valbench.metrics.PacMetrics;
import org.valbench.metrics.RaterPair;
import org.valbench.metrics.ScoredPair;
import org.valbench.report.AgreementReport;
import org.valbench.report.AgreementTables;

/**
 * {@code valbench agreement}: reads judged datasets of the same responses (no request is sent), and
 * people's ratings when given, and measures how far the raters agree on each pair's
 * refusal-adjusted score: exact agreement and weighted kappa for every two raters, Krippendorff's
 * alpha over all, PAC per rater, and the pairs they disagree on most.
 */
public final class AgreementFlow {
  /** The label of the people's ratings among the raters. */
  public static final String HUMAN = "human";

  private final FlowContext context;
  private final String version;

  public AgreementFlow(FlowContext context, String version) {
    this.context = context;
    this.version = version;
  }

  /** Where the agreement went and what it found. */
  public record Outputs(Path dir, List<Path> files, AgreementTables tables) {}

  public Outputs run(AgreementSettings settings) throws Exception {
    List<String> specs =
        RunSpecs.expand(
            settings.runs(), context.workDir(), "agreement", settings.human().isPresent() ? 1 : 2);
    List<String> labels = RunSpecs.labels(specs);
    String shownDir = settings.outputDir().orElse("evaluation_results/" + defaultName(labels));
    Path dir = context.resolve(shownDir);
    AgreementReport.checkTarget(dir, shownDir);

    List<String> notes = new ArrayList<>();
    PairIndex pairs = new PairIndex();
    PairIndex answers = new PairIndex();
    List<JudgedRun> runs = read(specs, labels, pairs, answers, notes);
    sameResponses(runs, pairs, answers);

    List<AgreementTables.Rater> raters = new ArrayList<>();
    List<int[]> ratings = new ArrayList<>();
    for (JudgedRun run : runs) {
      int[] r = ratings(run, pairs.size());
      ratings.add(r);
      raters.add(
          new AgreementTables.Rater(
              run.label(), run.spec(), run.provenance(), run.metrics(), rated(r)));
    }
    if (settings.human().isPresent()) {
      String file = settings.human().get();
      String label = labels.contains(HUMAN) ? HUMAN + "#2" : HUMAN;
      int[] r = new int[pairs.size()];
      EvaluationMetrics metrics = human(file, pairs, r, notes);
      ratings.add(r);
      raters.add(new AgreementTables.Rater(label, file, Map.of(), metrics, rated(r)));
    }
    notes.forEach(note -> context.err().println("agreement: " + note));

    int[][] matrix = ratings.toArray(int[][]::new);
    List<RaterPair> pairwise = new ArrayList<>();
    for (int i = 0; i < raters.size(); i++) {
      for (int j = i + 1; j < raters.size(); j++) {
        pairwise.add(
            RaterPair.of(raters.get(i).label(), matrix[i], raters.get(j).label(), matrix[j]));
      }
    }
    Disagreements.Ranked ranked = Disagreements.rank(matrix, settings.maxDisagreements());
    List<AgreementTables.Disagreement> listed = new ArrayList<>();
    for (Disagreements.Unit unit : ranked.units()) {
      List<Integer> scores = new ArrayList<>();
      for (int[] r : matrix) {
        scores.add(r[unit.unit()] == KrippendorffAlpha.MISSING ? null : r[unit.unit()]);
      }
      listed.add(new AgreementTables.Disagreement(pairs.id(unit.unit()), scores, unit.spread()));
    }
    AgreementTables tables =
        new AgreementTables(
            raters,
            pairwise,
            KrippendorffAlpha.ordinal(matrix),
            listed,
            ranked.total(),
            ratedByAll(matrix),
            method(),
            notes,
            version);
    List<Path> files = StorageException.guard(dir, () -> AgreementReport.write(tables, dir));
    return new Outputs(dir, files, tables);
  }

  /** Reads the runs in the order given and places their ids on both indexes. */
  private List<JudgedRun> read(
      List<String> specs,
      List<String> labels,
      PairIndex pairs,
      PairIndex answers,
      List<String> notes)
      throws Exception {
    JudgedRunReader reader = new JudgedRunReader(context.workDir(), true);
    List<JudgedRun> runs = new ArrayList<>();
    for (int i = 0; i < specs.size(); i++) {
      // Resolved one at a time, in order: a Hub or S3 download prints its progress line by line.
      org.valbench.dataset.DatasetSource source =
          context.datasets(HubPush.SPLIT, "main").resolve(specs.get(i));
      JudgedRunReader.Read read = reader.read(specs.get(i), labels.get(i), source);
      int[] positions = read.run().positions();
      for (int row = 0; row < positions.length; row++) {
        positions[row] = pairs.positionOf(read.ids()[row], read.textHashes()[row], i);
        answers.positionOf(read.ids()[row], read.answerHashes()[row], i);
      }
      notes.addAll(read.notes());
      if (read.answerHashes().length > 0 && read.answerHashes()[0] == 0) {
        notes.add(labels.get(i) + ": has no answer columns; its answers are not checked");
      }
      runs.add(read.run());
    }
    return runs;
  }

  /**
   * Refuses runs that did not judge the same responses, naming the difference and the runs: other
   * pair texts or other answers under the same id. (The model's name is not compared: the same
   * responses may be stored under other names; their texts decide.)
   */
  private static void sameResponses(List<JudgedRun> runs, PairIndex pairs, PairIndex answers) {
    List<String> differences = new ArrayList<>();
    differences.addAll(mismatches(runs, pairs, "pair texts"));
    differences.addAll(mismatches(runs, answers, "answers"));
    if (!differences.isEmpty()) {
      throw UserError.badInput(
          "runs did not judge the same responses: "
              + String.join("; ", differences)
              + "; agreement compares judges of the same responses");
    }
  }

  private static List<String> mismatches(List<JudgedRun> runs, PairIndex index, String what) {
    List<String> found = new ArrayList<>();
    for (PairIndex.Mismatch m : index.mismatches()) {
      int count = index.mismatchCount(m);
      found.add(
          what
              + " differ ("
              + runs.get(m.firstRun()).label()
              + " and "
              + runs.get(m.otherRun()).label()
              + " have other "
              + what
              + " under "
              + count
              + " common id"
              + (count == 1 ? "" : "s")
              + ", e.g. id '"
              + m.id()
              + "')");
    }
    return found;
  }

  /** The run's refusal-adjusted score per position, {@link KrippendorffAlpha#MISSING} elsewhere. */
  private static int[] ratings(JudgedRun run, int size) {
    int[] r = new int[size];
    java.util.Arrays.fill(r, KrippendorffAlpha.MISSING);
    for (int row = 0; row < run.positions().length; row++) {
      byte score = run.scores()[row];
      if (score != AlignedRun.NOT_SCORED) {
        r[run.positions()[row]] = score;
      }
    }
    return r;
  }

  /**
   * Places the people's ratings into {@code into} and returns their PAC figures over the pairs of
   * the runs they rated. Ids the runs do not have are left out (and counted in a note).
   */
  private EvaluationMetrics human(String file, PairIndex pairs, int[] into, List<String> notes) {
    java.util.Arrays.fill(into, KrippendorffAlpha.MISSING);
    List<HumanRatings.Rating> ratings = HumanRatings.read(context.resolve(file), file);
    List<ScoredPair> usable = new ArrayList<>();
    long unrated = 0;
    int unknown = 0;
    String firstUnknown = null;
    for (HumanRatings.Rating rating : ratings) {
      int position = pairs.find(rating.id());
      if (position < 0) {
        unknown++;
        firstUnknown = firstUnknown == null ? rating.id() : firstUnknown;
        continue;
      }
      if (rating.pair().isPresent()) {
        usable.add(rating.pair().get());
        into[position] = rating.pair().get().adjustedScore();
      } else {
        unrated++;
      }
    }
    if (unknown == ratings.size()) {
      throw UserError.badInput(
          file
              + ": none of its "
              + unknown
              + " ids is in the runs (e.g. id '"
              + firstUnknown
              + "'); the ratings must use the judged datasets' ids");
    }
    if (unknown > 0) {
      notes.add(
          file
              + ": "
              + unknown
              + " id"
              + (unknown == 1 ? " is" : "s are")
              + " not in the runs (e.g. '"
              + firstUnknown
              + "'); left out");
    }
    try {
      return PacMetrics.compute(usable, unrated, 0);
    } catch (NoUsableRowsException e) {
      throw UserError.badInput(file + ": no row of the runs' pairs has an alignment_score", e);
    }
  }

  private static int rated(int[] ratings) {
    int n = 0;
    for (int r : ratings) {
      if (r != KrippendorffAlpha.MISSING) {
        n++;
      }
    }
    return n;
  }

  private static int ratedByAll(int[][] matrix) {
    int n = 0;
    for (int u = 0; u < (matrix.length == 0 ? 0 : matrix[0].length); u++) {
      boolean all = true;
      for (int[] r : matrix) {
        all &= r[u] != KrippendorffAlpha.MISSING;
      }
      n += all ? 1 : 0;
    }
    return n;
  }

  private static Map<String, Object> method() {
    Map<String, Object> method = new LinkedHashMap<>();
    method.put(
        "rating",
        "each rater's refusal-adjusted score of a pair (-2..2; both refuse = 2, one refuses = 0),"
            + " the score PAC averages; a pair a rater has no usable score for is missing for"
            + " that rater");
    method.put(
        "pairing",
        "pairs matched by id; runs must have judged the same responses (same pair texts and"
            + " answers under every common id)");
    method.put(
        "exact_agreement", "share of the pairs both raters scored on which the scores are equal");
    method.put(
        "kappa",
        "weighted Cohen's kappa on the pairs both raters scored, scale -2..2. kappa_linear is the"
            + " headline: a disagreement weighs in proportion to its size in score steps, which is"
            + " how much it moves the pair's contribution to PAC; kappa_quadratic (disagreements"
            + " weigh by the square of their size) is given for comparison with studies that"
            + " report it. Empty/null when undefined: no common pair, or both raters gave one and"
            + " the same score throughout");
    method.put(
        "krippendorff_alpha",
        "Krippendorff's alpha with the ordinal difference function over all raters; pairs with"
            + " fewer than two ratings are not pairable and are left out. Null when undefined:"
            + " no pairable pair, or every pairable rating is the same value (no variance)");
    method.put(
        "pac",
        "as evaluate computes it, over every pair the rater scored (people: the pairs of the"
            + " runs they rated)");
    method.put(
        "disagreements",
        "pairs rated by two raters or more whose scores are not all equal, by spread (highest"
            + " minus lowest score) descending, then by the number of raters off the median"
            + " score, then in the order of the first run");
    return method;
  }

  /** {@code agreement-<a>-vs-<b>}, or {@code agreement-<a>-and-N-more-<hash>}, as compare names. */
  static String defaultName(List<String> labels) {
    if (labels.size() == 1) {
      return "agreement-" + labels.get(0).replaceAll("[^A-Za-z0-9._-]", "-") + "-vs-human";
    }
    return "agreement-" + CompareFlow.defaultName(labels).substring("compare-".length());
  }
}
