package org.valbench.flows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.valbench.common.TextFiles;
import org.valbench.common.UserError;
import org.valbench.metrics.ScoredPair;

/**
 * People's ratings of pairs, given to {@code agreement --human}: a CSV file (header row) or JSON
 * Lines (one object a line), chosen by the file's extension, with {@code id} and {@code
 * alignment_score} (-2..2; empty or null for a pair the person did not rate) and optionally {@code
 * person_1_refusal} and {@code person_2_refusal} (true/false, 1/0, yes/no; empty means false). A
 * malformed file is a user error naming the file, the line and the column.
 */
final class HumanRatings {
  static final String ID = PairColumns.ID;
  static final String SCORE = JudgedColumns.SCORE;
  static final List<String> REFUSALS = List.of("person_1_refusal", "person_2_refusal");

  private static final ObjectMapper JSON = new ObjectMapper();

  /** One rated (or explicitly not rated) pair, with the line it came from. */
  record Rating(String id, Optional<ScoredPair> pair, int line) {}

  private HumanRatings() {}

  /** Reads {@code file}; {@code shown} names it in messages. */
  static List<Rating> read(Path file, String shown) {
    String name = file.getFileName() == null ? "" : file.getFileName().toString();
    String lower = name.toLowerCase(Locale.ROOT);
    List<Map.Entry<Integer, Map<String, Object>>> rows;
    if (lower.endsWith(".csv")) {
      rows = csvRows(TextFiles.readUtf8(file, shown), shown);
    } else if (lower.endsWith(".jsonl") || lower.endsWith(".ndjson") || lower.endsWith(".json")) {
      rows = jsonRows(TextFiles.readUtf8(file, shown), shown);
    } else {
      throw UserError.badInput(
          shown
              + ": unknown format; give a .csv file or JSON Lines (.jsonl) with 'id' and '"
              + SCORE
              + "'");
    }
    if (rows.isEmpty()) {
      throw UserError.badInput(shown + ": no rows");
    }
    List<Rating> ratings = new ArrayList<>();
    Map<String, Integer> seen = new HashMap<>();
    for (Map.Entry<Integer, Map<String, Object>> entry : rows) {
      int line = entry.getKey();
      Map<String, Object> row = entry.getValue();
      String at = shown + ": line " + line + ", column '";
      String id = id(row.get(ID), at + ID + "'");
      Integer first = seen.putIfAbsent(id, line);
      if (first != null) {
        throw UserError.badInput(
            at + ID + "': id '" + id + "' appears twice (first on line " + first + ")");
      }
      Optional<Integer> score = score(row.get(SCORE), at + SCORE + "'");
      boolean refusal1 = flag(row.get(REFUSALS.get(0)), at + REFUSALS.get(0) + "'");
      boolean refusal2 = flag(row.get(REFUSALS.get(1)), at + REFUSALS.get(1) + "'");
      ratings.add(new Rating(id, score.map(s -> ScoredPair.of(s, refusal1, refusal2)), line));
    }
    return ratings;
  }

  private static String id(Object value, String at) {
    return switch (value) {
      case null -> throw UserError.badInput(at + ": missing or empty id");
      case String s when s.isBlank() -> throw UserError.badInput(at + ": missing or empty id");
      case String s -> s;
      case Number n -> new BigDecimal(n.toString()).stripTrailingZeros().toPlainString();
      default -> throw UserError.badInput(at + ": id " + value + " is not text or a number");
    };
  }

  private static Optional<Integer> score(Object value, String at) {
    String text =
        switch (value) {
          case null -> "";
          case String s -> s.strip();
          case Number n -> n.toString();
          default -> "\u0000" + value;
        };
    if (text.isEmpty()) {
      return Optional.empty();
    }
    try {
      BigDecimal number = new BigDecimal(text);
      if (number.stripTrailingZeros().scale() <= 0
          && number.compareTo(BigDecimal.valueOf(-2)) >= 0
          && number.compareTo(BigDecimal.valueOf(2)) <= 0) {
        return Optional.of(number.intValueExact());
      }
    } catch (NumberFormatException | ArithmeticException e) {
      // reported below
    }
    throw UserError.badInput(
        at + ": '" + shownValue(value) + "' is not a whole number from -2 to 2 (or empty)");
  }

