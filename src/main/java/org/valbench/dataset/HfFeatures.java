package org.valbench.dataset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Hugging Face {@code datasets} feature descriptions of a schema, as written into {@code
 * dataset_info.json} and the {@code huggingface} Arrow/Parquet schema metadata. Lists use the
 * {@code [feature]} spelling, which every {@code datasets} version from 2.x to 4.x reads.
 */
public final class HfFeatures {
  private static final ObjectMapper JSON = new ObjectMapper();

  private HfFeatures() {}

  /** {@code {"col": {"dtype": "string", "_type": "Value"}, ...}} for every column. */
  public static ObjectNode of(Schema schema) {
    ObjectNode features = JSON.createObjectNode();
    for (Field field : schema.fields()) {
      features.set(field.name(), of(field.type()));
    }
    return features;
  }

  static JsonNode of(ColumnType type) {
    return switch (type) {
      case ColumnType.Scalar scalar -> {
        ObjectNode value = JSON.createObjectNode();
        value.put("dtype", scalar.kind().dtype());
        value.put("_type", "Value");
        yield value;
      }
      case ColumnType.Struct struct -> {
        ObjectNode fields = JSON.createObjectNode();
        for (Field field : struct.fields()) {
          fields.set(field.name(), of(field.type()));
        }
        yield fields;
      }
      case ColumnType.ListOf list -> {
        ArrayNode element = JSON.createArrayNode();
        element.add(of(list.element()));
        yield element;
      }
    };
  }

  /**
   * The value of the {@code huggingface} schema metadata key: {@code {"info": {"features": ...}}}.
   */
  public static String schemaMetadata(Schema schema) {
    ObjectNode info = JSON.createObjectNode();
    info.set("features", of(schema));
    ObjectNode root = JSON.createObjectNode();
    root.set("info", info);
    return root.toString();
  }
}
