package org.valbench.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An OpenAI Files + Batch API on loopback, answering each batch line as {@link FakeOpenAi} answers
 * the same live request (which it also serves on {@code /v1/chat/completions}). A batch moves
 * validating, in_progress, finalizing, completed as it is polled ({@link #pollsToFinish} polls, one
 * more for every second batch, so results arrive across several polls, and not before {@link
 * #latencyMillis} after its creation). Output lines are shuffled; 4xx/5xx answers go to the error
 * file; {@link #expireNext} batches expire with half their lines run (the rest as {@code
 * batch_expired}); {@link #quotaFailures} batches fail whole with {@code token_limit_exceeded}. It
 * counts billed lines (run and answered 200) per custom_id, so a test can check nothing was paid
 * twice. State lives in this object, so it survives a client's restart or kill.
 */
public final class FakeOpenAiBatches {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern BATCH = Pattern.compile("/v1/batches/([^/?]+)(/cancel)?");
  private static final Pattern CONTENT = Pattern.compile("/v1/files/([^/?]+)/content");

  public final FakeOpenAi answers = new FakeOpenAi();
  public volatile int pollsToFinish = 2;
  public volatile long latencyMillis = 0;
  public volatile long createDelayMillis = 0;
  public final AtomicInteger expireNext = new AtomicInteger();
  public final AtomicInteger quotaFailures = new AtomicInteger();
  public final AtomicInteger billed = new AtomicInteger();
  public final AtomicInteger submittedLines = new AtomicInteger();
  public final AtomicInteger batchesCreated = new AtomicInteger();
  public final AtomicInteger polls = new AtomicInteger();
  public final AtomicInteger liveRequests = new AtomicInteger();
  public final Map<String, AtomicInteger> billedByKey = new ConcurrentHashMap<>();
  private final Map<String, byte[]> files = new ConcurrentHashMap<>();
  private final Map<String, Batch> batches = new ConcurrentHashMap<>();
  private final List<String> order = Collections.synchronizedList(new ArrayList<>());
  private final Random random = new Random(17);
  private final AtomicInteger ids = new AtomicInteger();
  private volatile boolean noBatchApi;

  private static final class Batch {
    final String id;
    final int index;
    final String inputFileId;
    final String endpoint;
    final JsonNode metadata;
    final long createdAt;
    final long createdMillis;
    final boolean expire;
    final boolean quota;
    String status = "validating";
    int polled;
    String outputFileId;
    String errorFileId;
    int total;
    int completed;
    int failed;

    Batch(
        String id,
        int index,
        String inputFileId,
        String endpoint,
        JsonNode metadata,
        boolean expire,
        boolean quota) {
      this.id = id;
      this.index = index;
      this.inputFileId = inputFileId;
      this.endpoint = endpoint;
      this.metadata = metadata;
      this.createdMillis = System.currentTimeMillis();
      this.createdAt = createdMillis / 1000;
      this.expire = expire;
      this.quota = quota;
    }
  }

  /** Answers as a server without batch endpoints (vLLM's): 404 on the Files and Batch API. */
  public FakeOpenAiBatches withoutBatchApi() {
    noBatchApi = true;
    return this;
  }

  /** Requests whose custom_id was billed more than once. */
  public List<String> billedTwice() {
    return billedByKey.entrySet().stream()
        .filter(e -> e.getValue().get() > 1)
        .map(Map.Entry::getKey)
        .toList();
  }

  public synchronized FakeHttpServer.Reply handle(FakeHttpServer.Recorded r) {
    try {
      String path = r.path();
      if (path.startsWith("/v1/chat/completions")) {
        liveRequests.incrementAndGet();
        return answers.handle(r);
      }
      if (noBatchApi) {
        return FakeHttpServer.Reply.json(
            404, "{\"error\":{\"message\":\"Not Found\",\"type\":\"not_found\"}}");
      }
      if (r.method().equals("POST") && path.equals("/v1/files")) {
        return upload(r);
      }
      Matcher content = CONTENT.matcher(path);
      if (r.method().equals("GET") && content.matches()) {
        byte[] bytes = files.get(content.group(1));
        return bytes == null
            ? FakeHttpServer.Reply.json(404, "{\"error\":{\"message\":\"No such file\"}}")
            : FakeHttpServer.Reply.bytes(bytes);
      }
      if (r.method().equals("POST") && path.equals("/v1/batches")) {
        return create(JSON.readTree(r.body()));
      }
      if (r.method().equals("GET")
          && (path.startsWith("/v1/batches?") || path.equals("/v1/batches"))) {
        return list();
      }
      Matcher batch = BATCH.matcher(path);
      if (batch.matches()) {
        Batch b = batches.get(batch.group(1));
        if (b == null) {
          return FakeHttpServer.Reply.json(404, "{\"error\":{\"message\":\"No such batch\"}}");
        }
        if (batch.group(2) != null) {
          if (!terminal(b)) {
            b.status = "cancelled";
            finish(b, "batch_cancelled");
          }
        } else {
          polls.incrementAndGet();
          advance(b);
        }
        return FakeHttpServer.Reply.json(200, json(b).toString());
      }
      return FakeHttpServer.Reply.json(
          404, "{\"error\":{\"message\":\"unknown route " + path + "\"}}");
    } catch (Exception e) {
      return FakeHttpServer.Reply.json(500, "{\"error\":{\"message\":\"fake failed: " + e + "\"}}");
    }
  }

  private FakeHttpServer.Reply upload(FakeHttpServer.Recorded r) {
    String type = r.header("content-type");
    String boundary = "--" + type.substring(type.indexOf("boundary=") + 9).replace("\"", "");
    String body = new String(r.bytes(), StandardCharsets.ISO_8859_1);
    String file = null;
    String purpose = null;
    String filename = "";
    for (String part : body.split(Pattern.quote(boundary))) {
      int split = part.indexOf("\r\n\r\n");
      if (split < 0) {
        continue;
      }
      String headers = part.substring(0, split);
      String value = part.substring(split + 4);
      if (value.endsWith("\r\n")) {
        value = value.substring(0, value.length() - 2);
      }
      if (headers.contains("name=\"file\"")) {
        file = value;
        Matcher m = Pattern.compile("filename=\"([^\"]*)\"").matcher(headers);
        filename = m.find() ? m.group(1) : "";
      } else if (headers.contains("name=\"purpose\"")) {
        purpose = value;
      }
    }
    if (file == null || !"batch".equals(purpose) || !filename.endsWith(".jsonl")) {
      return FakeHttpServer.Reply.json(400, "{\"error\":{\"message\":\"bad upload\"}}");
    }
    String id = "file-" + ids.incrementAndGet();
    files.put(id, file.getBytes(StandardCharsets.ISO_8859_1));
    ObjectNode f = JSON.createObjectNode();
    f.put("id", id)
        .put("object", "file")
        .put("bytes", file.length())
        .put("created_at", System.currentTimeMillis() / 1000);
    f.put("filename", filename).put("purpose", "batch").put("status", "processed");
    return FakeHttpServer.Reply.json(200, f.toString());
  }

  private FakeHttpServer.Reply create(JsonNode req) throws Exception {
    if (createDelayMillis > 0) {
      Thread.sleep(createDelayMillis);
    }
    if (!"24h".equals(req.path("completion_window").asText())
        || !files.containsKey(req.path("input_file_id").asText())) {
      return FakeHttpServer.Reply.json(400, "{\"error\":{\"message\":\"bad batch\"}}");
    }
    String id = "batch_" + ids.incrementAndGet();
    Batch b =
        new Batch(
            id,
            batchesCreated.getAndIncrement(),
            req.path("input_file_id").asText(),
            req.path("endpoint").asText(),
            req.path("metadata"),
            decrementIfPositive(expireNext),
            decrementIfPositive(quotaFailures));
    batches.put(id, b);
    order.add(id);
    b.total = lines(b).size();
    submittedLines.addAndGet(b.total);
    return FakeHttpServer.Reply.json(200, json(b).toString());
  }

  private static boolean decrementIfPositive(AtomicInteger n) {
    return n.getAndUpdate(v -> v > 0 ? v - 1 : 0) > 0;
  }

  private FakeHttpServer.Reply list() {
    ObjectNode page = JSON.createObjectNode();
    ArrayNode data = page.putArray("data");
    List<String> newestFirst = new ArrayList<>(order);
    Collections.reverse(newestFirst);
    for (String id : newestFirst) {
      data.add(json(batches.get(id)));
    }
    page.put("object", "list").put("has_more", false);
    polls.incrementAndGet();
    return FakeHttpServer.Reply.json(200, page.toString());
  }

  private static boolean terminal(Batch b) {
    return List.of("completed", "expired", "cancelled", "failed").contains(b.status);
  }

  private void advance(Batch b) throws Exception {
    if (terminal(b)) {
      return;
    }
    b.polled++;
    if (b.quota) {
      b.status = "failed";
      return;
    }
    int needed = pollsToFinish + (b.index % 2);
    boolean due = System.currentTimeMillis() - b.createdMillis >= latencyMillis;
    if (b.polled >= needed && due) {
      b.status = b.expire ? "expired" : "completed";
      finish(b, b.expire ? "batch_expired" : "");
    } else if (b.polled >= needed - 1) {
      b.status = "finalizing";
    } else {
      b.status = "in_progress";
    }
  }

  private List<JsonNode> lines(Batch b) throws Exception {
    List<JsonNode> lines = new ArrayList<>();
    for (String line : new String(files.get(b.inputFileId), StandardCharsets.UTF_8).split("\n")) {
      if (!line.isBlank()) {
        lines.add(JSON.readTree(line));
      }
    }
    return lines;
  }

  /** Runs the lines (all, or half when the batch expired or was cancelled) into the two files. */
  private void finish(Batch b, String notRunCode) throws Exception {
    List<JsonNode> lines = lines(b);
    int run = notRunCode.isEmpty() ? lines.size() : lines.size() / 2;
    List<String> out = new ArrayList<>();
    List<String> errors = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      JsonNode line = lines.get(i);
      String customId = line.path("custom_id").asText();
      ObjectNode result = JSON.createObjectNode();
      result.put("id", "batch_req_" + ids.incrementAndGet()).put("custom_id", customId);
      if (i >= run) {
        result.putNull("response");
        result.putObject("error").put("code", notRunCode).put("message", "not run");
        errors.add(result.toString());
        continue;
      }
      FakeHttpServer.Reply reply =
          answers.handle(
              new FakeHttpServer.Recorded(
                  "POST",
                  line.path("url").asText(),
                  Map.of(),
                  line.path("body").toString(),
                  new byte[0]));
      ObjectNode response = result.putObject("response");
      response.put("status_code", reply.status()).put("request_id", "req_" + i);
      response.set("body", JSON.readTree(reply.body()));
      result.putNull("error");
      if (reply.status() == 200) {
        billed.incrementAndGet();
        billedByKey.computeIfAbsent(customId, k -> new AtomicInteger()).incrementAndGet();
        b.completed++;
        out.add(result.toString());
      } else {
        b.failed++;
        errors.add(result.toString());
      }
    }
    b.failed += lines.size() - run;
    Collections.shuffle(out, random);
    Collections.shuffle(errors, random);
    if (!out.isEmpty()) {
      b.outputFileId = "file-" + ids.incrementAndGet();
      files.put(b.outputFileId, (String.join("\n", out) + "\n").getBytes(StandardCharsets.UTF_8));
    }
    if (!errors.isEmpty()) {
      b.errorFileId = "file-" + ids.incrementAndGet();
      files.put(b.errorFileId, (String.join("\n", errors) + "\n").getBytes(StandardCharsets.UTF_8));
    }
  }

  private static ObjectNode json(Batch b) {
    ObjectNode n = JSON.createObjectNode();
    n.put("id", b.id).put("object", "batch").put("endpoint", b.endpoint);
    n.put("input_file_id", b.inputFileId).put("completion_window", "24h").put("status", b.status);
    n.put("created_at", b.createdAt);
    n.put("output_file_id", b.outputFileId).put("error_file_id", b.errorFileId);
    if (b.quota && b.status.equals("failed")) {
      ObjectNode errors = n.putObject("errors");
      errors.put("object", "list");
      errors
          .putArray("data")
          .addObject()
          .put("code", "token_limit_exceeded")
          .put("message", "Enqueued token limit reached for the model.");
    }
    n.putObject("request_counts")
        .put("total", b.total)
        .put("completed", b.completed)
        .put("failed", b.failed);
    if (b.metadata.isObject()) {
      n.set("metadata", b.metadata);
    }
    return n;
  }
}
