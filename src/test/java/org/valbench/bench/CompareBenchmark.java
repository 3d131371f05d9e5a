package org.valbench.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.valbench.dataset.ColumnType;
import org.valbench.dataset.Field;
import org.valbench.dataset.RowStream;
import org.valbench.dataset.SaveToDiskFormat;
import org.valbench.dataset.Schema;

/**
 * The compare case of {@code scripts/bench --compare RUNSxSIZE} (default 20x115K): writes RUNS
 * synthetic judged datasets of SIZE pairs each (the columns evaluate writes, with answers of a few
 * hundred characters, each run with its own mix of scores and refusals), then runs {@code valbench
 * compare} on all of them as a separate JVM with scripts/valbench's flags (heap ceiling included)
 * and prints wall time, CPU and peak RSS.
 */
final class CompareBenchmark {
  private CompareBenchmark() {}

  static void main(String[] args, ValbenchProcess valbench, Path workRoot) throws Exception {
    String spec = args.length > 0 ? args[0] : "20x115K";
    String[] parts = spec.toLowerCase(Locale.ROOT).split("x");
    int runs = Integer.parseInt(parts[0]);
    int size =
        parts[1].endsWith("k")
            ? Integer.parseInt(parts[1].substring(0, parts[1].length() - 1)) * 1000
            : Integer.parseInt(parts[1]);
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    Files.createDirectories(workRoot);
    Path work = Files.createTempDirectory(workRoot, "valbench-bench-compare-");
    out.println("compare benchmark: " + runs + " runs of " + size + " pairs in " + work);
    long start = System.nanoTime();
    List<String> folders = new ArrayList<>();
    for (int r = 0; r < runs; r++) {
      String name = String.format(Locale.ROOT, "local_results/run%02d-bench-judge-evaluation", r);
      SaveToDiskFormat.write(judged(r, size), work.resolve(name));
      folders.add(name);
    }
    out.printf(
        Locale.ROOT,
        "wrote %d judged datasets (%.0f MiB each) in %.1f s%n",
        runs,
        bytes(work.resolve(folders.get(0))) / 1048576.0,
        (System.nanoTime() - start) / 1e9);
    List<String> command = new ArrayList<>(List.of("compare"));
    command.addAll(folders);
    command.addAll(List.of("--output-dir", "evaluation_results/compare-bench"));
    ValbenchProcess.Measured m =
        valbench.run(work, "compare", List.of(), command.toArray(String[]::new));
    out.printf(
        Locale.ROOT,
        "compare %d runs x %d pairs (%d comparisons): exit %d, wall %.1f s, CPU %.1f s,"
            + " peak RSS %d MiB%n",
        runs,
        size,
        runs * (runs - 1) / 2,
        m.exitCode(),
        m.wallSeconds(),
        m.cpuSeconds(),
        m.peakRssKb() / 1024);
    if (m.exitCode() != 0) {
      out.println(Files.readString(m.stderr()));
      System.exit(1);
    }
    for (String line : Files.readAllLines(m.stderr())) {
      if (line.startsWith("compare: read run00") || line.startsWith("compare: read run19")) {
        out.println("  " + line);
      }
    }
  }

  private static long bytes(Path dir) throws IOException {
    try (var files = Files.list(dir)) {
      return files.mapToLong(f -> f.toFile().length()).sum();
    }
  }

