package org.valbench.dataset;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The ordered columns of a {@link Table}; names are unique. */
public record Schema(List<Field> fields) {
  public Schema {
    fields = List.copyOf(fields);
    Set<String> seen = new HashSet<>();
    for (Field field : fields) {
      if (!seen.add(field.name())) {
        throw new IllegalArgumentException("duplicate column '" + field.name() + "'");
      }
    }
  }

  public static Schema of(Field... fields) {
    return new Schema(List.of(fields));
  }

  public List<String> names() {
    return fields.stream().map(Field::name).toList();
  }

  public boolean has(String name) {
    return field(name).isPresent();
  }

  public Optional<Field> field(String name) {
    return fields.stream().filter(f -> f.name().equals(name)).findFirst();
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
