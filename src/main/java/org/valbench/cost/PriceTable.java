package org.valbench.cost;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Prices by model name, with the date they were taken and where from. A model id finds the entry of
 * the same name, else the longest name it contains between boundaries (start, end, or one of {@code
 * - . : / @ _}), so {@code us.anthropic.claude-sonnet-4-5-20250929-v1:0} finds {@code
 * claude-sonnet-4-5} and {@code gpt-4.1-mini-2025-04-14} finds {@code gpt-4.1-mini}, never {@code
 * gpt-4.1}. Case does not matter.
 */
public record PriceTable(String asOf, String source, Map<String, Price> models) {
  public static final PriceTable EMPTY = new PriceTable("", "", Map.of());

  public PriceTable {
    Objects.requireNonNull(asOf, "asOf");
    Objects.requireNonNull(source, "source");
    Map<String, Price> lower = new LinkedHashMap<>();
    models.forEach((name, price) -> lower.put(name.toLowerCase(Locale.ROOT), price));
    models = java.util.Collections.unmodifiableMap(lower);
  }

  /** The price of {@code model}, or empty when no entry matches. */
  public Optional<Price> find(String model) {
    String id = model.toLowerCase(Locale.ROOT);
    Price exact = models.get(id);
    if (exact != null) {
      return Optional.of(exact);
    }
    return models.keySet().stream()
        .filter(name -> containsAtBoundaries(id, name))
        .max(Comparator.comparingInt(String::length))
        .map(models::get);
  }

  /** This table with {@code other}'s entries added, replacing those of the same name. */
  public PriceTable overriddenBy(PriceTable other) {
    Map<String, Price> merged = new LinkedHashMap<>(models);
    merged.putAll(other.models());
    return new PriceTable(other.asOf(), other.source(), merged);
  }

  private static boolean containsAtBoundaries(String id, String name) {
    for (int at = id.indexOf(name); at >= 0; at = id.indexOf(name, at + 1)) {
      int end = at + name.length();
      if ((at == 0 || boundary(id.charAt(at - 1)))
          && (end == id.length() || boundary(id.charAt(end)))) {
        return true;
      }
    }
    return false;
  }

  private static boolean boundary(char c) {
    return "-.:/@_".indexOf(c) >= 0;
  }
}
