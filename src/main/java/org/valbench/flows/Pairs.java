package org.valbench.flows;

import java.util.List;
import java.util.Map;
import org.valbench.common.UserError;
import org.valbench.dataset.ColumnType;
import org.valbench.dataset.Field;
import org.valbench.dataset.Schema;
import org.valbench.dataset.Table;

/** The VAL-Bench pair contract: which columns a dataset of pairs must have. */
public final class Pairs {
  /** Columns every pair needs; all others are carried through untouched. */
  public static final List<String> REQUIRED =
      List.of(PairColumns.ISSUE_DESCRIPTION, Side.FOR.question(), Side.AGAINST.question());

  private Pairs() {}

  /**
   * Checks that {@code table} has the required columns as strings and that no row leaves one empty.
   * {@code source} names the dataset in messages.
   */
  public static Table validate(Table table, String source) {
    validateSchema(table.schema(), source);
    for (int i = 0; i < table.size(); i++) {
      validateRow(table.rows().get(i), i, source);
    }
    return table;
  }

  /** Checks that {@code schema} has the required columns, as text. */
  public static void validateSchema(Schema schema, String source) {
    requireColumns(schema, source, REQUIRED);
    for (String column : REQUIRED) {
      Field field = schema.field(column).orElseThrow();
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
  }

  /** Checks that row {@code index} (from 0) fills every required column. */
  public static void validateRow(Map<String, Object> row, long index, String source) {
    for (String column : REQUIRED) {
      Object value = row.get(column);
      if (value == null || value.toString().isBlank()) {
        Object id = row.get(PairColumns.ID);
        throw UserError.badInput(
            source
                + ": row "
                + (index + 1)
                + (id == null ? "" : " (id " + id + ")")
                + " has an empty '"
                + column
                + "'");
      }
    }
  }

  /** Fails with a message naming the first missing column, the dataset and the columns found. */
  public static void requireColumns(Schema schema, String source, List<String> columns) {
    for (String column : columns) {
      if (!schema.has(column)) {
        throw UserError.badInput(
            source
                + ": missing required column '"
                + column
                + "' (found: "
                + String.join(", ", schema.names())
                + ")");
      }
    }
  }
}
