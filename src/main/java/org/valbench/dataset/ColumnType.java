package org.valbench.dataset;

import java.util.List;
import java.util.Objects;

/**
 * The type of a column, in the vocabulary shared by Arrow, Parquet and Hugging Face features:
 * scalars, structs (named fields) and lists. Values in a {@link Table} are String, Long, Double,
 * Boolean, {@code Map<String, Object>} for a struct, {@code List<Object>} for a list, or null.
 */
public sealed interface ColumnType permits ColumnType.Scalar, ColumnType.Struct, ColumnType.ListOf {

  ColumnType STRING = new Scalar(Kind.STRING);
  ColumnType LARGE_STRING = new Scalar(Kind.LARGE_STRING);
  ColumnType INT64 = new Scalar(Kind.INT64);
  ColumnType INT32 = new Scalar(Kind.INT32);
  ColumnType FLOAT64 = new Scalar(Kind.FLOAT64);
  ColumnType FLOAT32 = new Scalar(Kind.FLOAT32);
  ColumnType BOOL = new Scalar(Kind.BOOL);
  ColumnType NULL = new Scalar(Kind.NULL);

  /** Scalar kinds, named as Hugging Face {@code Value} dtypes. */
  enum Kind {
    STRING("string"),
    LARGE_STRING("large_string"),
    INT64("int64"),
    INT32("int32"),
    FLOAT64("float64"),
    FLOAT32("float32"),
    BOOL("bool"),
    NULL("null");

    private final String dtype;

    Kind(String dtype) {
      this.dtype = dtype;
    }

    public String dtype() {
      return dtype;
    }
  }

  /** A short human-readable form, e.g. {@code list<struct<content: string, role: string>>}. */
  String describe();

  /** A single value such as a string or an integer. */
  record Scalar(Kind kind) implements ColumnType {
    public Scalar {
      Objects.requireNonNull(kind, "kind");
    }

    @Override
    public String describe() {
      return kind.dtype();
    }

    public boolean isString() {
      return kind == Kind.STRING || kind == Kind.LARGE_STRING;
    }
  }

  /** A record of named fields, such as {@code {content, role}}. */
  record Struct(List<Field> fields) implements ColumnType {
    public Struct {
      fields = List.copyOf(fields);
    }

    public static Struct of(Field... fields) {
      return new Struct(List.of(fields));
    }

    @Override
    public String describe() {
      StringBuilder text = new StringBuilder("struct<");
      for (int i = 0; i < fields.size(); i++) {
        text.append(i == 0 ? "" : ", ").append(fields.get(i).name()).append(": ");
        text.append(fields.get(i).type().describe());
      }
      return text.append('>').toString();
    }
  }

  /** A variable-length list of one element type. */
  record ListOf(ColumnType element) implements ColumnType {
    public ListOf {
      Objects.requireNonNull(element, "element");
    }

    @Override
    public String describe() {
      return "list<" + element.describe() + ">";
    }
  }
}
