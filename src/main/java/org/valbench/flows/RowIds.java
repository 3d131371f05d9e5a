package org.valbench.flows;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.valbench.common.UserError;
import org.valbench.dataset.ColumnType;
import org.valbench.dataset.Field;
import org.valbench.dataset.RowStream;
import org.valbench.dataset.Schema;

/**
 * Answers are joined to pairs by {@code id}. An id may be text or a number (of any size the format
 * holds) and is written out unchanged, with its type. Rows without one (no {@code id} column, or a
 * null id) get {@code row-000001}... by position; as those are text, an id column of numbers with a
 * null in it becomes a text column (each number as its decimal digits). Duplicate ids are refused,
 * since they would mix answers up. Applied row by row as a dataset is streamed.
 */
final class RowIds {
  static final String ID = PairColumns.ID;

  private final Schema schema;
  private final Mode mode;
  private final String source;
  private final Set<String> seen = new HashSet<>();
  private long index;

  private enum Mode {
    /** No id column: one is added in front. */
    ADD,
    /** Ids kept as they are; null ones replaced (the column is text). */
    KEEP,
    /** A column of numbers with nulls: every id turned into text. */
    AS_TEXT
  }

  /**
   * For rows of {@code schema}; {@code source} names the dataset in messages. {@code ids} streams
   * the rows again (at least their id column) and is read only when the id column holds numbers, to
   * learn whether any of them is null; {@code limit} (negative: all) bounds that scan.
   */
  RowIds(Schema schema, String source, Supplier<RowStream> ids, long limit) {
    this.source = source;
    Field id = schema.field(ID).orElse(null);
    if (id == null) {
      mode = Mode.ADD;
      List<Field> fields = new ArrayList<>();
      fields.add(Field.of(ID, ColumnType.STRING));
      fields.addAll(schema.fields());
      this.schema = new Schema(fields);
      return;
    }
    if (!(id.type() instanceof ColumnType.Scalar scalar)) {
      throw UserError.badInput(
          source
              + ": column 'id' holds "
              + id.type().describe()
              + "; ids must be text or numbers (or the column left out)");
    }
    if (scalar.isString()) {
      mode = Mode.KEEP;
      this.schema = schema;
    } else if (scalar.kind() == ColumnType.Kind.NULL || hasNullId(ids, limit)) {
      mode = Mode.AS_TEXT;
      this.schema = schema.with(Field.of(ID, ColumnType.STRING));
    } else {
      mode = Mode.KEEP;
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
    String synthetic = String.format(java.util.Locale.ROOT, "row-%06d", index);
    Map<String, Object> result;
    if (mode == Mode.ADD) {
      result = new LinkedHashMap<>();
      result.put(ID, synthetic);
      result.putAll(row);
    } else {
      Object id = row.get(ID);
      if (id != null && mode == Mode.KEEP) {
        result = row;
      } else {
        result = new LinkedHashMap<>(row);
        result.put(ID, id == null ? synthetic : key(id));
      }
    }
    String key = key(result.get(ID));
    if (!seen.add(key)) {
      throw UserError.badInput(
          source + ": row " + index + " repeats id '" + key + "'; ids must be unique");
    }
    return result;
  }

  /**
   * The id as text, the form in which steps that only carry it (prompts, answers) store it and by
   * which their rows are matched to the pairs: 7 and "7" match, as one column holds one type.
   */
  static String key(Object id) {
    return String.valueOf(id);
  }

  private static boolean hasNullId(Supplier<RowStream> ids, long limit) {
    try (RowStream rows = ids.get()) {
      for (long i = 0; (limit < 0 || i < limit) && rows.hasNext(); i++) {
        if (rows.next().get(ID) == null) {
          return true;
        }
      }
      return false;
    }
  }
}