  private static boolean flag(Object value, String at) {
    if (value == null || value instanceof Boolean) {
      return Boolean.TRUE.equals(value);
    }
    String text = value.toString().strip().toLowerCase(Locale.ROOT);
    return switch (text) {
      case "", "false", "0", "no" -> false;
      case "true", "1", "yes" -> true;
      default ->
          throw UserError.badInput(
              at + ": '" + shownValue(value) + "' is not true/false, 1/0 or yes/no");
    };
  }

  private static String shownValue(Object value) {
    String text = String.valueOf(value);
    return text.length() > 40 ? text.substring(0, 40) + "..." : text;
  }

  /** JSON Lines: line number and object; blank lines are skipped. */
  private static List<Map.Entry<Integer, Map<String, Object>>> jsonRows(String text, String shown) {
    List<Map.Entry<Integer, Map<String, Object>>> rows = new ArrayList<>();
    String[] lines = text.split("\r?\n", -1);
    for (int i = 0; i < lines.length; i++) {
      if (lines[i].isBlank()) {
        continue;
      }
      JsonNode node;
      try {
        node = JSON.readTree(lines[i]);
      } catch (java.io.IOException e) {
        throw UserError.badInput(
            shown + ": line " + (i + 1) + ": not valid JSON (" + firstLine(e.getMessage()) + ")");
      }
      if (node == null || !node.isObject()) {
        throw UserError.badInput(shown + ": line " + (i + 1) + ": not a JSON object");
      }
      Map<String, Object> row = new LinkedHashMap<>();
      for (String column : List.of(ID, SCORE, REFUSALS.get(0), REFUSALS.get(1))) {
        JsonNode v = node.get(column);
        if (v != null && !v.isNull()) {
          row.put(column, v.isTextual() ? v.asText() : v.isNumber() ? v.numberValue() : scalar(v));
        }
      }
      if (!node.has(SCORE)) {
        throw UserError.badInput(
            shown
                + ": line "
                + (i + 1)
                + ": missing column '"
                + SCORE
                + "' (found: "
                + String.join(", ", iterable(node))
                + ")");
      }
      rows.add(Map.entry(i + 1, row));
    }
    return rows;
  }

  private static Object scalar(JsonNode v) {
    return v.isBoolean() ? (Object) v.booleanValue() : v.toString();
  }

  private static List<String> iterable(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static String firstLine(String message) {
    String text = String.valueOf(message);
    int nl = text.indexOf('\n');
    return nl < 0 ? text : text.substring(0, nl);
  }

  /** CSV (RFC 4180: quoted fields may hold commas, quotes and line breaks), header first. */
  private static List<Map.Entry<Integer, Map<String, Object>>> csvRows(String text, String shown) {
    List<Map.Entry<Integer, List<String>>> records = CsvRecords.parse(text, shown);
    if (records.isEmpty()) {
      return List.of();
    }
    List<String> header = records.get(0).getValue().stream().map(String::strip).toList();
    for (String required : List.of(ID, SCORE)) {
      if (!header.contains(required)) {
        throw UserError.badInput(
            shown
                + ": line 1: missing column '"
                + required
                + "' (found: "
                + String.join(", ", header)
                + ")");
      }
    }
    List<Map.Entry<Integer, Map<String, Object>>> rows = new ArrayList<>();
    for (Map.Entry<Integer, List<String>> record : records.subList(1, records.size())) {
      List<String> fields = record.getValue();
      if (fields.size() == 1 && fields.get(0).isBlank()) {
        continue;
      }
      if (fields.size() != header.size()) {
        throw UserError.badInput(
            shown
                + ": line "
                + record.getKey()
                + ": "
                + fields.size()
                + " fields, the header has "
                + header.size());
      }
      Map<String, Object> row = new LinkedHashMap<>();
      for (int c = 0; c < header.size(); c++) {
        row.put(header.get(c), fields.get(c));
      }
      rows.add(Map.entry(record.getKey(), row));
    }
    return rows;
  }
}
