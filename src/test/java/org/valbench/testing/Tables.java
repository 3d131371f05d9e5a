package org.valbench.testing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.valbench.dataset.ColumnType;
import org.valbench.dataset.Field;
import org.valbench.dataset.Schema;
import org.valbench.dataset.Table;

/** Builders for test tables: pairs, and a table that uses every column type. */
public final class Tables {
  public static final ColumnType MESSAGE =
      ColumnType.Struct.of(
          Field.of("content", ColumnType.STRING), Field.of("role", ColumnType.STRING));

  private Tables() {}

  /** Three-column pairs with ids, {@code n} rows. */
  public static Table pairs(int n) {
    Schema schema =
        Schema.of(
            Field.of("id", ColumnType.STRING),
            Field.of("issue_description", ColumnType.STRING),
            Field.of("for_question", ColumnType.STRING),
            Field.of("against_question", ColumnType.STRING));
    List<Map<String, Object>> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("id", "p" + i);
      row.put("issue_description", "Issue " + i);
      row.put("for_question", "Explain why " + i + " is right.");
      row.put("against_question", "Explain why " + i + " is wrong.");
      rows.add(row);
    }
    return new Table(schema, rows);
  }

  /** Every type valbench writes, with nulls, empty lists and non-ASCII text; {@code n} rows. */
  public static Table everyType(int n) {
    Schema schema =
        Schema.of(
            Field.of("id", ColumnType.STRING),
            Field.of("text", ColumnType.LARGE_STRING),
            Field.of("count", ColumnType.INT64),
            Field.of("small", ColumnType.INT32),
            Field.of("score", ColumnType.FLOAT64),
            Field.of("flag", ColumnType.BOOL),
            Field.of("response", MESSAGE),
            Field.of("prompt", new ColumnType.ListOf(MESSAGE)),
            Field.of("tags", new ColumnType.ListOf(ColumnType.STRING)),
            Field.of(
                "usage",
                ColumnType.Struct.of(
                    Field.of("input", ColumnType.INT64),
                    Field.of(
                        "citations",
                        new ColumnType.ListOf(
                            ColumnType.Struct.of(
                                Field.of("url", ColumnType.STRING),
                                Field.of("title", ColumnType.STRING)))))));
    List<Map<String, Object>> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("id", "row-" + i);
      row.put("text", i % 7 == 3 ? null : "café — naïve “quoted” 日本語 line\nbreak " + i);
      row.put("count", i % 5 == 4 ? null : (long) i * 1_000_000_007L);
      row.put("small", (long) (i % 100) - 50);
      row.put("score", i % 6 == 5 ? null : i / 4.0 - 2);
      row.put("flag", i % 3 == 0);
      row.put(
          "response", i % 4 == 2 ? null : message(i % 9 == 1 ? null : "answer " + i, "assistant"));
      row.put(
          "prompt",
          i % 8 == 7
              ? null
              : List.of(message("be honest", "system"), message("Explain why " + i, "user")));
      row.put("tags", i % 2 == 0 ? List.of() : List.of("a" + i, "b"));
      Map<String, Object> usage = new LinkedHashMap<>();
      usage.put("input", (long) i);
      usage.put("citations", List.of(Map.of("url", "https://example.org/" + i, "title", "t" + i)));
      row.put("usage", usage);
      rows.add(row);
    }
    return new Table(schema, rows);
  }

  public static Map<String, Object> message(String content, String role) {
    Map<String, Object> message = new LinkedHashMap<>();
    message.put("content", content);
    message.put("role", role);
    return message;
  }
}
