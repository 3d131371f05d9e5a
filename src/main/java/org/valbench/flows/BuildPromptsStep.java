package org.valbench.flows;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.valbench.common.Hashing;
import org.valbench.dataset.Field;
import org.valbench.dataset.Table;
import org.valbench.inference.ChatMessage;
import org.valbench.pipeline.Checkpoint;
import org.valbench.pipeline.Step;
import org.valbench.pipeline.StepKey;

/** Adds {@code for_prompt} and {@code against_prompt}: the system prompt, then the question. */
final class BuildPromptsStep implements Step {
  static final String NAME = "build-prompts";

  private final Checkpoint pairs;
  private final String systemPrompt;

  BuildPromptsStep(Checkpoint pairs, String systemPrompt) {
    this.pairs = Objects.requireNonNull(pairs, "pairs");
    this.systemPrompt = Objects.requireNonNull(systemPrompt, "systemPrompt");
  }

  @Override
  public StepKey key() {
    return new StepKey(
        NAME,
        1,
        Map.of("pairs", pairs.keyHash(), "system_prompt_sha256", Hashing.sha256Hex(systemPrompt)));
  }

  @Override
  public java.util.List<Checkpoint> inputs() {
    return List.of(pairs);
  }

  @Override
  public Table run() {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (Map<String, Object> pair : pairs.table().rows()) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("id", pair.get("id"));
      row.put("for_prompt", prompt(pair.get("for_question")));
      row.put("against_prompt", prompt(pair.get("against_question")));
      rows.add(row);
    }
    return new Table(
        org.valbench.dataset.Schema.of(
            Field.of("id", org.valbench.dataset.ColumnType.STRING),
            Field.of("for_prompt", Columns.PROMPT),
            Field.of("against_prompt", Columns.PROMPT)),
        rows);
  }

  private List<Object> prompt(Object question) {
    return Columns.prompt(
        List.of(
            new ChatMessage("system", systemPrompt), ChatMessage.user(String.valueOf(question))));
  }
}
