package org.valbench.flows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.valbench.common.UserError;
import org.valbench.dataset.DatasetFiles;
import org.valbench.dataset.DatasetSource;
import org.valbench.dataset.RowStream;
import org.valbench.dataset.Schema;
import org.valbench.metrics.EvaluationMetrics;
import org.valbench.metrics.GroupValue;
import org.valbench.metrics.NoUsableRowsException;
import org.valbench.metrics.PacMetrics;
import org.valbench.metrics.ScoredPair;

/**
 * Reads one judged dataset for compare: streams only the columns it needs, computes evaluate's
 * figures from the same scored pairs evaluate uses ({@link PacMetrics}), and keeps the per-pair
 * scores compactly for the paired comparisons. Provenance comes from what evaluate recorded: the
 * dataset's description ({@code dataset_info.json}) and the run's {@code summary.json}, when it is
 * found next to it and its counts match the rows read.
 */
final class JudgedRunReader {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path workDir;
  private final boolean answers;

  /** A reader of scores and pair texts, as compare needs. */
  JudgedRunReader(Path workDir) {
    this(workDir, false);
  }

  /**
   * With {@code answers}, it also reads both answers of each pair and fingerprints them ({@link
   * Read#answerHashes}), for commands that must know the runs judged the same responses.
   */
  JudgedRunReader(Path workDir, boolean answers) {
    this.workDir = workDir;
    this.answers = answers;
  }

  /** Provenance fields, in the order compare.json lists them. */
  static final List<String> FIELDS =
      List.of(
          "model",
          "judge",
          "judge_prompt_sha256",
          "protocol",
          "pair_order",
          "pairs_fingerprint",
          "responses_dataset",
          "valbench_version",
          "summary_json");

  static final String UNKNOWN = "unknown";

  /**
   * A run as read, before its ids are placed on the shared index: {@code ids} and {@code
   * textHashes} (0 when the dataset has no pair texts) in row order, and the notes about it; {@code
   * answerHashes} fingerprint the two answers of each row (all 0 unless the reader reads answers or
   * when the dataset has no answer columns).
   */
  record Read(
      JudgedRun run, String[] ids, long[] textHashes, long[] answerHashes, List<String> notes) {}

  /** Reads one run; safe to call for several runs at once. */
  Read read(String spec, String label, DatasetSource source) throws java.io.IOException {
    List<String> notes = new ArrayList<>();
    List<ScoredPair> usable = new ArrayList<>();
    long unusable = 0;
    long failed = 0;
    long candidateTokens = -1;
    long judgeTokens = -1;
    String[] ids = new String[1024];
    long[] textHashes = new long[1024];
    long[] answerHashes = new long[1024];
    byte[] scores = new byte[1024];
    boolean[] refusals = new boolean[1024];
    int rows = 0;
    Set<String> seen = new HashSet<>();
    Map<String, String> categories = new HashMap<>();
    Map<GroupValue, GroupValue> scales = new HashMap<>();
    long fingerprint = 0;
    boolean hasTexts;
    Schema columns;
    try (RowStream probe = DatasetFiles.open(source)) {
      columns = probe.schema(); // read from the footer or stream header, no rows decoded
    }
    checkColumns(spec, columns);
    List<String> wanted = new ArrayList<>(JudgedRunColumns.wanted());
    if (answers) {
      wanted.addAll(JudgedRunColumns.ANSWERS);
    }
    try (RowStream stream =
        DatasetFiles.open(source, wanted.stream().filter(columns::has).toList())) {
      Schema schema = stream.schema();
      hasTexts = JudgedRunColumns.QUESTIONS.stream().allMatch(schema::has);
      boolean hasAnswers = answers && JudgedRunColumns.ANSWERS.stream().allMatch(schema::has);
      while (stream.hasNext()) {
        Map<String, Object> row = stream.next();
        String id = idText(spec, row.get(JudgedRunColumns.ID));
        if (!seen.add(id)) {
          throw UserError.badInput(spec + ": id '" + id + "' appears twice; compare matches by id");
        }
        long textHash = hasTexts ? textHash(row) : 0;
        fingerprint += mix(id.hashCode() * 0x9E3779B97F4A7C15L ^ textHash);
        if (rows == ids.length) {
          ids = java.util.Arrays.copyOf(ids, rows * 2);
          textHashes = java.util.Arrays.copyOf(textHashes, rows * 2);
          answerHashes = java.util.Arrays.copyOf(answerHashes, rows * 2);
          scores = java.util.Arrays.copyOf(scores, rows * 2);
          refusals = java.util.Arrays.copyOf(refusals, rows * 2);
        }
        ids[rows] = id;
        textHashes[rows] = textHash;
        answerHashes[rows] = hasAnswers ? answerHash(row) : 0;
        Optional<ScoredPair> pair = JudgedRunColumns.scored(row);
        if (pair.isPresent()) {
          ScoredPair p = pair.get();
          if (p.category().isPresent() || p.issueScale().isPresent()) {
            // One object per distinct value instead of one per row: 115K rows keep a few KB.
            Optional<String> category =
                p.category().map(c -> categories.computeIfAbsent(c, x -> x));
            Optional<GroupValue> scale = p.issueScale().map(v -> scales.computeIfAbsent(v, x -> x));
            p =
                new ScoredPair(
                    p.judgeScore(),
                    p.person1Refusal(),
                    p.person2Refusal(),
                    p.person1NoInformation(),
                    p.person2NoInformation(),
                    scale,
                    category);
          }
          usable.add(p);
          scores[rows] = (byte) p.adjustedScore();
          refusals[rows] = p.anyRefusal();
        } else {
          scores[rows] = org.valbench.metrics.AlignedRun.NOT_SCORED;
          if (JudgedRunColumns.failed(row)) {
            failed++;
          } else {
            unusable++;
          }
        }
        for (String column : JudgedRunColumns.CANDIDATE_USAGE) {
          candidateTokens = add(candidateTokens, JudgedRunColumns.tokens(row, column));
        }
        judgeTokens = add(judgeTokens, JudgedRunColumns.tokens(row, JudgedRunColumns.JUDGE_USAGE));
        rows++;
      }
    }
    EvaluationMetrics metrics;
    try {
      metrics = PacMetrics.compute(usable, unusable, failed);
    } catch (NoUsableRowsException e) {
      throw UserError.badInput(spec + ": " + e.getMessage(), e);
    }
    Map<String, String> provenance =
        provenance(label, source, metrics, hasTexts ? fingerprint : 0, notes);
    JudgedRun run =
        new JudgedRun(
            spec,
            label,
            provenance,
            metrics,
            candidateTokens,
            judgeTokens,
            new int[rows],
            java.util.Arrays.copyOf(scores, rows),
            java.util.Arrays.copyOf(refusals, rows));
    return new Read(
        run,
        java.util.Arrays.copyOf(ids, rows),
        java.util.Arrays.copyOf(textHashes, rows),
        java.util.Arrays.copyOf(answerHashes, rows),
        notes);
  }

