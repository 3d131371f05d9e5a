package org.valbench.dataset;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.BaseIntVector;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float2Vector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.LargeVarCharVector;
import org.apache.arrow.vector.NullVector;
import org.apache.arrow.vector.UInt1Vector;
import org.apache.arrow.vector.UInt2Vector;
import org.apache.arrow.vector.UInt4Vector;
import org.apache.arrow.vector.UInt8Vector;
import org.apache.arrow.vector.ValueVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.complex.BaseRepeatedValueVector;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.complex.LargeListVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.FieldType;

/** Conversions between Arrow types/vectors and valbench column types/values. */
final class ArrowValues {
  private ArrowValues() {}

  // ---- types ----

  static org.apache.arrow.vector.types.pojo.Field toArrow(Field field) {
    return toArrow(field.name(), field.type());
  }

  private static org.apache.arrow.vector.types.pojo.Field toArrow(String name, ColumnType type) {
    return switch (type) {
      case ColumnType.Scalar scalar ->
          new org.apache.arrow.vector.types.pojo.Field(
              name, FieldType.nullable(arrowScalar(scalar.kind())), null);
      case ColumnType.Struct struct -> {
        List<org.apache.arrow.vector.types.pojo.Field> children = new ArrayList<>();
        for (Field child : struct.fields()) {
          children.add(toArrow(child));
        }
        yield new org.apache.arrow.vector.types.pojo.Field(
            name, FieldType.nullable(ArrowType.Struct.INSTANCE), children);
      }
      // "item" is the child name pyarrow and datasets use for list elements.
      case ColumnType.ListOf list ->
          new org.apache.arrow.vector.types.pojo.Field(
              name,
              FieldType.nullable(ArrowType.List.INSTANCE),
              List.of(toArrow("item", list.element())));
    };
  }

