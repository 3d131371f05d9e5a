package org.valbench.inference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.openai.client.OpenAIClient;
import com.openai.core.JsonValue;
import com.openai.core.MultipartField;
import com.openai.core.ObjectMappers;
import com.openai.core.http.HttpResponse;
import com.openai.errors.OpenAIServiceException;
import com.openai.models.batches.Batch;
import com.openai.models.batches.BatchCreateParams;
import com.openai.models.batches.BatchError;
import com.openai.models.batches.BatchListParams;
import com.openai.models.batches.BatchRequestCounts;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.files.FileCreateParams;
import com.openai.models.files.FilePurpose;
import com.openai.models.responses.Response;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import org.valbench.common.Urls;

/**
 * OpenAI's Batch API on the official SDK: the requests of one chunk go up as a JSONL file ({@code
 * POST /v1/files}, purpose {@code batch}), then {@code POST /v1/batches} with the chunk id in the
 * batch's {@code metadata}; results come back from the output file (answers) and the error file
 * (per-request HTTP errors, expired and cancelled requests), in any order, matched by {@code
 * custom_id}, which is the request's cache key.
 */
final class OpenAiBatchApi implements BatchApi {
  /** The metadata entry that carries the chunk id, searched for after a crash. */
  static final String CHUNK_TAG = "valbench_chunk";

  /** Statuses of a server that has no such route, or does not implement it. */
  private static final Set<Integer> NO_ROUTE = Set.of(404, 405, 501);

  private final OpenAIClient client;
  private final OpenAiApi api;
  private final String baseUrl;
  private final ObjectMapper json = ObjectMappers.jsonMapper();

  OpenAiBatchApi(OpenAIClient client, OpenAiApi api, String baseUrl) {
    this.client = client;
    this.api = api;
    this.baseUrl = baseUrl;
  }

  @Override
  public String endpoint() {
    return api == OpenAiApi.CHAT ? "/v1/chat/completions" : "/v1/responses";
  }

  @Override
  public String create(String chunkId, List<Keyed> requests) throws Exception {
    byte[] lines = jsonl(requests);
    String fileId;
    try {
      fileId =
          client
              .files()
              .create(
                  FileCreateParams.builder()
                      .file(
                          MultipartField.<InputStream>builder()
                              .value(new ByteArrayInputStream(lines))
                              .filename(chunkId + ".jsonl")
                              .build())
                      .purpose(FilePurpose.BATCH)
                      .build())
              .id();
    } catch (OpenAIServiceException e) {
      throw unsupportedIfNoRoute(e, "/files");
    }
    try {
      return client
          .batches()
          .create(
              BatchCreateParams.builder()
                  .inputFileId(fileId)
                  .endpoint(
                      api == OpenAiApi.CHAT
                          ? BatchCreateParams.Endpoint.V1_CHAT_COMPLETIONS
                          : BatchCreateParams.Endpoint.V1_RESPONSES)
                  .completionWindow(BatchCreateParams.CompletionWindow._24H)
                  .metadata(
                      BatchCreateParams.Metadata.builder()
                          .putAdditionalProperty(CHUNK_TAG, JsonValue.from(chunkId))
                          .build())
                  .build())
          .id();
    } catch (OpenAIServiceException e) {
      throw unsupportedIfNoRoute(e, "/batches");
    }
  }

  @Override
  public Optional<String> find(String chunkId, Instant plannedAt, int count) throws Exception {
    // Newest first; a batch made for this chunk is not older than its intent (a minute of slack
    // for clocks that disagree).
    long oldest = plannedAt.getEpochSecond() - 60;
    for (Batch b :
        client.batches().list(BatchListParams.builder().limit(100).build()).autoPager()) {
      if (chunkId.equals(tag(b))) {
        return Optional.of(b.id());
      }
      if (b.createdAt() < oldest) {
        break;
      }
    }
    return Optional.empty();
  }

  @Override
  public Status status(String batchId) throws Exception {
    Batch b = client.batches().retrieve(batchId);
    Optional<BatchRequestCounts> counts = b.requestCounts();
    long done = counts.map(BatchRequestCounts::completed).orElse(0L);
    long failed = counts.map(BatchRequestCounts::failed).orElse(0L);
    long total = counts.map(BatchRequestCounts::total).orElse(0L);
    String state = b.status().asString();
    Phase phase =
        switch (b.status().value()) {
          case COMPLETED, EXPIRED, CANCELLED -> Phase.ENDED;
          case FAILED -> quota(b) ? Phase.QUOTA : Phase.REFUSED;
          default -> Phase.RUNNING;
        };
    return new Status(phase, state, done, failed, total, failure(b));
  }

