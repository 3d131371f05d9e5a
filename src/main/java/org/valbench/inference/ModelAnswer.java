package org.valbench.inference;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a model answered: the text, its reasoning or thinking text when the provider returns one,
 * web citations, token usage, why it stopped, and the model id the server reports.
 */
public record ModelAnswer(
    String content,
    Optional<String> reasoning,
    List<Citation> citations,
    Usage usage,
    String finishReason,
    String reportedModel) {

  public ModelAnswer {
    Objects.requireNonNull(content, "content");
    Objects.requireNonNull(reasoning, "reasoning");
    citations = List.copyOf(citations);
    Objects.requireNonNull(usage, "usage");
    finishReason = Objects.requireNonNullElse(finishReason, "");
    reportedModel = Objects.requireNonNullElse(reportedModel, "");
  }

  public static ModelAnswer text(String content) {
    return new ModelAnswer(content, Optional.empty(), List.of(), Usage.NONE, "stop", "");
  }
}
