package org.valbench.flows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.valbench.common.UserError;
import org.valbench.cost.Price;
import org.valbench.cost.PriceTable;

/**
 * Reads price tables: the bundled {@code prices.json} (dated, with its source) and a user's file
 * given with {@code --prices} (JSON of the same layout; its models are added to the bundled ones
 * and replace those of the same name).
 */
final class PriceFile {
  static final String BUNDLED = "/prices.json";
  private static final ObjectMapper JSON = new ObjectMapper();

  private PriceFile() {}

  /** The bundled table, overridden by {@code file} when given ({@code shown} names it). */
  static PriceTable load(Optional<Path> file, String shown) {
    PriceTable bundled = bundled();
    if (file.isEmpty()) {
      return bundled;
    }
    JsonNode root;
    try {
      root = JSON.readTree(file.get().toFile());
    } catch (IOException e) {
      throw UserError.badInput(
          "--prices " + shown + ": not a readable JSON file (" + firstLine(e.getMessage()) + ")");
    }
    return bundled.overriddenBy(parse(root, "--prices " + shown, bundled));
  }

  /** The table bundled in the jar (read once). */
  static PriceTable bundled() {
    return Bundled.TABLE;
  }

  private static final class Bundled {
    static final PriceTable TABLE = readBundled();
  }

  private static PriceTable readBundled() {
    try (InputStream in = PriceFile.class.getResourceAsStream(BUNDLED)) {
      return parse(JSON.readTree(in), BUNDLED, PriceTable.EMPTY);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static PriceTable parse(JsonNode root, String shown, PriceTable base) {
    if (root == null || !root.path("models").isObject()) {
      throw UserError.badInput(shown + ": expected an object with \"models\": {name: {...}}");
    }
    Map<String, Price> models = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = root.path("models").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      models.put(
          entry.getKey(), price(entry.getValue(), shown + ": model '" + entry.getKey() + "'"));
    }
    String asOf = root.path("as_of").asText("");
    return new PriceTable(
        asOf.isEmpty() ? base.asOf() + " (bundled), " + shown : asOf,
        root.path("source").asText(shown),
        models);
  }

  private static Price price(JsonNode node, String shown) {
    try {
      return new Price(
          number(node, "input", shown),
          number(node, "output", shown),
          node.has("cached_input")
              ? number(node, "cached_input", shown)
              : number(node, "input", shown),
          node.has("batch_discount") ? number(node, "batch_discount", shown) : 0.5,
          node.path("input_includes_cached").asBoolean(false));
    } catch (IllegalArgumentException e) {
      throw UserError.badInput(shown + ": " + e.getMessage());
    }
  }

  private static double number(JsonNode node, String field, String shown) {
    JsonNode value = node.get(field);
    if (value == null || !value.isNumber()) {
      throw UserError.badInput(
          shown + ": '" + field + "' must be a number (USD per million tokens), found " + value);
    }
    return value.asDouble();
  }

  private static String firstLine(String text) {
    String s = String.valueOf(text);
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
