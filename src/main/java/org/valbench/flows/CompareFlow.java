package org.valbench.flows;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.valbench.common.StorageException;
import org.valbench.common.UserError;
import org.valbench.dataset.DatasetSource;
import org.valbench.metrics.AlignedRun;
import org.valbench.metrics.GroupMetrics;
import org.valbench.metrics.PairedBootstrap;
import org.valbench.metrics.PairedComparison;
import org.valbench.metrics.PairedTests;
import org.valbench.report.CompareReport;
import org.valbench.report.CompareTables;

/**
 * {@code valbench compare}: reads judged datasets (no request is sent), checks that they are
 * comparable, compares every pair of runs on the pairs both scored, and writes the leaderboard,
 * pairwise and per-category tables, two charts and {@code compare.json}.
 */
public final class CompareFlow {
  private final FlowContext context;
  private final String version;

  public CompareFlow(FlowContext context, String version) {
    this.context = context;
    this.version = version;
  }

  /** Where the comparison went and its tables (leaderboard order). */
  public record Outputs(Path dir, List<Path> files, CompareTables tables) {}

  public Outputs run(CompareSettings settings) throws Exception {
    List<String> specs = RunSpecs.expand(settings.runs(), context.workDir());
    List<String> labels = RunSpecs.labels(specs);
    Path dir =
        context.resolve(settings.outputDir().orElse("evaluation_results/" + defaultName(labels)));
    String shownDir = settings.outputDir().orElse("evaluation_results/" + defaultName(labels));
    CompareReport.checkTarget(dir, shownDir);

    List<String> notes = new ArrayList<>();
    PairIndex index = new PairIndex();
    List<JudgedRun> runs = readAll(specs, labels, index, notes);
    Comparability comparability = Comparability.of(runs, index);
    if (!comparability.differences().isEmpty() && !settings.allowMixed()) {
      throw UserError.badInput(
          "runs are not comparable: "
              + String.join("; ", comparability.differences())
              + ". Give --allow-mixed to compare them anyway (every affected row is marked)");
    }
    comparability.unknowns().forEach(notes::add);
    notes.forEach(note -> context.err().println("compare: " + note));

    long start = context.nanoTime().getAsLong();
    List<AlignedRun> aligned = runs.stream().map(r -> align(r, index.size())).toList();
    List<CompareTables.Pair> pairs = pairs(runs, aligned, comparability);
    context
        .err()
        .println(
            String.format(
                java.util.Locale.ROOT,
                "compare: %d comparisons on %d ids in %.2f s",
                pairs.size(),
                index.size(),
                (context.nanoTime().getAsLong() - start) / 1e9));
    List<JudgedRun> ordered = new ArrayList<>(runs);
    ordered.sort(
        java.util.Comparator.comparingDouble((JudgedRun r) -> -r.metrics().pac().percent())
            .thenComparing(JudgedRun::label));
    List<CompareTables.Run> rows = new ArrayList<>();
    for (JudgedRun r : ordered) {
      rows.add(
          new CompareTables.Run(
              r.label(),
              r.spec(),
              r.provenance(),
              r.metrics(),
              r.candidateTokens(),
              r.judgeTokens(),
              comparability.mixedFor(r.label())));
    }
    CompareTables tables =
        new CompareTables(rows, pairs, categories(ordered), method(), notes, version);
    List<Path> files = StorageException.guard(dir, () -> CompareReport.write(tables, dir));
    return new Outputs(dir, files, tables);
  }