  private static ArrowType arrowScalar(ColumnType.Kind kind) {
    return switch (kind) {
      case STRING -> ArrowType.Utf8.INSTANCE;
      case LARGE_STRING -> ArrowType.LargeUtf8.INSTANCE;
      case INT64 -> new ArrowType.Int(64, true);
      case INT32 -> new ArrowType.Int(32, true);
      case FLOAT64 -> new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);
      case FLOAT32 -> new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE);
      case BOOL -> ArrowType.Bool.INSTANCE;
      case NULL -> ArrowType.Null.INSTANCE;
    };
  }

  static ColumnType fromArrow(org.apache.arrow.vector.types.pojo.Field field, String where) {
    ArrowType type = field.getType();
    return switch (type.getTypeID()) {
      case Utf8, Utf8View -> ColumnType.STRING;
      case LargeUtf8 -> ColumnType.LARGE_STRING;
      // Unsigned 32-bit values need 64 bits; unsigned 64-bit ones are read as int64 and any value
      // above its range is refused (see read), never wrapped.
      case Int -> {
        ArrowType.Int integer = (ArrowType.Int) type;
        boolean wide =
            integer.getBitWidth() == 64 || (integer.getBitWidth() == 32 && !integer.getIsSigned());
        yield wide ? ColumnType.INT64 : ColumnType.INT32;
      }
      case FloatingPoint ->
          ((ArrowType.FloatingPoint) type).getPrecision() == FloatingPointPrecision.DOUBLE
              ? ColumnType.FLOAT64
              : ColumnType.FLOAT32;
      case Bool -> ColumnType.BOOL;
      case Null -> ColumnType.NULL;
      case Struct -> {
        List<Field> children = new ArrayList<>();
        for (org.apache.arrow.vector.types.pojo.Field child : field.getChildren()) {
          children.add(Field.of(child.getName(), fromArrow(child, where)));
        }
        yield new ColumnType.Struct(children);
      }
      case List, LargeList, FixedSizeList ->
          new ColumnType.ListOf(fromArrow(field.getChildren().get(0), where));
      default ->
          throw new DatasetFormatException(
              where
                  + ": column '"
                  + field.getName()
                  + "' has Arrow type "
                  + type
                  + ", which valbench does not read (strings, integers, floats, booleans,"
                  + " structs and lists are supported)");
    };
  }

  // ---- reading values ----

  static Object read(ValueVector vector, int index) {
    if (vector.isNull(index)) {
      return null;
    }
    return switch (vector) {
      case VarCharVector v -> {
        checkSpan(v, v.getStartOffset(index), v.getEndOffset(index), v.getDataBuffer().capacity());
        yield new String(v.get(index), StandardCharsets.UTF_8);
      }
      case LargeVarCharVector v -> {
        long start = v.getOffsetBuffer().getLong((long) index * 8);
        long end = v.getOffsetBuffer().getLong((long) (index + 1) * 8);
        checkSpan(v, start, end, v.getDataBuffer().capacity());
        yield new String(v.get(index), StandardCharsets.UTF_8);
      }
      case UInt8Vector v -> {
        long value = v.get(index);
        if (value < 0) {
          throw new ArithmeticException(
              "unsigned integer "
                  + Long.toUnsignedString(value)
                  + " is beyond the signed 64-bit range of an int64 column");
        }
        yield value;
      }
      case UInt4Vector v -> Integer.toUnsignedLong(v.get(index));
      case UInt2Vector v -> (long) v.get(index);
      case UInt1Vector v -> Byte.toUnsignedLong(v.get(index));
      case BaseIntVector v -> v.getValueAsLong(index);
      case Float8Vector v -> v.get(index);
      case Float4Vector v -> (double) v.get(index);
      // Half-precision floats (float16) widen exactly to a double.
      case Float2Vector v -> v.getValueAsDouble(index);
      case BitVector v -> v.get(index) != 0;
      case StructVector v -> {
        Map<String, Object> fields = new LinkedHashMap<>();
        for (FieldVector child : v.getChildrenFromFields()) {
          fields.put(child.getName(), read(child, index));
        }
        yield fields;
      }
      case ListVector v -> {
        long start = v.getElementStartIndex(index);
        long end = v.getElementEndIndex(index);
        checkSpan(v, start, end, v.getDataVector().getValueCount());
        yield readList(v.getDataVector(), start, end);
      }
      case LargeListVector v -> {
        long start = v.getElementStartIndex(index);
        long end = v.getElementEndIndex(index);
        checkSpan(v, start, end, v.getDataVector().getValueCount());
        yield readList(v.getDataVector(), start, end);
      }
      case FixedSizeListVector v -> {
        long start = (long) index * v.getListSize();
        long end = start + v.getListSize();
        checkSpan(v, start, end, v.getDataVector().getValueCount());
        yield readList(v.getDataVector(), start, end);
      }
      case BaseRepeatedValueVector v ->
          throw new IllegalStateException("unexpected list vector " + v.getClass().getSimpleName());
      default -> String.valueOf(vector.getObject(index));
    };
  }

  /**
   * Offsets read from a file are checked before they size an allocation: a damaged one would
   * otherwise ask for gigabytes before Arrow's bounds checks run.
   */
  private static void checkSpan(ValueVector vector, long start, long end, long available) {
    if (start < 0 || end < start || end > available) {
      throw new IllegalArgumentException(
          "column '"
              + vector.getName()
              + "' has offsets "
              + start
              + ".."
              + end
              + " beyond its "
              + available
              + " values");
    }
  }

  private static List<Object> readList(ValueVector data, long start, long end) {
    List<Object> items = new ArrayList<>((int) (end - start));
    for (long i = start; i < end; i++) {
      items.add(read(data, (int) i));
    }
    return items;
  }

  // ---- writing values ----

  static void write(FieldVector vector, int index, Object value) {
    if (value == null) {
      setNull(vector, index);
      return;
    }
    switch (vector) {
      case VarCharVector v -> v.setSafe(index, text(value).getBytes(StandardCharsets.UTF_8));
      case LargeVarCharVector v -> v.setSafe(index, text(value).getBytes(StandardCharsets.UTF_8));
      case BigIntVector v -> v.setSafe(index, number(value, v).longValue());
      case IntVector v -> v.setSafe(index, Math.toIntExact(number(value, v).longValue()));
      case Float8Vector v -> v.setSafe(index, number(value, v).doubleValue());
      case Float4Vector v -> v.setSafe(index, number(value, v).floatValue());
      case BitVector v -> v.setSafe(index, bool(value, v) ? 1 : 0);
      case NullVector v -> {}
      case StructVector v -> {
        Map<?, ?> fields = cast(value, Map.class, v);
        v.setIndexDefined(index);
        for (FieldVector child : v.getChildrenFromFields()) {
          write(child, index, fields.get(child.getName()));
        }
      }
      case ListVector v -> {
        List<?> items = cast(value, List.class, v);
        int start = v.startNewValue(index);
        FieldVector data = v.getDataVector();
        for (int i = 0; i < items.size(); i++) {
          write(data, start + i, items.get(i));
        }
        v.endValue(index, items.size());
      }
      default -> throw new IllegalStateException("no writer for " + vector.getClass());
    }
  }

  private static void setNull(FieldVector vector, int index) {
    switch (vector) {
      case NullVector v -> {}
      case StructVector v -> {
        v.setNull(index);
        for (FieldVector child : v.getChildrenFromFields()) {
          setNull(child, index);
        }
      }
      case ListVector v -> v.setNull(index);
      case VarCharVector v -> v.setNull(index);
      case LargeVarCharVector v -> v.setNull(index);
      case BigIntVector v -> v.setNull(index);
      case IntVector v -> v.setNull(index);
      case Float8Vector v -> v.setNull(index);
      case Float4Vector v -> v.setNull(index);
      case BitVector v -> v.setNull(index);
      default -> throw new IllegalStateException("no writer for " + vector.getClass());
    }
  }

  private static String text(Object value) {
    return value instanceof String s ? s : String.valueOf(value);
  }

  private static Number number(Object value, ValueVector vector) {
    return cast(value, Number.class, vector);
  }

  private static boolean bool(Object value, ValueVector vector) {
    return cast(value, Boolean.class, vector);
  }

  private static <T> T cast(Object value, Class<T> type, ValueVector vector) {
    if (!type.isInstance(value)) {
      throw new IllegalArgumentException(
          "column '"
              + vector.getName()
              + "' expects "
              + type.getSimpleName()
              + " but got "
              + value.getClass().getSimpleName());
    }
    return type.cast(value);
  }
}