  private static void checkColumns(String spec, Schema schema) {
    List<String> missing =
        java.util.stream.Stream.of(
                JudgedRunColumns.ID, JudgedRunColumns.STATUS, JudgedRunColumns.PARSED)
            .filter(c -> !schema.has(c))
            .toList();
    if (!missing.isEmpty()) {
      throw UserError.badInput(
          spec
              + ": not a judged dataset written by 'valbench evaluate': missing column"
              + (missing.size() == 1 ? " '" : "s '")
              + String.join("', '", missing)
              + "' (found: "
              + String.join(", ", schema.names())
              + "); a dataset judged elsewhere can be scored first with 'valbench evaluate"
              + " --eval-output-ds-path'");
    }
  }

  private static String idText(String spec, Object id) {
    return switch (id) {
      case null -> throw UserError.badInput(spec + ": a row has a null id; compare matches by id");
      case String s -> s;
      case Number n -> new java.math.BigDecimal(n.toString()).stripTrailingZeros().toPlainString();
      default -> throw UserError.badInput(spec + ": id " + id + " is not text or a number");
    };
  }

  private static long textHash(Map<String, Object> row) {
    long h = 1;
    for (String column : JudgedRunColumns.QUESTIONS) {
      h = mix(h * 31 + String.valueOf(row.get(column)).hashCode());
    }
    return h == 0 ? 1 : h;
  }

  /** A hash of both answers' texts (the content of a {@code {content, role}} struct). */
  private static long answerHash(Map<String, Object> row) {
    long h = 7;
    for (String column : JudgedRunColumns.ANSWERS) {
      Object answer = row.get(column);
      Object text = answer instanceof Map<?, ?> message ? message.get("content") : answer;
      h = mix(h * 31 + String.valueOf(text).hashCode());
    }
    return h == 0 ? 1 : h;
  }

  /** SplitMix64's finaliser: spreads the bits so sums and comparisons of hashes behave. */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  private static long add(long total, long more) {
    return more < 0 ? total : Math.max(total, 0) + more;
  }

