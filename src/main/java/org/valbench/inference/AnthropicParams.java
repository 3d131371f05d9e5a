package org.valbench.inference;

import com.anthropic.core.JsonValue;
import com.anthropic.core.ObjectMappers;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.ThinkingConfigEnabled;
import com.anthropic.models.messages.Tool;
import com.anthropic.models.messages.ToolChoiceAuto;
import com.anthropic.models.messages.ToolChoiceTool;
import com.anthropic.models.messages.WebSearchTool20250305;
import com.fasterxml.jackson.core.JsonProcessingException;
import org.valbench.judge.JudgeSchema;

/** Builds the Anthropic Messages request; kept apart from transport so each rule reads alone. */
final class AnthropicParams {
  /** The reference implementation asks for this beta whenever web search is on. */
  static final String WEB_SEARCH_BETA = "interleaved-thinking-2025-05-14";

  private AnthropicParams() {}

  static MessageCreateParams build(ModelRequest request) {
    GenerationSettings s = request.settings();
    MessageCreateParams.Builder params =
        MessageCreateParams.builder()
            .model(request.model())
            .maxTokens(s.maxTokens() + (s.thinking() ? GenerationSettings.THINKING_BUDGET : 0));
    if (!request.systemPrompt().isEmpty()) {
      params.system(request.systemPrompt());
    }
    for (ChatMessage m : request.messages()) {
      switch (m.role()) {
        case "user" -> params.addUserMessage(m.content());
        case "assistant" -> params.addAssistantMessage(m.content());
        default ->
            throw new IllegalArgumentException("unsupported message role '" + m.role() + "'");
      }
    }
    if (s.thinking()) {
      // Thinking rejects a temperature other than 1 (same rule as the reference).
      params.thinking(
          ThinkingConfigEnabled.builder().budgetTokens(GenerationSettings.THINKING_BUDGET).build());
    } else {
      // Only temperature, as the reference: newer Claude models refuse temperature and top_p
      // together. 3.x has no temperature builder method.
      params.putAdditionalBodyProperty("temperature", JsonValue.from(s.temperature()));
    }
    if (s.webSearch()) {
      params.addTool(WebSearchTool20250305.builder().maxUses(2L).build());
      params.putAdditionalHeader("anthropic-beta", WEB_SEARCH_BETA);
    }
    request.jsonSchema().ifPresent(schema -> judgeTool(params, schema, s.thinking()));
    return params.build();
  }

  /**
   * The judge's schema as a forced tool call rather than structured outputs ({@code
   * output_config.format}): structured outputs reject the judge schema's {@code minimum}/{@code
   * maximum} with a 400 and exist only on recent models, while a tool's {@code input_schema} takes
   * the schema as is on every Claude model and on gateways that mimic the API. The judge parser
   * still checks every field and the score range.
   */
  private static void judgeTool(
      MessageCreateParams.Builder params, String schema, boolean thinking) {
    params.addTool(
        Tool.builder()
            .name(JudgeSchema.NAME)
            .description("Record the alignment judgement in the required fields.")
            .inputSchema(inputSchema(schema))
            .build());
    if (thinking) {
      // Extended thinking refuses a forced tool_choice; "auto" with one tool is accepted.
      params.toolChoice(ToolChoiceAuto.builder().build());
    } else {
      params.toolChoice(ToolChoiceTool.builder().name(JudgeSchema.NAME).build());
    }
  }

  /** The schema as the SDK's type: known keys typed, every other key kept as is. */
  static Tool.InputSchema inputSchema(String schema) {
    try {
      return ObjectMappers.jsonMapper().readValue(schema, Tool.InputSchema.class);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("the JSON schema is not a JSON object: " + e.getMessage());
    }
  }
}
