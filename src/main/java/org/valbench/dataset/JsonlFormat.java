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

  public static Table read(Path file) throws IOException {
    return read(Files.newBufferedReader(file, StandardCharsets.UTF_8), file.toString());
  }

  /** Reads from any reader; {@code name} is used in error messages. */
  public static Table read(BufferedReader reader, String name) throws IOException {
    Map<String, ColumnType> types = new LinkedHashMap<>();
    List<Map<String, Object>> values = new ArrayList<>();
    try (reader) {
      String line;
      int lineNumber = 0;
      while ((line = reader.readLine()) != null) {
        lineNumber++;
        if (line.isBlank()) {
          continue;
        }
        JsonNode node;
        try {
          node = JSON.readTree(line);
        } catch (JsonProcessingException e) {
          throw new DatasetFormatException(
              name
                  + ": line "
                  + lineNumber
                  + " is not valid JSON ("
                  + e.getOriginalMessage()
                  + ")");
        }
        if (!node.isObject()) {
          throw new DatasetFormatException(name + ": line " + lineNumber + " is not a JSON object");
        }
        Map<String, Object> row = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> entry = it.next();
          String column = entry.getKey();
          ColumnType seen = TypeInference.of(entry.getValue());
          try {
            types.merge(column, seen, TypeInference::unify);
          } catch (IllegalArgumentException e) {
            throw new DatasetFormatException(
                name + ": line " + lineNumber + ", column '" + column + "': " + e.getMessage());
          }
          row.put(column, entry.getValue());
        }
        values.add(row);
      }
    }
    List<Field> fields = new ArrayList<>();
    types.forEach((column, type) -> fields.add(Field.of(column, type)));
    Schema schema = new Schema(fields);
    List<Map<String, Object>> rows = new ArrayList<>(values.size());
    for (Map<String, Object> raw : values) {
      Map<String, Object> row = new LinkedHashMap<>();
      for (Field field : fields) {
        JsonNode node = (JsonNode) raw.get(field.name());
        row.put(field.name(), node == null ? null : TypeInference.convert(node, field.type()));
      }
      rows.add(row);
    }
    return new Table(schema, rows);
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
