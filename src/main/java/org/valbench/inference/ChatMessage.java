package org.valbench.inference;

import java.util.Objects;

/** One message of a conversation: role ("user", "assistant") and text. */
public record ChatMessage(String role, String content) {
  public ChatMessage {
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(content, "content");
  }

  public static ChatMessage user(String content) {
    return new ChatMessage("user", content);
  }
}
