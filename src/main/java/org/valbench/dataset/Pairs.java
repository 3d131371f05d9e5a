package org.valbench.dataset;

import java.util.List;
import java.util.Map;
import org.valbench.common.UserError;

/** The VAL-Bench pair contract: which columns a dataset of pairs must have. */
public final class Pairs {
  /** Columns every pair needs; all others are carried through untouched. */
  public static final List<String> REQUIRED =
      List.of("issue_description", "for_question", "against_question");

  private Pairs() {}

  /**
   * Checks that {@code table} has the required columns as strings and that no row leaves one empty.
   * {@code source} names the dataset in messages.
   */
  public static Table validate(Table table, String source) {
    requireColumns(table, source, REQUIRED);
    for (String column : REQUIRED) {
      Field field = table.schema().field(column).orElseThrow();
      if (!(field.type() instanceof ColumnType.Scalar scalar && scalar.isString())
          && !field.type().equals(ColumnType.NULL)) {
        throw UserError.badInput(
            source
                + ": column '"
                + column
                + "' should hold text but holds "
                + field.type().describe());
      }
    }
    for (int i = 0; i < table.size(); i++) {
      Map<String, Object> row = table.rows().get(i);
      for (String column : REQUIRED) {
        Object value = row.get(column);
        if (value == null || value.toString().isBlank()) {
          Object id = row.get("id");
          throw UserError.badInput(
              source
                  + ": row "
                  + (i + 1)
                  + (id == null ? "" : " (id " + id + ")")
                  + " has an empty '"
                  + column
                  + "'");
        }
      }
    }
    return table;
  }

  /** Fails with a message naming the first missing column, the dataset and the columns found. */
  public static void requireColumns(Table table, String source, List<String> columns) {
    for (String column : columns) {
      if (!table.schema().has(column)) {
        throw UserError.badInput(
            source
                + ": missing required column '"
                + column
                + "' (found: "
                + String.join(", ", table.schema().names())
                + ")");
      }
    }
  }
}
