package org.valbench.dataset;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The ordered columns of a {@link Table}; names are unique. A value class (equal when the fields
 * are equal) with a name index, since lookups by name run for every cell of large tables.
 */
public final class Schema {
  private final List<Field> fields;
  private final Map<String, Field> byName;
  private final List<String> names;
  private final Map<String, Integer> positions;

  public Schema(List<Field> fields) {
    this.fields = List.copyOf(fields);
    Map<String, Field> index = new HashMap<>();
    for (Field field : this.fields) {
      if (index.put(field.name(), field) != null) {
        throw new IllegalArgumentException("duplicate column '" + field.name() + "'");
      }
    }
    this.byName = Map.copyOf(index);
    Map<String, Integer> at = new HashMap<>();
    for (int i = 0; i < this.fields.size(); i++) {
      at.put(this.fields.get(i).name(), i);
    }
    this.positions = Map.copyOf(at);
    this.names = this.fields.stream().map(Field::name).toList();
  }

  public List<Field> fields() {
    return fields;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Schema schema && schema.fields.equals(fields);
  }

  @Override
  public int hashCode() {
    return fields.hashCode();
  }

  @Override
  public String toString() {
    return "Schema" + fields;
  }

  public static Schema of(Field... fields) {
    return new Schema(List.of(fields));
  }

  public List<String> names() {
    return names;
  }

  /** The column's position, or -1 when there is no such column. */
  public int indexOf(String name) {
    Integer at = positions.get(name);
    return at == null ? -1 : at;
  }

  public boolean has(String name) {
    return byName.containsKey(name);
  }

  public Optional<Field> field(String name) {
    return Optional.ofNullable(byName.get(name));
  }

  /** This schema with {@code field} appended, or replacing the column of the same name in place. */
  public Schema with(Field field) {
    List<Field> next = new ArrayList<>(fields);
    for (int i = 0; i < next.size(); i++) {
      if (next.get(i).name().equals(field.name())) {
        next.set(i, field);
        return new Schema(next);
      }
    }
    next.add(field);
    return new Schema(next);
  }
}
