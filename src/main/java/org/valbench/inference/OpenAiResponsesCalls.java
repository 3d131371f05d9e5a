package org.valbench.inference;

import com.openai.models.ChatModel;
import com.openai.models.Reasoning;
import com.openai.models.ReasoningEffort;
import com.openai.models.ResponsesModel;
import com.openai.models.responses.EasyInputMessage;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseFormatTextJsonSchemaConfig;
import com.openai.models.responses.ResponseInputItem;
import com.openai.models.responses.ResponseOutputItem;
import com.openai.models.responses.ResponseOutputMessage;
import com.openai.models.responses.ResponseOutputText;
import com.openai.models.responses.ResponseStatus;
import com.openai.models.responses.ResponseTextConfig;
import com.openai.models.responses.ResponseUsage;
import com.openai.models.responses.WebSearchTool;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.valbench.judge.JudgeSchema;

/** Builds OpenAI Responses API requests and reads their answers. */
final class OpenAiResponsesCalls {
  private OpenAiResponsesCalls() {}

  static ResponseCreateParams params(ModelRequest request) {
    GenerationSettings s = request.settings();
    List<ResponseInputItem> input = new ArrayList<>();
    for (ChatMessage m : request.messages()) {
      input.add(
          ResponseInputItem.ofEasyInputMessage(
              EasyInputMessage.builder()
                  .role(EasyInputMessage.Role.of(m.role()))
                  .content(m.content())
                  .build()));
    }
    ResponseCreateParams.Builder params =
        ResponseCreateParams.builder()
            .model(request.model())
            .inputOfResponse(input)
            .maxOutputTokens(s.maxTokens());
    if (!request.systemPrompt().isEmpty()) {
      params.instructions(request.systemPrompt());
    }
    if (s.thinking()) {
      // Reasoning models reject temperature and top_p (same rule as the reference).
      params.reasoning(
          Reasoning.builder()
              .effort(ReasoningEffort.MEDIUM)
              .summary(Reasoning.Summary.AUTO)
              .build());
    } else {
      params.temperature(s.temperature()).topP(s.topP());
    }
    if (s.webSearch()) {
      params.addTool(WebSearchTool.builder().type(WebSearchTool.Type.WEB_SEARCH).build());
    }
    request.jsonSchema().ifPresent(schema -> params.text(textFormat(schema)));
    return params.build();
  }

  private static ResponseTextConfig textFormat(String schema) {
    return ResponseTextConfig.builder()
        .format(
            ResponseFormatTextJsonSchemaConfig.builder()
                .name(JudgeSchema.NAME)
                .schema(
                    ResponseFormatTextJsonSchemaConfig.Schema.builder()
                        .additionalProperties(OpenAiFields.schemaFields(schema))
                        .build())
                .strict(true)
                .build())
        .build();
  }

  static ModelAnswer answer(Response response) throws ClassifiedFailure {
    String status = response._status().asKnown().map(ResponseStatus::asString).orElse("");
    if (status.equals("failed")) {
      throw new ClassifiedFailure(failedResponse(response), null);
    }
    StringBuilder text = new StringBuilder();
    StringBuilder refusal = new StringBuilder();
    List<Citation> citations = new ArrayList<>();
    List<String> summaries = new ArrayList<>();
    for (ResponseOutputItem item : response._output().asKnown().orElse(List.of())) {
      item.message().ifPresent(m -> collectMessage(m, text, refusal, citations));
      item.reasoning()
          .flatMap(r -> r._summary().asKnown())
          .ifPresent(list -> list.forEach(s -> s._text().asKnown().ifPresent(summaries::add)));
    }
    String reasoning = String.join("\n", summaries).strip();
    return new ModelAnswer(
        text.isEmpty() ? refusal.toString() : text.toString(),
        reasoning.isEmpty() ? Optional.empty() : Optional.of(reasoning),
        citations,
        usage(response._usage().asKnown()),
        finishReason(response, status),
        response._model().asKnown().map(OpenAiResponsesCalls::modelName).orElse(""));
  }

  private static void collectMessage(
      ResponseOutputMessage message,
      StringBuilder text,
      StringBuilder refusal,
      List<Citation> citations) {
    for (ResponseOutputMessage.Content part : message._content().asKnown().orElse(List.of())) {
      part.refusal().ifPresent(r -> r._refusal().asKnown().ifPresent(refusal::append));
      Optional<ResponseOutputText> output = part.outputText();
      if (output.isEmpty()) {
        continue;
      }
      String partText = output.get()._text().asKnown().orElse("");
      text.append(partText);
      for (ResponseOutputText.Annotation a :
          output.get()._annotations().asKnown().orElse(List.of())) {
        a.urlCitation()
            .ifPresent(
                c ->
                    citations.add(
                        OpenAiFields.citation(
                            partText, c._url(), c._title(), c._startIndex(), c._endIndex())));
      }
    }
  }

  private static RetryDecision failedResponse(Response response) {
    String code =
        response
            ._error()
            .asKnown()
            .flatMap(e -> e._code().asKnown())
            .map(c -> c.asString())
            .orElse("");
    String message = response._error().asKnown().flatMap(e -> e._message().asKnown()).orElse("");
    String text =
        OpenAiClient.PROVIDER
            + " response failed: "
            + code
            + (message.isEmpty() ? "" : ": " + message);
    return code.equals("server_error") || code.equals("rate_limit_exceeded")
        ? RetryDecision.retry(text)
        : RetryDecision.fail(text);
  }

  /** The status, or why the response is incomplete (e.g. {@code max_output_tokens}). */
  private static String finishReason(Response response, String status) {
    if (status.equals("incomplete")) {
      return response
          ._incompleteDetails()
          .asKnown()
          .flatMap(d -> d._reason().asKnown())
          .map(r -> r.asString())
          .orElse(status);
    }
    return status;
  }

  private static Usage usage(Optional<ResponseUsage> reported) {
    if (reported.isEmpty()) {
      return Usage.NONE;
    }
    ResponseUsage u = reported.get();
    return new Usage(
        OpenAiFields.count(u._inputTokens()),
        OpenAiFields.count(u._outputTokens()),
        u._outputTokensDetails()
            .asKnown()
            .map(d -> OpenAiFields.count(d._reasoningTokens()))
            .orElse(0L),
        u._inputTokensDetails()
            .asKnown()
            .map(d -> OpenAiFields.count(d._cachedTokens()))
            .orElse(0L));
  }

  private static String modelName(ResponsesModel model) {
    return model
        .string()
        .or(() -> model.chat().map(ChatModel::asString))
        .or(() -> model.only().map(m -> m.asString()))
        .orElse("");
  }
}
