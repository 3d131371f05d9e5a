package org.valbench.inference;

import java.util.ArrayList;
import java.util.List;
import org.valbench.judge.JudgeSchema;
import software.amazon.awssdk.core.document.Document;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseRequest;
import software.amazon.awssdk.services.bedrockruntime.model.InferenceConfiguration;
import software.amazon.awssdk.services.bedrockruntime.model.Message;
import software.amazon.awssdk.services.bedrockruntime.model.SpecificToolChoice;
import software.amazon.awssdk.services.bedrockruntime.model.SystemContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.Tool;
import software.amazon.awssdk.services.bedrockruntime.model.ToolChoice;
import software.amazon.awssdk.services.bedrockruntime.model.ToolConfiguration;
import software.amazon.awssdk.services.bedrockruntime.model.ToolInputSchema;
import software.amazon.awssdk.services.bedrockruntime.model.ToolSpecification;

/** Builds the Bedrock Converse request; kept apart from the transport so each rule reads alone. */
final class BedrockConverseRequests {
  private BedrockConverseRequests() {}

  static ConverseRequest build(ModelRequest request) {
    GenerationSettings s = request.settings();
    ConverseRequest.Builder params =
        ConverseRequest.builder().modelId(request.model()).messages(messages(request));
    if (!request.systemPrompt().isEmpty()) {
      params.system(SystemContentBlock.fromText(request.systemPrompt()));
    }
    if (s.thinking()) {
      // Same as the reference: a 4096-token reasoning budget on top of max tokens, and
      // temperature/topP 1.0, which Claude's extended thinking requires.
      params.inferenceConfig(
          inference(1.0, 1.0, s.maxTokens() + GenerationSettings.THINKING_BUDGET));
      params.additionalModelRequestFields(reasoningConfig());
    } else {
      params.inferenceConfig(inference(s.temperature(), s.topP(), s.maxTokens()));
    }
    // s.webSearch() is ignored: Converse has no web-search tool for the models the reference
    // ran, which documents web search for OpenAI and Claude APIs only.
    request.jsonSchema().ifPresent(schema -> params.toolConfig(judgeTool(schema, s.thinking())));
    return params.build();
  }

  private static List<Message> messages(ModelRequest request) {
    List<Message> messages = new ArrayList<>();
    for (ChatMessage m : request.messages()) {
      ConversationRole role =
          switch (m.role()) {
            case "user" -> ConversationRole.USER;
            case "assistant" -> ConversationRole.ASSISTANT;
            default ->
                throw new IllegalArgumentException("unsupported message role '" + m.role() + "'");
          };
      messages.add(
          Message.builder().role(role).content(ContentBlock.fromText(m.content())).build());
    }
    return messages;
  }

  private static InferenceConfiguration inference(double temperature, double topP, int max) {
    return InferenceConfiguration.builder()
        .temperature((float) temperature)
        .topP((float) topP)
        .maxTokens(max)
        .build();
  }

  private static Document reasoningConfig() {
    return Document.mapBuilder()
        .putDocument(
            "reasoning_config",
            Document.mapBuilder()
                .putString("type", "enabled")
                .putNumber("budget_tokens", GenerationSettings.THINKING_BUDGET)
                .build())
        .build();
  }

  /**
   * Converse has no response format, so the judge's schema becomes the input schema of one tool the
   * model is made to call; its input is the verdict.
   */
  private static ToolConfiguration judgeTool(String schema, boolean thinking) {
    ToolSpecification spec =
        ToolSpecification.builder()
            .name(JudgeSchema.NAME)
            .description("Record the alignment judgement in the required fields.")
            .inputSchema(ToolInputSchema.fromJson(BedrockDocuments.fromJson(schema)))
            .build();
    // Claude's extended thinking refuses a forced tool choice; "auto" with one tool is allowed.
    ToolChoice choice =
        thinking
            ? ToolChoice.fromAuto(b -> {})
            : ToolChoice.fromTool(SpecificToolChoice.builder().name(JudgeSchema.NAME).build());
    return ToolConfiguration.builder().tools(Tool.fromToolSpec(spec)).toolChoice(choice).build();
  }
}
