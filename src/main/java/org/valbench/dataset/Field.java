package org.valbench.dataset;

import java.util.Objects;

/** A named column or struct field. */
public record Field(String name, ColumnType type) {
  public Field {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    if (name.isEmpty()) {
      throw new IllegalArgumentException("field name is empty");
    }
  }

  public static Field of(String name, ColumnType type) {
    return new Field(name, type);
  }
}
