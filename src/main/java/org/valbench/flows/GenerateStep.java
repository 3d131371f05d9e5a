package org.valbench.flows;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.valbench.dataset.ColumnType;
import org.valbench.dataset.Field;
import org.valbench.dataset.RowSink;
import org.valbench.dataset.RowStream;
import org.valbench.dataset.Schema;
import org.valbench.inference.ChatMessage;
import org.valbench.inference.ModelAnswer;
import org.valbench.inference.ModelRequest;
import org.valbench.inference.RequestResult;
import org.valbench.inference.SqliteResponseCache;
import org.valbench.pipeline.Checkpoint;
import org.valbench.pipeline.Step;
import org.valbench.pipeline.StepKey;
import org.valbench.pipeline.StepOutput;

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

  /** With {@code --no-cache} or {@code --retry-unusable} the answers are asked for again. */
  @Override
  public boolean reusable() {
    return spec.cacheUse().reusesCheckpoints();
  }

  /**
   * Two passes over the prompts, so memory does not grow with the dataset: the first streams the
   * requests into the engine and keeps each answer, as it arrives, in a scratch SQLite file keyed
   * by the row's position (failures, which are few and short, stay in memory; the position of a
   * request is remembered only while it is in flight); the second merges the rows with the answers
   * read back in position order, one output row per prompt row.
   */
  @Override
  public boolean run(StepOutput out) throws Exception {
    Map<Long, String> failures = new ConcurrentHashMap<>();
    Map<ModelRequest, Long> inFlight =
        java.util.Collections.synchronizedMap(new IdentityHashMap<>());
    Path answersFile = out.scratch().resolve("answers.sqlite");
    try (SqliteResponseCache answers = SqliteResponseCache.open(answersFile);
        RowStream rows = prompts.read(List.of("id", promptColumn))) {
      Iterator<java.util.Optional<ModelRequest>> requests =
          new Iterator<>() {
            private long position;

            @Override
            public boolean hasNext() {
              return rows.hasNext();
            }

            @Override
            public java.util.Optional<ModelRequest> next() {
              java.util.Optional<ModelRequest> request = toRequest(rows.next());
              long at = position++;
              request.ifPresent(r -> inFlight.put(r, at));
              return request;
            }
          };
      runner.run(
          name,
          spec,
          requests,
          prompts.rows(),
          r -> {
            long at = inFlight.remove(r.request());
            switch (r) {
              case RequestResult.Answered a -> answers.put(key(at), "", spec.model(), a.answer());
              case RequestResult.Failed f -> failures.put(at, f.error());
            }
          });
    }
    RowSink sink = out.open(schema());
    try (SqliteResponseCache answers = SqliteResponseCache.open(answersFile);
        RowStream rows = prompts.read(List.of("id"))) {
      long[] next = {0};
      answers.forEachInKeyOrder(
          (key, answer) -> {
            long at = Long.parseLong(key);
            for (; next[0] < at; next[0]++) {
              write(sink, unanswered(id(rows.next()), failures.get(next[0])));
            }
            write(sink, answeredRow(id(rows.next()), answer));
            next[0]++;
          });
      for (; rows.hasNext(); next[0]++) {
        write(sink, unanswered(id(rows.next()), failures.get(next[0])));
      }
    }
    return failures.isEmpty();
  }

  /** The scratch file's key for row {@code position}: zero-padded, so key order is row order. */
  private static String key(long position) {
    return String.format(java.util.Locale.ROOT, "%012d", position);
  }

  private static String id(Map<String, Object> row) {
    return String.valueOf(row.get("id"));
  }

  /** A row whose request failed ({@code error}) or was never sent (no prompt). */
  private Map<String, Object> unanswered(String id, String error) {
    return failedRow(
        id, error != null ? error : SKIPPED + "no prompt (an answer it depends on failed)");
  }

  private static void write(RowSink sink, Map<String, Object> row) {
    try {
      sink.write(row);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private boolean hasPrompt(Map<String, Object> row) {
    return row.get(promptColumn) instanceof List<?> messages && !messages.isEmpty();
  }

  private java.util.Optional<ModelRequest> toRequest(Map<String, Object> row) {
    if (!hasPrompt(row)) {
      return java.util.Optional.empty();
    }
    List<?> messages = (List<?>) row.get(promptColumn);
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
    return java.util.Optional.of(
        new ModelRequest(
            row.get("id") + "/" + side,
            spec.model(),
            system,
            chat,
            spec.settings(),
            spec.jsonSchema()));
  }

  private Schema schema() {
    return Schema.of(
        Field.of("id", ColumnType.STRING),
        Field.of(out, Columns.MESSAGE),
        Field.of(out + "_reasoning", ColumnType.STRING),
        Field.of(out + "_citations", Columns.CITATIONS),
        Field.of(out + "_usage", Columns.USAGE),
        Field.of(out + "_error", ColumnType.STRING));
  }

  private Map<String, Object> answeredRow(String id, ModelAnswer answer) {
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("id", id);
    o.put(out, Columns.message(answer.content(), "assistant"));
    o.put(out + "_reasoning", answer.reasoning().orElse(null));
    o.put(out + "_citations", Columns.citations(answer.citations()));
    o.put(out + "_usage", Columns.usage(answer.usage()));
    return o;
  }

  private Map<String, Object> failedRow(String id, String error) {
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("id", id);
    o.put(out, Columns.message(null, "assistant"));
    o.put(out + "_error", error);
    return o;
  }
}