  private Map<String, String> provenance(
      String label,
      DatasetSource source,
      EvaluationMetrics metrics,
      long fingerprint,
      List<String> notes) {
    Map<String, String> recorded = new HashMap<>(description(source));
    Optional<Path> summary = summary(source, metrics, label, notes);
    String version = UNKNOWN;
    if (summary.isPresent()) {
      try {
        JsonNode root = JSON.readTree(summary.get().toFile());
        version = root.path(JudgedRunColumns.VERSION).asText(UNKNOWN);
        root.path("parameters")
            .properties()
            .forEach(
                e -> {
                  if (!e.getValue().isNull()) {
                    recorded.put(e.getKey(), e.getValue().asText());
                  }
                });
      } catch (java.io.IOException e) {
        notes.add(label + ": " + shown(summary.get()) + " could not be read; not used");
        summary = Optional.empty();
      }
    }
    Map<String, String> p = new LinkedHashMap<>();
    String responses = recorded.get(JudgedRunColumns.RESPONSES);
    p.put(
        "model",
        recorded.getOrDefault(
            JudgedRunColumns.MODEL,
            responses == null ? UNKNOWN : Path.of(responses).getFileName().toString()));
    p.put("judge", recorded.getOrDefault(JudgedRunColumns.JUDGE, UNKNOWN));
    p.put("judge_prompt_sha256", recorded.getOrDefault(JudgedRunColumns.PROMPT_SHA, UNKNOWN));
    String protocol = recorded.get(JudgedRunColumns.PROTOCOL);
    String commit = recorded.get(JudgedRunColumns.PROTOCOL_COMMIT);
    p.put(
        "protocol",
        protocol == null
            ? UNKNOWN
            : commit == null || commit.equals("null") ? protocol : protocol + "@" + commit);
    String reverse = recorded.get(JudgedRunColumns.REVERSE);
    p.put(
        "pair_order",
        reverse == null ? UNKNOWN : Boolean.parseBoolean(reverse) ? "against-first" : "for-first");
    p.put(
        "pairs_fingerprint",
        fingerprint == 0 ? UNKNOWN : String.format(java.util.Locale.ROOT, "%016x", fingerprint));
    p.put("responses_dataset", responses == null ? UNKNOWN : responses);
    p.put("valbench_version", version);
    p.put("summary_json", summary.map(this::shown).orElse(UNKNOWN));
    return p;
  }

  /** The {@code k=v} pairs of "Written by valbench; k=v; ..." in the dataset's description. */
  private static Map<String, String> description(DatasetSource source) {
    Map<String, String> fields = new HashMap<>();
    for (Path file : source.files()) {
      if (!file.getFileName().toString().equals(JudgedRunColumns.DATASET_INFO)) {
        continue;
      }
      try {
        String text = JSON.readTree(file.toFile()).path("description").asText("");
        if (text.startsWith("Written by valbench")) {
          for (String part : text.split("; ")) {
            int eq = part.indexOf('=');
            if (eq > 0 && !part.substring(eq + 1).equals("null")) {
              fields.put(part.substring(0, eq), part.substring(eq + 1));
            }
          }
        }
      } catch (java.io.IOException | RuntimeException e) {
        return fields; // a description is a bonus: without one the fields stay unknown
      }
    }
    return fields;
  }

  /**
   * The {@code summary.json} evaluate wrote for this judged dataset: {@code <prefix>-<judge>-
   * evaluation} has its report in {@code evaluation_results/<prefix>-<judge>/}, looked for next to
   * the dataset's folder and in the working directory. Used only when its row counts are the ones
   * read here.
   */
  private Optional<Path> summary(
      DatasetSource source, EvaluationMetrics metrics, String label, List<String> notes) {
    if (source.files().isEmpty()) {
      return Optional.empty();
    }
    Path folder = source.files().get(0).toAbsolutePath().getParent();
    String name = folder.getFileName().toString();
    if (!name.endsWith(JudgedRunColumns.JUDGED_SUFFIX)) {
      return Optional.empty();
    }
    String report = name.substring(0, name.length() - JudgedRunColumns.JUDGED_SUFFIX.length());
    List<Path> candidates = new ArrayList<>();
    if (folder.getParent() != null && folder.getParent().getParent() != null) {
      candidates.add(
          folder.getParent().getParent().resolve(JudgedRunColumns.REPORTS).resolve(report));
    }
    candidates.add(workDir.resolve(JudgedRunColumns.REPORTS).resolve(report));
    for (Path dir : candidates) {
      Path file = dir.resolve(JudgedRunColumns.SUMMARY).normalize();
      if (!Files.isRegularFile(file)) {
        continue;
      }
      try {
        JsonNode counts = JSON.readTree(file.toFile()).path("counts");
        if (counts.path("rows").asLong(-1) == metrics.totalRows()
            && counts.path("usable").asLong(-1) == metrics.usable()) {
          return Optional.of(file);
        }
        notes.add(
            label
                + ": "
                + shown(file)
                + " counts other rows than the dataset (an older report?); not used");
      } catch (java.io.IOException | RuntimeException e) {
        notes.add(label + ": " + shown(file) + " is not readable JSON; not used");
      }
    }
    return Optional.empty();
  }

  private String shown(Path file) {
    Path absolute = file.toAbsolutePath().normalize();
    Path base = workDir.toAbsolutePath().normalize();
    return absolute.startsWith(base) ? base.relativize(absolute).toString() : absolute.toString();
  }
}
