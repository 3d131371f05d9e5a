package org.valbench.dataset;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON Lines: one JSON object per line. Column types are inferred from the values (integers,
 * floats, booleans, strings, objects as structs, arrays as lists; null fits any type).
 */
public final class JsonlFormat {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

  private JsonlFormat() {}

  /** Opens the text again for each pass over it. */
  @FunctionalInterface
  public interface Source {
    BufferedReader open() throws IOException;
  }

  public static Table read(Path file) throws IOException {
    return open(file).toTable();
  }

  /** Streams the rows of {@code file}. */
  public static RowStream open(Path file) throws IOException {
    return open(() -> Files.newBufferedReader(file, StandardCharsets.UTF_8), file.toString());
  }

  /**
   * Streams the rows of a JSON Lines text in two passes: the first infers every column's type from
   * all values, the second converts each line as it is read. Only one line is in memory at a time.
   */
  public static RowStream open(Source source, String name) throws IOException {
    Map<String, ColumnType> types = new LinkedHashMap<>();
    try (Lines lines = new Lines(source.open(), name)) {
      JsonNode node;
      while ((node = lines.next()) != null) {
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> entry = it.next();
          String column = entry.getKey();
          ColumnType seen = TypeInference.of(entry.getValue());
          try {
            types.merge(column, seen, TypeInference::unify);
          } catch (IllegalArgumentException e) {
            throw new DatasetFormatException(
                name + ": line " + lines.number + ", column '" + column + "': " + e.getMessage());
          }
        }
      }
    }
    List<Field> fields = new ArrayList<>();
    types.forEach((column, type) -> fields.add(Field.of(column, type)));
    Schema schema = new Schema(fields);
    Lines lines = new Lines(source.open(), name);
    return new FetchingRows() {
      @Override
      public Schema schema() {
        return schema;
      }

      @Override
      protected Map<String, Object> fetch() {
        JsonNode node;
        try {
          node = lines.next();
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(name + ": " + e.getMessage(), e);
        }
        if (node == null) {
          return null;
        }
        Map<String, Object> row = new LinkedHashMap<>();
        for (Field field : fields) {
          JsonNode value = node.get(field.name());
          row.put(field.name(), value == null ? null : TypeInference.convert(value, field.type()));
        }
        return row;
      }

      @Override
      public void close() {
        RowStream.closeQuietly(lines);
      }
    };
  }

  /** The JSON objects of a text, one per non-blank line, with the line number for errors. */
  private static final class Lines implements java.io.Closeable {
    private final BufferedReader reader;
    private final String name;
    int number;

    Lines(BufferedReader reader, String name) {
      this.reader = reader;
      this.name = name;
    }

    /** The next object, or null at the end. */
    JsonNode next() throws IOException {
      String line;
      while ((line = reader.readLine()) != null) {
        number++;
        if (line.isBlank()) {
          continue;
        }
        JsonNode node;
        try {
          node = JSON.readTree(line);
        } catch (JsonProcessingException e) {
          throw new DatasetFormatException(
              name + ": line " + number + " is not valid JSON (" + e.getOriginalMessage() + ")");
        }
        if (!node.isObject()) {
          throw new DatasetFormatException(name + ": line " + number + " is not a JSON object");
        }
        return node;
      }
      return null;
    }

    @Override
    public void close() throws IOException {
      reader.close();
    }
  }

  /** Writes one JSON object per row, columns in schema order. */
  public static void write(Table table, Path file) throws IOException {
    try (BufferedWriter writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      for (Map<String, Object> row : table.rows()) {
        Map<String, Object> ordered = Table.row(table.schema(), row);
        writer.write(JSON.writeValueAsString(ordered));
        writer.write('\n');
      }
    }
  }
}