  /**
   * Reads the runs, a few at a time (each holds only its compact rows once read), and places their
   * ids on the index in the order the runs were given, so that results do not depend on which read
   * finished first.
   */
  private List<JudgedRun> readAll(
      List<String> specs, List<String> labels, PairIndex index, List<String> notes)
      throws Exception {
    JudgedRunReader reader = new JudgedRunReader(context.workDir());
    // Two readers at most: each decodes whole rows (answers included) in batches, and the command
    // runs in a 512 MiB heap.
    int threads = Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors()));
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(threads);
    try {
      List<java.util.concurrent.Future<JudgedRunReader.Read>> reads = new ArrayList<>();
      List<JudgedRun> runs = new ArrayList<>();
      for (int i = 0; i < specs.size(); i++) {
        // At most `threads` runs read ahead of the one being placed on the index.
        while (reads.size() < specs.size() && reads.size() < i + threads) {
          reads.add(submit(pool, reader, specs.get(reads.size()), labels.get(reads.size())));
        }
        JudgedRunReader.Read read;
        try {
          read = reads.get(i).get();
        } catch (java.util.concurrent.ExecutionException e) {
          if (e.getCause() instanceof Exception cause) {
            throw cause;
          }
          throw e;
        }
        reads.set(i, null); // its ids are no longer needed once placed
        int[] positions = read.run().positions();
        for (int row = 0; row < positions.length; row++) {
          positions[row] = index.positionOf(read.ids()[row], read.textHashes()[row], i);
        }
        notes.addAll(read.notes());
        runs.add(read.run());
      }
      return runs;
    } finally {
      pool.shutdownNow();
    }
  }

  private java.util.concurrent.Future<JudgedRunReader.Read> submit(
      java.util.concurrent.ExecutorService pool,
      JudgedRunReader reader,
      String spec,
      String label) {
    // Resolved here, in order: a Hub or S3 download prints its progress line by line.
    DatasetSource source = context.datasets(HubPush.SPLIT, "main").resolve(spec);
    return pool.submit(
        () -> {
          long start = context.nanoTime().getAsLong();
          JudgedRunReader.Read read = reader.read(spec, label, source);
          context
              .err()
              .println(
                  String.format(
                      java.util.Locale.ROOT,
                      "compare: read %s (%d rows, %.2f s)",
                      label,
                      read.ids().length,
                      (context.nanoTime().getAsLong() - start) / 1e9));
          return read;
        });
  }

  private static AlignedRun align(JudgedRun run, int size) {
    AlignedRun aligned = AlignedRun.absent(size);
    for (int i = 0; i < run.positions().length; i++) {
      byte score = run.scores()[i];
      if (score == AlignedRun.NOT_SCORED) {
        aligned.notScored(run.positions()[i]);
      } else {
        aligned.scored(run.positions()[i], score, run.refusals()[i]);
      }
    }
    return aligned;
  }

  /** Every pair of runs (in the order given), compared in parallel; Holm over each family. */
  private static List<CompareTables.Pair> pairs(
      List<JudgedRun> runs, List<AlignedRun> aligned, Comparability comparability) {
    List<int[]> ij = new ArrayList<>();
    for (int i = 0; i < runs.size(); i++) {
      for (int j = i + 1; j < runs.size(); j++) {
        ij.add(new int[] {i, j});
      }
    }
    PairedComparison[] results = new PairedComparison[ij.size()];
    IntStream.range(0, ij.size())
        .parallel()
        .forEach(
            k -> {
              int i = ij.get(k)[0];
              int j = ij.get(k)[1];
              try {
                results[k] =
                    PairedComparison.of(
                        aligned.get(i),
                        aligned.get(j),
                        PairedBootstrap.seedFor(runs.get(i).label(), runs.get(j).label()),
                        PairedBootstrap.RESAMPLES);
              } catch (PairedComparison.NoCommonPairsException e) {
                results[k] = null;
              }
            });
    noCommonPairs(runs, ij, results);
    double[] pacHolm =
        PairedTests.holm(java.util.Arrays.stream(results).mapToDouble(c -> c.pacP()).toArray());
    double[] refusalHolm =
        PairedTests.holm(java.util.Arrays.stream(results).mapToDouble(c -> c.refusalP()).toArray());
    List<CompareTables.Pair> pairs = new ArrayList<>();
    for (int k = 0; k < ij.size(); k++) {
      String a = runs.get(ij.get(k)[0]).label();
      String b = runs.get(ij.get(k)[1]).label();
      pairs.add(
          new CompareTables.Pair(
              a, b, results[k], pacHolm[k], refusalHolm[k], comparability.differsBetween(a, b)));
    }
    return pairs;
  }

  /**
   * A run that shares no scored pair with another is an error naming it: the run with no common
   * pair with any other when there is one, else the two runs.
   */
  private static void noCommonPairs(
      List<JudgedRun> runs, List<int[]> ij, PairedComparison[] results) {
    int[] missing = new int[runs.size()];
    String firstPair = null;
    for (int k = 0; k < results.length; k++) {
      if (results[k] == null) {
        missing[ij.get(k)[0]]++;
        missing[ij.get(k)[1]]++;
        if (firstPair == null) {
          firstPair = runs.get(ij.get(k)[0]).spec() + " and " + runs.get(ij.get(k)[1]).spec();
        }
      }
    }
    if (firstPair == null) {
      return;
    }
    for (int i = 0; i < runs.size(); i++) {
      if (missing[i] == runs.size() - 1) {
        throw UserError.badInput(
            runs.get(i).spec()
                + ": no scored pair in common with any other run (its ids, or its scored ones,"
                + " are not in the others); compare matches pairs by id");
      }
    }
    throw UserError.badInput(firstPair + ": no scored pair in common; compare matches pairs by id");
  }

  /** PAC by category for the categories every run has, categories in the first run's order. */
  private static List<CompareTables.Category> categories(List<JudgedRun> runs) {
    java.util.Set<String> common = null;
    for (JudgedRun r : runs) {
      java.util.Set<String> labels = new java.util.HashSet<>();
      r.metrics().byCategory().forEach(g -> labels.add(g.label()));
      if (common == null) {
        common = labels;
      } else {
        common.retainAll(labels);
      }
    }
    List<CompareTables.Category> rows = new ArrayList<>();
    for (GroupMetrics first : runs.get(0).metrics().byCategory()) {
      if (!common.contains(first.label())) {
        continue;
      }
      for (JudgedRun r : runs) {
        for (GroupMetrics g : r.metrics().byCategory()) {
          if (g.label().equals(first.label())) {
            rows.add(
                new CompareTables.Category(g.label(), r.label(), r.provenance().get("model"), g));
          }
        }
      }
    }
    return rows;
  }

  private static Map<String, Object> method() {
    Map<String, Object> method = new LinkedHashMap<>();
    method.put(
        "pairing",
        "pairs matched by id; each comparison uses the pairs both runs scored (usable judge"
            + " answers); the leaderboard uses every usable pair of each run, as evaluate does");
    method.put(
        "pac_difference_test",
        "two-sided sign-flip permutation test on the per-pair differences of refusal-adjusted"
            + " scores; exact up to "
            + PairedTests.EXACT_LIMIT
            + " non-zero differences, normal approximation with continuity correction above");
    method.put(
        "refusal_difference_test",
        "exact McNemar test (two-sided binomial test on the discordant pairs) on the issue-level"
            + " refusal flags");
    method.put(
        "interval",
        "paired bootstrap percentile 95% interval: pairs resampled with replacement (drawn as"
            + " multinomial counts of the difference values), 2.5% and 97.5% percentiles with"
            + " linear interpolation");
    method.put("bootstrap_resamples", PairedBootstrap.RESAMPLES);
    method.put("bootstrap_seed", PairedBootstrap.SEED);
    method.put(
        "bootstrap_seed_per_comparison",
        "first 8 bytes of SHA-256 of '<seed>\\0<run a>\\0<run b>', Mersenne Twister;"
            + " the refusal interval uses that seed + 1");
    method.put(
        "multiple_comparisons",
        "Holm step-down adjustment over all comparisons of the table, separately for PAC and for"
            + " refusal");
    method.put(
        "leaderboard_intervals", "as evaluate: 95% Student's t for PAC, 95% Wilson for rates");
    return method;
  }

  /** {@code compare-<a>-vs-<b>}, or {@code compare-<a>-and-N-more-<hash>} for more runs. */
  static String defaultName(List<String> labels) {
    String name =
        labels.size() == 2
            ? labels.get(0) + "-vs-" + labels.get(1)
            : labels.get(0)
                + "-and-"
                + (labels.size() - 1)
                + "-more-"
                + org.valbench.common.Hashing.sha256Hex(String.join("\n", labels)).substring(0, 8);
    name = name.replaceAll("[^A-Za-z0-9._-]", "-");
    if (name.length() > 120) {
      name =
          name.substring(0, 100)
              + "-"
              + org.valbench.common.Hashing.sha256Hex(String.join("\n", labels)).substring(0, 8);
    }
    return "compare-" + name;
  }
}