  @Override
  public void results(String batchId, BiConsumer<String, Outcome> each) throws Exception {
    Batch b = client.batches().retrieve(batchId);
    for (Optional<String> file : List.of(b.outputFileId(), b.errorFileId())) {
      if (file.isPresent()) {
        try (HttpResponse r = client.files().content(file.get());
            BufferedReader in =
                new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
          for (String line = in.readLine(); line != null; line = in.readLine()) {
            if (!line.isBlank()) {
              JsonNode node = json.readTree(line);
              each.accept(node.path("custom_id").asText(), outcome(node));
            }
          }
        }
      }
    }
  }

  @Override
  public void cancel(String batchId) throws Exception {
    client.batches().cancel(batchId);
  }

  /** One JSONL line per request: the exact body the live call would send. */
  private byte[] jsonl(List<Keyed> requests) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Keyed k : requests) {
      Object body =
          api == OpenAiApi.CHAT
              ? OpenAiChatCalls.params(k.request())._body()
              : OpenAiResponsesCalls.params(k.request())._body();
      ObjectNode line = json.createObjectNode();
      line.put("custom_id", k.key()).put("method", "POST").put("url", endpoint());
      line.set("body", json.valueToTree(body));
      out.write(json.writeValueAsBytes(line));
      out.write('\n');
    }
    return out.toByteArray();
  }

  /** A result line as the transport needs it. */
  private Outcome outcome(JsonNode line) {
    JsonNode response = line.path("response");
    if (response.isObject()) {
      int status = response.path("status_code").asInt(0);
      JsonNode body = response.path("body");
      if (status == 200) {
        return answer(body);
      }
      RetryDecision d =
          FailureTable.decide(
              FailureTable.Dialect.OPENAI,
              FailedAttempt.answered(Math.max(status, 1), name -> null, body.toString(), ""),
              "");
      return d.kind() == RetryDecision.Kind.RETRY
          ? new Outcome.Requeue(d.message())
          : new Outcome.Failed(d.message());
    }
    JsonNode error = line.path("error");
    String code = error.path("code").asText("no result");
    return new Outcome.Requeue(code + ": " + error.path("message").asText(""));
  }

  private Outcome answer(JsonNode body) {
    try {
      ModelAnswer answer =
          api == OpenAiApi.CHAT
              ? OpenAiChatCalls.answer(json.treeToValue(body, ChatCompletion.class))
              : OpenAiResponsesCalls.answer(json.treeToValue(body, Response.class));
      return new Outcome.Answer(answer);
    } catch (ClassifiedFailure f) {
      return f.decision().kind() == RetryDecision.Kind.RETRY
          ? new Outcome.Requeue(f.decision().message())
          : new Outcome.Failed(f.decision().message());
    } catch (IOException | RuntimeException unreadable) {
      return new Outcome.Failed(
          OpenAiClient.PROVIDER + " batch answer unreadable: " + unreadable.getMessage());
    }
  }

  private RuntimeException unsupportedIfNoRoute(OpenAIServiceException e, String path) {
    if (NO_ROUTE.contains(e.statusCode())) {
      return new BatchesUnsupportedException(
          Urls.withoutCredentials(baseUrl)
              + " has no batch API (HTTP "
              + e.statusCode()
              + " on "
              + path
              + "; vLLM's server, for one, has none): run without --batch",
          e);
    }
    return e;
  }

  private static String tag(Batch b) {
    JsonValue value = b.metadata().map(m -> m._additionalProperties().get(CHUNK_TAG)).orElse(null);
    if (value == null) {
      return "";
    }
    Optional<?> text = value.asString();
    return text.map(Object::toString).orElse("");
  }

  private static boolean quota(Batch b) {
    return errors(b).stream()
        .anyMatch(e -> e.code().filter("token_limit_exceeded"::equals).isPresent());
  }

  private static String failure(Batch b) {
    return errors(b).stream()
        .findFirst()
        .map(e -> e.code().orElse("") + ": " + e.message().orElse(""))
        .orElse("");
  }

  private static List<BatchError> errors(Batch b) {
    return b.errors().flatMap(Batch.Errors::data).orElse(List.of());
  }
}
