package org.valbench.dataset;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema.Type;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;

/** valbench schemas and rows as Avro schemas and records, for the Parquet writer. */
final class AvroTypes {
  private AvroTypes() {}

  static org.apache.avro.Schema toAvro(Schema schema) {
    return record("valbench_row", schema.fields(), new int[] {0});
  }

  private static org.apache.avro.Schema record(String name, List<Field> fields, int[] counter) {
    List<org.apache.avro.Schema.Field> avroFields = new ArrayList<>();
    for (Field field : fields) {
      avroFields.add(
          new org.apache.avro.Schema.Field(
              field.name(),
              nullable(avro(field.type(), counter)),
              null,
              org.apache.avro.Schema.Field.NULL_DEFAULT_VALUE));
    }
    return org.apache.avro.Schema.createRecord(name, null, "org.valbench", false, avroFields);
  }

  private static org.apache.avro.Schema avro(ColumnType type, int[] counter) {
    return switch (type) {
      case ColumnType.Scalar scalar ->
          switch (scalar.kind()) {
            case STRING, LARGE_STRING -> SchemaBuilder.builder().stringType();
            case INT64 -> SchemaBuilder.builder().longType();
            case INT32 -> SchemaBuilder.builder().intType();
            case FLOAT64 -> SchemaBuilder.builder().doubleType();
            case FLOAT32 -> SchemaBuilder.builder().floatType();
            case BOOL -> SchemaBuilder.builder().booleanType();
            case NULL -> SchemaBuilder.builder().nullType();
          };
      // Avro needs a distinct name for every nested record.
      case ColumnType.Struct struct -> record("struct_" + (++counter[0]), struct.fields(), counter);
      case ColumnType.ListOf list ->
          org.apache.avro.Schema.createArray(nullable(avro(list.element(), counter)));
    };
  }

  private static org.apache.avro.Schema nullable(org.apache.avro.Schema schema) {
    if (schema.getType() == Type.NULL) {
      return schema;
    }
    return org.apache.avro.Schema.createUnion(SchemaBuilder.builder().nullType(), schema);
  }

  /** Converts a valbench value to the Avro value {@code schema} expects. */
  static Object toAvroValue(Object value, org.apache.avro.Schema schema) {
    if (value == null) {
      return null;
    }
    return switch (schema.getType()) {
      case UNION -> toAvroValue(value, schema.getTypes().get(1));
      case RECORD -> {
        Map<?, ?> fields = (Map<?, ?>) value;
        GenericData.Record record = new GenericData.Record(schema);
        for (org.apache.avro.Schema.Field field : schema.getFields()) {
          record.put(field.pos(), toAvroValue(fields.get(field.name()), field.schema()));
        }
        yield record;
      }
      case ARRAY -> {
        List<?> items = (List<?>) value;
        List<Object> converted = new ArrayList<>(items.size());
        for (Object item : items) {
          converted.add(toAvroValue(item, schema.getElementType()));
        }
        yield new GenericData.Array<>(schema, converted);
      }
      case INT -> Math.toIntExact(((Number) value).longValue());
      case LONG -> ((Number) value).longValue();
      case FLOAT -> ((Number) value).floatValue();
      case DOUBLE -> ((Number) value).doubleValue();
      case STRING -> value.toString();
      default -> value;
    };
  }
}
