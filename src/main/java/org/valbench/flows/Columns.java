package org.valbench.flows;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.valbench.dataset.ColumnType;
import org.valbench.dataset.Field;
import org.valbench.inference.ChatMessage;
import org.valbench.inference.Citation;
import org.valbench.inference.Usage;

/** Column types and value builders shared by the flows' steps (the output datasets' columns). */
final class Columns {
  static final ColumnType MESSAGE =
      ColumnType.Struct.of(
          Field.of("content", ColumnType.STRING), Field.of("role", ColumnType.STRING));
  static final ColumnType PROMPT_MESSAGE =
      ColumnType.Struct.of(
          Field.of("role", ColumnType.STRING), Field.of("content", ColumnType.STRING));
  static final ColumnType PROMPT = new ColumnType.ListOf(PROMPT_MESSAGE);
  static final ColumnType CITATIONS =
      new ColumnType.ListOf(
          ColumnType.Struct.of(
              Field.of("url", ColumnType.STRING),
              Field.of("title", ColumnType.STRING),
              Field.of("text", ColumnType.STRING)));

  /** Fields of the usage struct. */
  static final String INPUT_TOKENS = "input_tokens";

  static final String OUTPUT_TOKENS = "output_tokens";

  static final ColumnType USAGE =
      ColumnType.Struct.of(
          Field.of(INPUT_TOKENS, ColumnType.INT64),
          Field.of(OUTPUT_TOKENS, ColumnType.INT64),
          Field.of("reasoning_tokens", ColumnType.INT64),
          Field.of("cached_tokens", ColumnType.INT64));

  private Columns() {}

  static Map<String, Object> message(String content, String role) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("content", content);
    m.put("role", role);
    return m;
  }

  static List<Object> prompt(List<ChatMessage> messages) {
    return messages.stream()
        .map(
            m -> {
              Map<String, Object> entry = new LinkedHashMap<>();
              entry.put("role", m.role());
              entry.put("content", m.content());
              return (Object) entry;
            })
        .toList();
  }

  static List<Object> citations(List<Citation> citations) {
    return citations.stream()
        .map(
            c ->
                (Object)
                    new LinkedHashMap<>(
                        Map.of("url", c.url(), "title", c.title(), "text", c.text())))
        .toList();
  }

  static Map<String, Object> usage(Usage u) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put(INPUT_TOKENS, u.inputTokens());
    m.put(OUTPUT_TOKENS, u.outputTokens());
    m.put("reasoning_tokens", u.reasoningTokens());
    m.put("cached_tokens", u.cachedTokens());
    return m;
  }
}
