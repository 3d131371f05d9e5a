package org.valbench.dataset;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Column types inferred from JSON values, and the values converted to those types. */
final class TypeInference {
  private TypeInference() {}

  static ColumnType of(JsonNode node) {
    if (node.isNull() || node.isMissingNode()) {
      return ColumnType.NULL;
    }
    if (node.isBoolean()) {
      return ColumnType.BOOL;
    }
    if (node.isIntegralNumber()) {
      return ColumnType.INT64;
    }
    if (node.isNumber()) {
      return ColumnType.FLOAT64;
    }
    if (node.isTextual()) {
      return ColumnType.STRING;
    }
    if (node.isArray()) {
      ColumnType element = ColumnType.NULL;
      for (JsonNode item : node) {
        element = unify(element, of(item));
      }
      return new ColumnType.ListOf(element);
    }
    List<Field> fields = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      fields.add(Field.of(entry.getKey(), of(entry.getValue())));
    }
    return new ColumnType.Struct(fields);
  }

  /** The narrowest type holding both; null fits anything, an integer widens to a float. */
  static ColumnType unify(ColumnType a, ColumnType b) {
    if (a.equals(b) || b.equals(ColumnType.NULL)) {
      return a;
    }
    if (a.equals(ColumnType.NULL)) {
      return b;
    }
    if (isNumber(a) && isNumber(b)) {
      return ColumnType.FLOAT64;
    }
    if (a instanceof ColumnType.ListOf la && b instanceof ColumnType.ListOf lb) {
      return new ColumnType.ListOf(unify(la.element(), lb.element()));
    }
    if (a instanceof ColumnType.Struct sa && b instanceof ColumnType.Struct sb) {
      Map<String, ColumnType> merged = new LinkedHashMap<>();
      sa.fields().forEach(f -> merged.put(f.name(), f.type()));
      sb.fields().forEach(f -> merged.merge(f.name(), f.type(), TypeInference::unify));
      List<Field> fields = new ArrayList<>();
      merged.forEach((name, type) -> fields.add(Field.of(name, type)));
      return new ColumnType.Struct(fields);
    }
    throw new IllegalArgumentException(
        "values of different types (" + a.describe() + " and " + b.describe() + ")");
  }

  /** An integer that no 64-bit column can hold. */
  static boolean isWideInteger(JsonNode node) {
    return node.isIntegralNumber() && !node.canConvertToLong();
  }

  private static boolean isNumber(ColumnType type) {
    return type.equals(ColumnType.INT64) || type.equals(ColumnType.FLOAT64);
  }

  /**
   * The number as a 64-bit float, refusing what would change silently: an integer beyond 64 bits
   * (its last digits would be lost), a number too large for a double (it would become infinity) or
   * too small (it would become 0).
   */
  private static double toDouble(JsonNode node) {
    if (isWideInteger(node)) {
      throw new IllegalArgumentException(
          "integer " + node.asText() + " does not fit in 64 bits (in a column of decimals)");
    }
    double value = node.asDouble();
    if (Double.isInfinite(value)
        || (value == 0 && node.isBigDecimal() && node.decimalValue().signum() != 0)) {
      throw new IllegalArgumentException(
          "number " + node.asText() + " is outside the range of a 64-bit float");
    }
    return value;
  }

  static Object convert(JsonNode node, ColumnType type) {
    if (node == null || node.isNull()) {
      return null;
    }
    return switch (type) {
      case ColumnType.Scalar scalar ->
          switch (scalar.kind()) {
            // A number in a text column: an integer beyond 64 bits, kept digit for digit.
            case STRING, LARGE_STRING -> node.asText();
            case INT64, INT32 -> {
              if (isWideInteger(node)) {
                throw new IllegalArgumentException(
                    "integer " + node.asText() + " does not fit in 64 bits");
              }
              yield node.asLong();
            }
            case FLOAT64, FLOAT32 -> toDouble(node);
            case BOOL -> node.asBoolean();
            case NULL -> null;
          };
      case ColumnType.ListOf list -> {
        List<Object> items = new ArrayList<>(node.size());
        for (JsonNode item : node) {
          items.add(convert(item, list.element()));
        }
        yield items;
      }
      case ColumnType.Struct struct -> {
        Map<String, Object> fields = new LinkedHashMap<>();
        for (Field field : struct.fields()) {
          fields.put(field.name(), convert(node.get(field.name()), field.type()));
        }
        yield fields;
      }
    };
  }
}
