package org.valbench.inference;

import com.openai.core.JsonValue;
import com.openai.models.ResponseFormatJsonSchema;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionMessage;
import com.openai.models.completions.CompletionUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.valbench.judge.JudgeSchema;

/** Builds Chat Completions requests and reads their answers, for any OpenAI-compatible server. */
final class OpenAiChatCalls {
  private OpenAiChatCalls() {}

  static ChatCompletionCreateParams params(ModelRequest request) {
    GenerationSettings s = request.settings();
    ChatCompletionCreateParams.Builder params =
        ChatCompletionCreateParams.builder().model(request.model());
    if (!request.systemPrompt().isEmpty()) {
      params.addSystemMessage(request.systemPrompt());
    }
    for (ChatMessage m : request.messages()) {
      switch (m.role()) {
        case "user" -> params.addUserMessage(m.content());
        case "assistant" -> params.addAssistantMessage(m.content());
        case "system" -> params.addSystemMessage(m.content());
        default ->
            throw new IllegalArgumentException("unsupported message role '" + m.role() + "'");
      }
    }
    // Thinking and web search add nothing here, as in the reference implementation: a thinking
    // model on vLLM reasons anyway, and Chat Completions has no general web-search tool.
    params.temperature(s.temperature()).topP(s.topP()).maxCompletionTokens(s.maxTokens());
    request.jsonSchema().ifPresent(schema -> params.responseFormat(responseFormat(schema)));
    return params.build();
  }

  private static ResponseFormatJsonSchema responseFormat(String schema) {
    return ResponseFormatJsonSchema.builder()
        .jsonSchema(
            ResponseFormatJsonSchema.JsonSchema.builder()
                .name(JudgeSchema.NAME)
                .schema(
                    ResponseFormatJsonSchema.JsonSchema.Schema.builder()
                        .additionalProperties(OpenAiFields.schemaFields(schema))
                        .build())
                .strict(true)
                .build())
        .build();
  }

  static ModelAnswer answer(ChatCompletion completion) throws ClassifiedFailure {
    List<ChatCompletion.Choice> choices = completion._choices().asKnown().orElse(List.of());
    if (choices.isEmpty()) {
      throw new ClassifiedFailure(
          RetryDecision.fail(OpenAiClient.PROVIDER + " answered with no choices"), null);
    }
    ChatCompletion.Choice choice = choices.get(0);
    ChatCompletionMessage message = choice.message();
    String content = message.content().or(message::refusal).orElse("");
    return new ModelAnswer(
        content,
        reasoning(message),
        citations(message, content),
        usage(completion._usage().asKnown()),
        choice
            ._finishReason()
            .asKnown()
            .map(ChatCompletion.Choice.FinishReason::asString)
            .orElse(""),
        completion._model().asKnown().orElse(""));
  }

  /**
   * vLLM's non-standard field: {@code reasoning} now, {@code reasoning_content} before late 2025.
   */
  private static Optional<String> reasoning(ChatCompletionMessage message) {
    Map<String, JsonValue> extra = message._additionalProperties();
    for (String field : List.of("reasoning", "reasoning_content")) {
      Optional<String> text = Optional.ofNullable(extra.get(field)).flatMap(JsonValue::asString);
      if (text.isPresent() && !text.get().isBlank()) {
        return text;
      }
    }
    return Optional.empty();
  }

  private static List<Citation> citations(ChatCompletionMessage message, String content) {
    List<Citation> citations = new ArrayList<>();
    for (ChatCompletionMessage.Annotation a : message._annotations().asKnown().orElse(List.of())) {
      a._urlCitation()
          .asKnown()
          .ifPresent(
              c ->
                  citations.add(
                      OpenAiFields.citation(
                          content, c._url(), c._title(), c._startIndex(), c._endIndex())));
    }
    return citations;
  }

  private static Usage usage(Optional<CompletionUsage> reported) {
    if (reported.isEmpty()) {
      return Usage.NONE;
    }
    CompletionUsage u = reported.get();
    return new Usage(
        OpenAiFields.count(u._promptTokens()),
        OpenAiFields.count(u._completionTokens()),
        u._completionTokensDetails()
            .asKnown()
            .map(d -> OpenAiFields.count(d._reasoningTokens()))
            .orElse(0L),
        u._promptTokensDetails()
            .asKnown()
            .map(d -> OpenAiFields.count(d._cachedTokens()))
            .orElse(0L));
  }
}
