package org.valbench.flows;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.valbench.dataset.RowStream;
import org.valbench.inference.Usage;
import org.valbench.pipeline.Checkpoint;

/**
 * The tokens of the answers a dataset holds: the sum of its {@code *_usage} columns (input, output,
 * reasoning, cached input), whether each answer came fresh from the provider or from the cache. It
 * is what those answers cost when they were obtained, computed from the data, so it is the same on
 * every rerun; what one run spent is in its progress lines.
 */
final class AnswerTokens {
  static final String REASONING_TOKENS = "reasoning_tokens";
  static final String CACHED_TOKENS = "cached_tokens";

  private AnswerTokens() {}

  /** The summed usage of {@code columns} in {@code checkpoint}; columns it lacks count as 0. */
  static Usage of(Checkpoint checkpoint, List<String> columns) {
    List<String> present = columns.stream().filter(checkpoint.schema()::has).toList();
    if (present.isEmpty()) {
      return Usage.NONE;
    }
    Usage total = Usage.NONE;
    try (RowStream rows = checkpoint.read(present)) {
      while (rows.hasNext()) {
        Map<String, Object> row = rows.next();
        for (String column : present) {
          total = total.plus(usage(row.get(column)));
        }
      }
    }
    return total;
  }

  /** One usage struct as a {@link Usage}; a null struct or field counts as 0. */
  static Usage usage(Object struct) {
    if (!(struct instanceof Map<?, ?> m)) {
      return Usage.NONE;
    }
    return new Usage(
        count(m.get(Columns.INPUT_TOKENS)),
        count(m.get(Columns.OUTPUT_TOKENS)),
        count(m.get(REASONING_TOKENS)),
        count(m.get(CACHED_TOKENS)));
  }

  /**
   * Flat entries for a dataset description or {@code summary.json}: {@code <prefix>input_tokens},
   * {@code <prefix>output_tokens}, {@code <prefix>reasoning_tokens}, {@code <prefix>cached_tokens}.
   */
  static Map<String, Object> entries(String prefix, Usage usage) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put(prefix + Columns.INPUT_TOKENS, usage.inputTokens());
    m.put(prefix + Columns.OUTPUT_TOKENS, usage.outputTokens());
    m.put(prefix + REASONING_TOKENS, usage.reasoningTokens());
    m.put(prefix + CACHED_TOKENS, usage.cachedTokens());
    return m;
  }

  private static long count(Object value) {
    return value instanceof Number n ? Math.max(0, n.longValue()) : 0;
  }
}
