package org.valbench.inference;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.valbench.judge.JudgeSchema;
import software.amazon.awssdk.services.bedrockruntime.model.CitationsContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseResponse;
import software.amazon.awssdk.services.bedrockruntime.model.ReasoningContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.TokenUsage;
import software.amazon.awssdk.services.bedrockruntime.model.ToolUseBlock;

/** Reads a Converse response into a {@link ModelAnswer}. */
final class BedrockAnswers {
  private BedrockAnswers() {}

  static ModelAnswer answer(ConverseResponse response, ModelRequest request) {
    StringBuilder text = new StringBuilder();
    List<String> reasoning = new ArrayList<>();
    List<Citation> citations = new ArrayList<>();
    Optional<String> toolInput = Optional.empty();
    for (ContentBlock block : content(response)) {
      if (block.text() != null) {
        text.append(block.text());
      }
      reasoningText(block.reasoningContent()).ifPresent(reasoning::add);
      if (block.citationsContent() != null) {
        collectCitations(block.citationsContent(), text, citations);
      }
      ToolUseBlock use = block.toolUse();
      if (request.jsonSchema().isPresent() && toolInput.isEmpty() && isJudgeTool(use)) {
        toolInput = Optional.of(BedrockDocuments.toJson(use.input()));
      }
    }
    String thoughts = String.join("\n\n", reasoning).strip();
    return new ModelAnswer(
        toolInput.orElse(text.toString()),
        thoughts.isEmpty() ? Optional.empty() : Optional.of(thoughts),
        citations,
        usage(response.usage()),
        response.stopReasonAsString(),
        request.model()); // Converse does not echo the model id
  }

  private static List<ContentBlock> content(ConverseResponse response) {
    if (response.output() == null
        || response.output().message() == null
        || !response.output().message().hasContent()) {
      return List.of();
    }
    return response.output().message().content();
  }

  private static Optional<String> reasoningText(ReasoningContentBlock block) {
    if (block == null || block.reasoningText() == null) {
      return Optional.empty();
    }
    return Optional.ofNullable(block.reasoningText().text());
  }

  private static boolean isJudgeTool(ToolUseBlock use) {
    return use != null && JudgeSchema.NAME.equals(use.name()) && use.input() != null;
  }

  /** Cited passages carry their generated text inside the block, followed by its sources. */
  private static void collectCitations(
      CitationsContentBlock block, StringBuilder text, List<Citation> citations) {
    block
        .content()
        .forEach(generated -> text.append(Optional.ofNullable(generated.text()).orElse("")));
    for (software.amazon.awssdk.services.bedrockruntime.model.Citation c : block.citations()) {
      String url =
          c.location() != null && c.location().web() != null
              ? c.location().web().url()
              : c.source();
      StringBuilder cited = new StringBuilder();
      c.sourceContent().forEach(s -> cited.append(Optional.ofNullable(s.text()).orElse("")));
      citations.add(new Citation(url, c.title(), cited.toString()));
    }
  }

  private static Usage usage(TokenUsage usage) {
    if (usage == null) {
      return Usage.NONE;
    }
    // Converse reports no separate reasoning token count.
    return new Usage(
        count(usage.inputTokens()),
        count(usage.outputTokens()),
        0,
        count(usage.cacheReadInputTokens()));
  }

  private static long count(Integer tokens) {
    return tokens == null ? 0 : Math.max(0, tokens);
  }
}
