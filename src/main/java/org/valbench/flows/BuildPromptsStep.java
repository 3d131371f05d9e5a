package org.valbench.flows;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.valbench.common.Hashing;
import org.valbench.dataset.ColumnType;
import org.valbench.dataset.Field;
import org.valbench.dataset.RowSink;
import org.valbench.dataset.RowStream;
import org.valbench.dataset.Schema;
import org.valbench.inference.ChatMessage;
import org.valbench.pipeline.Checkpoint;
import org.valbench.pipeline.Step;
import org.valbench.pipeline.StepKey;
import org.valbench.pipeline.StepOutput;
import org.valbench.protocol.ProtocolPrompt;

/**
 * Adds {@code for_prompt} and {@code against_prompt}, each the user turn only ({@code [{role: user,
 * content: question}]}, as the reference writes them, so analysis code reading {@code
 * prompt[0]['content']} gets the question), and {@code system_prompt}: the system prompt sent with
 * every request, the same text on every row.
 */
final class BuildPromptsStep implements Step {
  static final String NAME = "build-prompts";

  /**
   * 1: the prompts began with the system message; 2: user turn only, plus {@code system_prompt}.
   */
  static final int VERSION = 2;

  private final Checkpoint pairs;
  private final String systemPrompt;
  private final ProtocolPrompt provenance;

  BuildPromptsStep(Checkpoint pairs, ProtocolPrompt systemPrompt) {
    this.pairs = Objects.requireNonNull(pairs, "pairs");
    this.provenance = Objects.requireNonNull(systemPrompt, "systemPrompt");
    this.systemPrompt = systemPrompt.text();
  }

  @Override
  public StepKey key() {
    return new StepKey(
        NAME,
        VERSION,
        Map.of(
            "pairs",
            pairs.keyHash(),
            "system_prompt_sha256",
            Hashing.sha256Hex(systemPrompt),
            "protocol",
            provenance.protocol(),
            "protocol_commit",
            provenance.commit().orElse("")));
  }

  @Override
  public List<Checkpoint> inputs() {
    return List.of(pairs);
  }

  @Override
  public boolean run(StepOutput out) throws IOException {
    RowSink sink =
        out.open(
            Schema.of(
                Field.of(PairColumns.ID, ColumnType.STRING),
                Field.of(Side.FOR.answer().prompt(), Columns.PROMPT),
                Field.of(Side.AGAINST.answer().prompt(), Columns.PROMPT),
                Field.of(PairColumns.SYSTEM_PROMPT, ColumnType.STRING)));
    try (RowStream pairRows =
        pairs.read(List.of(PairColumns.ID, Side.FOR.question(), Side.AGAINST.question()))) {
      while (pairRows.hasNext()) {
        Map<String, Object> pair = pairRows.next();
        Map<String, Object> row = new LinkedHashMap<>();
        row.put(PairColumns.ID, pair.get(PairColumns.ID));
        for (Side side : Side.values()) {
          row.put(side.answer().prompt(), prompt(pair.get(side.question())));
        }
        row.put(PairColumns.SYSTEM_PROMPT, systemPrompt);
        sink.write(row);
      }
    }
    return true;
  }

  private static List<Object> prompt(Object question) {
    return Columns.prompt(List.of(ChatMessage.user(String.valueOf(question))));
  }
}
