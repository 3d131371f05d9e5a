package org.valbench.flows;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.valbench.common.UserError;
import org.valbench.dataset.ColumnType;
import org.valbench.dataset.Field;
import org.valbench.dataset.Schema;

/**
 * Answers are joined to pairs by {@code id}: rows of a dataset without one get {@code
 * row-000001}... by position; duplicate ids are refused, since they would mix answers up. Applied
 * row by row as a dataset is streamed.
 */
final class RowIds {
  private final Schema schema;
  private final boolean synthesize;
  private final String source;
  private final Set<String> seen = new HashSet<>();
  private long index;

  /** For rows of {@code schema}; {@code source} names the dataset in messages. */
  RowIds(Schema schema, String source) {
    this.synthesize = !schema.has("id");
    this.source = source;
    if (synthesize) {
      List<Field> fields = new ArrayList<>();
      fields.add(Field.of("id", ColumnType.STRING));
      fields.addAll(schema.fields());
      this.schema = new Schema(fields);
    } else {
      this.schema = schema;
    }
  }

  /** The schema of the rows {@link #apply} returns: an {@code id} column first when added. */
  Schema schema() {
    return schema;
  }

  /** The next row, with its id (added when the dataset has none); refuses a repeated id. */
  Map<String, Object> apply(Map<String, Object> row) {
    index++;
    if (synthesize) {
      Map<String, Object> withId = new LinkedHashMap<>();
      withId.put("id", String.format(java.util.Locale.ROOT, "row-%06d", index));
      withId.putAll(row);
      return withId;
    }
    String id = String.valueOf(row.get("id"));
    if (!seen.add(id)) {
      throw UserError.badInput(
          source + ": row " + index + " repeats id '" + id + "'; ids must be unique");
    }
    return row;
  }
}
