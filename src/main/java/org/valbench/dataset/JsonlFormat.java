package org.valbench.dataset;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
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

  /** Opens the bytes again for each pass over them. */
  @FunctionalInterface
  public interface Source {
    InputStream open() throws IOException;
  }

  public static Table read(Path file) throws IOException {
    return open(file).toTable();
  }

  /** Streams the rows of {@code file}. */
  public static RowStream open(Path file) throws IOException {
    return open(() -> Files.newInputStream(file), file.toString());
  }

  /**
   * Streams the rows of a JSON Lines text in two passes: the first infers every column's type from
   * all values, the second converts each line as it is read. Only one line is in memory at a time.
   */
  public static RowStream open(Source source, String name) throws IOException {
    Map<String, ColumnType> types = new LinkedHashMap<>();
    // Columns holding an integer beyond 64 bits, with the first line that has one.
    Map<String, Long> wideIntegers = new LinkedHashMap<>();
    try (Lines lines = new Lines(source.open(), name)) {
      JsonNode node;
      while ((node = lines.next()) != null) {
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> entry = it.next();
          String column = entry.getKey();
          ColumnType seen = TypeInference.of(entry.getValue());
          if (TypeInference.isWideInteger(entry.getValue())) {
            wideIntegers.putIfAbsent(column, lines.number);
          }
          try {
            types.merge(column, seen, TypeInference::unify);
          } catch (IllegalArgumentException e) {
            throw new DatasetFormatException(
                name + ": line " + lines.number + ", column '" + column + "': " + e.getMessage());
          }
        }
      }
    }
    // No Arrow integer type holds such a value (pyarrow would turn the column into float64 and
    // lose digits): the column becomes text with every number's exact digits.
    wideIntegers.forEach(
        (column, line) -> {
          if (!types.get(column).equals(ColumnType.INT64)) {
            throw new DatasetFormatException(
                name
                    + ": line "
                    + line
                    + ", column '"
                    + column
                    + "': an integer beyond 64 bits in a column of "
                    + types.get(column).describe()
                    + " values cannot be kept exactly");
          }
          types.put(column, ColumnType.STRING);
        });
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
          try {
            row.put(
                field.name(), value == null ? null : TypeInference.convert(value, field.type()));
          } catch (IllegalArgumentException e) {
            close();
            throw new DatasetFormatException(
                name
                    + ": line "
                    + lines.number
                    + ", column '"
                    + field.name()
                    + "': "
                    + e.getMessage());
          }
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
    private final Utf8Lines reader;
    private final String name;
    long number;

    Lines(InputStream in, String name) {
      this.reader = new Utf8Lines(in, name);
      this.name = name;
    }

    /** The next object, or null at the end. */
    JsonNode next() throws IOException {
      String line;
      while ((line = reader.next()) != null) {
        number = reader.number();
        if (line.isBlank()) {
          continue;
        }
        JsonNode node;
        try (JsonParser parser = JSON.createParser(line)) {
          node = JSON.readTree(parser);
          if (!atEnd(parser)) {
            throw new DatasetFormatException(
                name
                    + ": line "
                    + number
                    + " is not valid JSON (extra data after the first JSON value)");
          }
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

  /**
   * True when nothing but whitespace follows the value just read. A second object or any text after
   * it is extra data, as Python's {@code json.loads} says; it would otherwise vanish silently.
   */
  private static boolean atEnd(JsonParser parser) {
    try {
      return parser.nextToken() == null;
    } catch (IOException e) {
      return false;
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
