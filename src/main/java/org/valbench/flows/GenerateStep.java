package org.valbench.flows;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.valbench.dataset.ColumnType;
import org.valbench.dataset.Field;
import org.valbench.dataset.Schema;
import org.valbench.dataset.Table;
import org.valbench.inference.ChatMessage;
import org.valbench.inference.ModelAnswer;
import org.valbench.inference.ModelRequest;
import org.valbench.inference.RequestResult;
import org.valbench.pipeline.Checkpoint;
import org.valbench.pipeline.Step;
import org.valbench.pipeline.StepKey;

/**
 * Sends one prompt column to a model and returns, per row id, the answer and everything kept with
 * it: {@code <out>} ({content, role}, content null when failed), {@code <out>_reasoning}, {@code
 * <out>_citations}, {@code <out>_usage} and {@code <out>_error}. Rows without a prompt are skipped
 * with a reason. Output with failures is not checkpointed, so the next run retries exactly those
 * (answered requests come from the cache).
 */
final class GenerateStep implements Step {
  static final int VERSION = 1;
  static final String SKIPPED = "skipped: ";

  private final String name;
  private final Checkpoint prompts;
  private final String promptColumn;
  private final String out;
  private final String side;
  private final InferenceSpec spec;
  private final InferenceRunner runner;

  GenerateStep(
      String name,
      Checkpoint prompts,
      String promptColumn,
      String out,
      String side,
      InferenceSpec spec,
      InferenceRunner runner) {
    this.name = Objects.requireNonNull(name, "name");
    this.prompts = Objects.requireNonNull(prompts, "prompts");
    this.promptColumn = Objects.requireNonNull(promptColumn, "promptColumn");
    this.out = Objects.requireNonNull(out, "out");
    this.side = Objects.requireNonNull(side, "side");
    this.spec = Objects.requireNonNull(spec, "spec");
    this.runner = Objects.requireNonNull(runner, "runner");
  }

  @Override
  public StepKey key() {
    Map<String, Object> parts = new LinkedHashMap<>(spec.keyParts());
    parts.put("prompts", prompts.keyHash());
    parts.put("prompt_column", promptColumn);
    return new StepKey(name, VERSION, parts);
  }

  @Override
  public java.util.List<Checkpoint> inputs() {
    return List.of(prompts);
  }

  @Override
  public Table run() throws Exception {
    List<Map<String, Object>> rows = prompts.table().rows();
    long total = rows.stream().filter(r -> hasPrompt(r)).count();
    // Requests are built lazily as the engine takes them; only the answers are kept.
    Iterator<ModelRequest> requests =
        rows.stream().map(this::toRequest).flatMap(java.util.Optional::stream).iterator();
    Map<String, Object> results = new ConcurrentHashMap<>();
    runner.run(
        name,
        spec,
        requests,
        total,
        r ->
            results.put(
                r.request().id(),
                switch (r) {
                  case RequestResult.Answered a -> a.answer();
                  case RequestResult.Failed f -> f.error();
                }));
    return table(rows, results);
  }

  @Override
  public boolean isComplete(Table output) {
    return output.rows().stream()
        .map(r -> (String) r.get(out + "_error"))
        .allMatch(e -> e == null || e.startsWith(SKIPPED));
  }

  private boolean hasPrompt(Map<String, Object> row) {
    return row.get(promptColumn) instanceof List<?> messages && !messages.isEmpty();
  }

  private java.util.Optional<ModelRequest> toRequest(Map<String, Object> row) {
    if (!hasPrompt(row)) {
      return java.util.Optional.empty();
    }
    List<?> messages = (List<?>) row.get(promptColumn);
    String system = spec.systemPrompt();
    List<ChatMessage> chat = new ArrayList<>();
    for (Object item : messages) {
      Map<?, ?> m = (Map<?, ?>) item;
      String role = String.valueOf(m.get("role"));
      String content = String.valueOf(m.get("content"));
      if (role.equals("system")) {
        system = content;
      } else {
        chat.add(new ChatMessage(role, content));
      }
    }
    return java.util.Optional.of(
        new ModelRequest(
            row.get("id") + "/" + side,
            spec.model(),
            system,
            chat,
            spec.settings(),
            spec.jsonSchema()));
  }

  /** Results are a {@link ModelAnswer} or the error text of a failed request, by request id. */
  private Table table(List<Map<String, Object>> rows, Map<String, Object> results) {
    Schema schema =
        Schema.of(
            Field.of("id", ColumnType.STRING),
            Field.of(out, Columns.MESSAGE),
            Field.of(out + "_reasoning", ColumnType.STRING),
            Field.of(out + "_citations", Columns.CITATIONS),
            Field.of(out + "_usage", Columns.USAGE),
            Field.of(out + "_error", ColumnType.STRING));
    List<Map<String, Object>> output = new ArrayList<>(rows.size());
    for (Map<String, Object> row : rows) {
      String id = String.valueOf(row.get("id"));
      Map<String, Object> o = new LinkedHashMap<>();
      o.put("id", id);
      Object result = results.get(id + "/" + side);
      switch (result) {
        case null -> {
          o.put(out, Columns.message(null, "assistant"));
          o.put(out + "_error", SKIPPED + "no prompt (an answer it depends on failed)");
        }
        case ModelAnswer answer -> {
          o.put(out, Columns.message(answer.content(), "assistant"));
          o.put(out + "_reasoning", answer.reasoning().orElse(null));
          o.put(out + "_citations", Columns.citations(answer.citations()));
          o.put(out + "_usage", Columns.usage(answer.usage()));
        }
        default -> {
          o.put(out, Columns.message(null, "assistant"));
          o.put(out + "_error", result.toString());
        }
      }
      output.add(o);
    }
    return new Table(schema, output);
  }
}