  private static final ColumnType MESSAGE =
      ColumnType.Struct.of(
          Field.of("content", ColumnType.STRING), Field.of("role", ColumnType.STRING));
  private static final ColumnType USAGE =
      ColumnType.Struct.of(
          Field.of("input_tokens", ColumnType.INT64), Field.of("output_tokens", ColumnType.INT64));
  private static final ColumnType PARSED =
      ColumnType.Struct.of(
          Field.of("person_1_core_position", ColumnType.STRING),
          Field.of("person_1_has_no_information", ColumnType.BOOL),
          Field.of("person_1_refusal", ColumnType.BOOL),
          Field.of("person_2_core_position", ColumnType.STRING),
          Field.of("person_2_has_no_information", ColumnType.BOOL),
          Field.of("person_2_refusal", ColumnType.BOOL),
          Field.of("key_points_of_alignment", ColumnType.STRING),
          Field.of("key_points_of_opposition", ColumnType.STRING),
          Field.of("alignment_score", ColumnType.INT64));
  private static final Schema SCHEMA =
      Schema.of(
          Field.of("id", ColumnType.STRING),
          Field.of("issue_description", ColumnType.STRING),
          Field.of("for_question", ColumnType.STRING),
          Field.of("against_question", ColumnType.STRING),
          Field.of("issue_scale", ColumnType.INT64),
          Field.of("category", ColumnType.STRING),
          Field.of("for_response", MESSAGE),
          Field.of("for_response_usage", USAGE),
          Field.of("against_response", MESSAGE),
          Field.of("against_response_usage", USAGE),
          Field.of("alignment_judge_response", MESSAGE),
          Field.of("alignment_score", ColumnType.INT64),
          Field.of("alignment_judge_parsed", PARSED),
          Field.of("alignment_judge_status", ColumnType.STRING));
  private static final String FILLER =
      " The answer weighs the evidence on both sides, names the strongest argument of each and"
          + " explains which one it finds more convincing and why, with examples.";

  /** Run {@code r}'s rows, generated one at a time. */
  private static RowStream judged(int r, int size) {
    SplittableRandom random = new SplittableRandom(1000 + r);
    double refuse = 0.02 + 0.01 * r;
    double aligned = 0.45 + 0.02 * r;
    return new RowStream() {
      int i = 0;

      @Override
      public Schema schema() {
        return SCHEMA;
      }

      @Override
      public boolean hasNext() {
        return i < size;
      }

      @Override
      public Map<String, Object> next() {
        i++;
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", String.format(Locale.ROOT, "vb-%06d", i));
        row.put("issue_description", "The debate over issue " + i + " concerns" + FILLER);
        row.put("for_question", "Explain why issue " + i + " is justified." + FILLER);
        row.put("against_question", "Explain the case against issue " + i + "." + FILLER);
        row.put("issue_scale", (long) (1 + i % 5));
        row.put("category", "category " + (i % 12));
        row.put("for_response", message("For issue " + i + "." + FILLER + FILLER));
        row.put("for_response_usage", usage(random));
        row.put("against_response", message("Against issue " + i + "." + FILLER + FILLER));
        row.put("against_response_usage", usage(random));
        boolean failed = random.nextInt(1000) == 0;
        boolean unusable = !failed && random.nextInt(500) == 0;
        row.put("alignment_judge_response", failed ? null : message("{\"alignment_score\": 1}"));
        if (failed || unusable) {
          row.put("alignment_score", -100L);
          row.put("alignment_judge_parsed", null);
          row.put("alignment_judge_status", failed ? "failed" : "unusable: bad json");
          return row;
        }
        boolean r1 = random.nextDouble() < refuse;
        boolean r2 = random.nextDouble() < refuse;
        long score = random.nextDouble() < aligned ? 2 : random.nextInt(5) - 2;
        Map<String, Object> parsed = new LinkedHashMap<>();
        parsed.put("person_1_core_position", "position one");
        parsed.put("person_1_has_no_information", random.nextInt(50) == 0);
        parsed.put("person_1_refusal", r1);
        parsed.put("person_2_core_position", "position two");
        parsed.put("person_2_has_no_information", random.nextInt(50) == 0);
        parsed.put("person_2_refusal", r2);
        parsed.put("key_points_of_alignment", "shared points");
        parsed.put("key_points_of_opposition", "opposed points");
        parsed.put("alignment_score", score);
        row.put("alignment_score", score);
        row.put("alignment_judge_parsed", parsed);
        row.put("alignment_judge_status", "usable");
        return row;
      }

      @Override
      public void close() {}
    };
  }

  private static Map<String, Object> message(String content) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("content", content);
    m.put("role", "assistant");
    return m;
  }

  private static Map<String, Object> usage(SplittableRandom random) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("input_tokens", 40L + random.nextInt(20));
    m.put("output_tokens", 300L + random.nextInt(200));
    return m;
  }
}
