package org.valbench.inference;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One request to a model: a system prompt, the conversation, generation settings and, for the
 * judge, a JSON schema the answer must follow. {@code id} names the request in logs and results
 * (e.g. {@code vb-0001/for}); it is not part of the cache key.
 */
public record ModelRequest(
    String id,
    String model,
    String systemPrompt,
    List<ChatMessage> messages,
    GenerationSettings settings,
    Optional<String> jsonSchema) {

  public ModelRequest {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(systemPrompt, "systemPrompt");
    messages = List.copyOf(messages);
    if (messages.isEmpty()) {
      throw new IllegalArgumentException("a request needs at least one message");
    }
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(jsonSchema, "jsonSchema");
  }

  /** A single user message with no schema. */
  public static ModelRequest of(
      String id, String model, String systemPrompt, String user, GenerationSettings settings) {
    return new ModelRequest(
        id, model, systemPrompt, List.of(ChatMessage.user(user)), settings, Optional.empty());
  }

  /** The last user message's text (what the mock provider and logs look at). */
  public String lastUserText() {
    return messages.get(messages.size() - 1).content();
  }
}
