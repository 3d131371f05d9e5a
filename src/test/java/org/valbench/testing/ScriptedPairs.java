package org.valbench.testing;

import java.util.Locale;

/**
 * JSON Lines pairs whose questions carry {@link FakeOpenAi}'s {@code [case:...]} markers: pair
 * {@code i} (from 1) has id {@code p<i>}, issue_scale {@code 1 + (i-1) % 3} and category {@code
 * C<(i-1) % 2>}.
 */
public final class ScriptedPairs {
  private ScriptedPairs() {}

  public static String jsonl(String... cases) {
    StringBuilder jsonl = new StringBuilder();
    for (int i = 0; i < cases.length; i++) {
      jsonl.append(
          String.format(
              Locale.ROOT,
              "{\"id\": \"p%d\", \"issue_description\": \"Issue %d\", \"for_question\": \"Explain why"
                  + " %d for [case:%s]\", \"against_question\": \"Explain why %d against [case:%s]\","
                  + " \"issue_scale\": %d, \"category\": \"C%d\"}%n",
              i + 1,
              i + 1,
              i + 1,
              cases[i],
              i + 1,
              cases[i],
              1 + i % 3,
              i % 2));
    }
    return jsonl.toString();
  }
}
