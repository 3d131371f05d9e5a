package org.valbench.flows;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.valbench.dataset.ColumnType;
import org.valbench.dataset.Field;
import org.valbench.dataset.RowSink;
import org.valbench.dataset.RowStream;
import org.valbench.dataset.Schema;
import org.valbench.inference.ChatMessage;
import org.valbench.inference.ModelAnswer;
import org.valbench.inference.ModelRequest;
import org.valbench.pipeline.Checkpoint;
import org.valbench.pipeline.Step;
import org.valbench.pipeline.StepKey;
import org.valbench.pipeline.StepOutput;

/**
 * Sends one prompt column to a model and returns, per row id, the answer and everything kept with
 * it: the answer columns of {@link AnswerColumns} (content null when failed, with the error). Rows
 * without a prompt are skipped with a reason. Output with failures is not checkpointed, so the next
 * run retries exactly those (answered requests come from the cache).
 */
final class GenerateStep implements Step {
  static final int VERSION = 1;
  static final String SKIPPED = "skipped: ";

  private final String name;
  private final Checkpoint prompts;
  private final AnswerColumns columns;
  private final InferenceSpec spec;
  private final InferenceRunner runner;

  GenerateStep(
      String name,
      Checkpoint prompts,
      AnswerColumns columns,
      InferenceSpec spec,
      InferenceRunner runner) {
    this.name = Objects.requireNonNull(name, "name");
    this.prompts = Objects.requireNonNull(prompts, "prompts");
    this.columns = Objects.requireNonNull(columns, "columns");
    this.spec = Objects.requireNonNull(spec, "spec");
    this.runner = Objects.requireNonNull(runner, "runner");
  }

  @Override
  public StepKey key() {
    Map<String, Object> parts = new LinkedHashMap<>(spec.keyParts());
    parts.put("prompts", prompts.keyHash());
    parts.put("prompt_column", columns.prompt());
    return new StepKey(name, VERSION, parts);
  }

  @Override
  public java.util.List<Checkpoint> inputs() {
    return List.of(prompts);
  }

  /** With {@code --no-cache} or {@code --retry-unusable} the answers are asked for again. */
  @Override
  public boolean reusable() {
    return spec.cacheUse().reusesCheckpoints();
  }

  /**
   * Two passes over the prompts, so memory does not grow with the dataset: the first streams the
   * requests into the engine and keeps how each ended, as it arrives, in {@link ScratchAnswers}
   * under the row's position; the second merges the rows with those outcomes read back in position
   * order, one output row per prompt row.
   */
  @Override
  public boolean run(StepOutput out) throws Exception {
    try (ScratchAnswers answers = ScratchAnswers.create(out.scratch().resolve("answers.sqlite"))) {
      try (RowStream rows = prompts.read(List.of(PairColumns.ID, columns.prompt()))) {
        runner.run(name, spec, new Requests(rows, answers), prompts.rows(), answers::record);
      }
      RowSink sink = out.open(schema());
      try (RowStream rows = prompts.read(List.of(PairColumns.ID))) {
        answers.forEachInOrder(
            prompts.rows(), outcome -> write(sink, row(rows.next().get(PairColumns.ID), outcome)));
      }
      return !answers.anyFailed();
    }
  }

  /** What this step would send, counted against the cache, sending nothing ({@link DryRun}). */
  DryRun.Estimate estimate() throws Exception {
    try (RowStream rows = prompts.read(List.of(PairColumns.ID, columns.prompt()))) {
      Iterator<Optional<ModelRequest>> requests =
          new Iterator<>() {
            @Override
            public boolean hasNext() {
              return rows.hasNext();
            }

            @Override
            public Optional<ModelRequest> next() {
              return toRequest(rows.next());
            }
          };
      return runner.estimate(name, spec, requests);
    }
  }

  /** One request per row, noted in {@code answers} under the row's position; empty if no prompt. */
  private final class Requests implements Iterator<Optional<ModelRequest>> {
    private final RowStream rows;
    private final ScratchAnswers answers;
    private long position;

    Requests(RowStream rows, ScratchAnswers answers) {
      this.rows = rows;
      this.answers = answers;
    }

    @Override
    public boolean hasNext() {
      return rows.hasNext();
    }

    @Override
    public Optional<ModelRequest> next() {
      Optional<ModelRequest> request = toRequest(rows.next());
      long at = position++;
      request.ifPresent(r -> answers.asked(at, r));
      return request;
    }
  }

  private static void write(RowSink sink, Map<String, Object> row) {
    try {
      sink.write(row);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private Optional<ModelRequest> toRequest(Map<String, Object> row) {
    if (!(row.get(columns.prompt()) instanceof List<?> messages) || messages.isEmpty()) {
      return Optional.empty();
    }
    // The system prompt is the spec's, the text BuildPromptsStep records in system_prompt; a prompt
    // that carries its own system message (valbench's earlier layout) keeps using that one.
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
    return Optional.of(
        new ModelRequest(
            columns.requestId(row.get(PairColumns.ID)),
            spec.model(),
            system,
            chat,
            spec.settings(),
            spec.jsonSchema()));
  }

  private Schema schema() {
    return Schema.of(
        Field.of(PairColumns.ID, ColumnType.STRING),
        Field.of(columns.answer(), Columns.MESSAGE),
        Field.of(columns.reasoning(), ColumnType.STRING),
        Field.of(columns.citations(), Columns.CITATIONS),
        Field.of(columns.usage(), Columns.USAGE),
        Field.of(columns.error(), ColumnType.STRING));
  }

  /** The output row of row {@code id}, from how its request ended. */
  private Map<String, Object> row(Object id, ScratchAnswers.Outcome outcome) {
    Map<String, Object> o = new LinkedHashMap<>();
    o.put(PairColumns.ID, String.valueOf(id));
    switch (outcome) {
      case ScratchAnswers.Outcome.Answered(ModelAnswer answer) -> {
        o.put(columns.answer(), Columns.message(answer.content(), "assistant"));
        o.put(columns.reasoning(), answer.reasoning().orElse(null));
        o.put(columns.citations(), Columns.citations(answer.citations()));
        o.put(columns.usage(), Columns.usage(answer.usage()));
      }
      case ScratchAnswers.Outcome.Failed(String error) -> {
        o.put(columns.answer(), Columns.message(null, "assistant"));
        o.put(columns.error(), error);
      }
      case ScratchAnswers.Outcome.NotAsked() -> {
        o.put(columns.answer(), Columns.message(null, "assistant"));
        o.put(columns.error(), SKIPPED + "no prompt (an answer it depends on failed)");
      }
    }
    return o;
  }
}
