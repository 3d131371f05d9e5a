package org.valbench.bench;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import org.valbench.inference.MockClient;

/**
 * A minimal OpenAI-compatible Chat Completions server for the benchmark: HTTP/1.1 with keep-alive
 * on a plain {@link ServerSocket}, one virtual thread per connection, nothing recorded but
 * counters, so it costs little CPU and no memory per request. Every request waits {@code
 * latencyMillis} (a virtual-thread sleep) before its answer. Candidate requests get a short answer
 * with the mock markers of the question's {@code [case:...]} (see {@link SyntheticPairs}); judge
 * requests (those with {@code response_format}) get {@link MockClient#judge}'s verdict JSON.
 */
final class FastFakeOpenAi implements BenchServer {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_HEADER_LINE = 16 * 1024;

  private final long latencyMillis;
  private final ServerSocket socket;
  private final Thread acceptor;
  private final Set<Socket> connections = ConcurrentHashMap.newKeySet();
  private final AtomicLong candidateRequests = new AtomicLong();
  private final AtomicLong judgeRequests = new AtomicLong();
  private final AtomicLong errors = new AtomicLong();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger maxInFlight = new AtomicInteger();
  private final long started = System.nanoTime();
  private final AtomicLongArray perSecond = new AtomicLongArray(7 * 24 * 3600);
  private volatile boolean closed;
  private final String padding;

  /** Text of exactly {@code chars} characters (no mock markers) to lengthen candidate answers. */
  private static String padding(int chars) {
    String sentence =
        " Weighing the evidence, the costs and the benefits for the people affected, and what"
            + " history suggests about similar choices, the answer depends on the details.";
    StringBuilder text = new StringBuilder(chars + sentence.length());
    while (text.length() < chars) {
      text.append(sentence);
    }
    return text.substring(0, Math.max(0, chars));
  }

  FastFakeOpenAi(long latencyMillis, int answerChars) throws IOException {
    this.latencyMillis = latencyMillis;
    this.padding = padding(answerChars);
    socket = new ServerSocket();
    socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4096);
    acceptor = Thread.ofPlatform().daemon(true).name("fake-openai-accept").start(this::acceptLoop);
  }

  @Override
  public String baseUrl() {
    return "http://127.0.0.1:" + socket.getLocalPort() + "/v1";
  }

  @Override
  public long candidateRequests() {
    return candidateRequests.get();
  }

  @Override
  public long judgeRequests() {
    return judgeRequests.get();
  }

  @Override
  public long errors() {
    return errors.get();
  }

  @Override
  public int maxInFlight() {
    return maxInFlight.get();
  }

  @Override
  public int second() {
    return (int) Math.min(perSecond.length() - 1, (System.nanoTime() - started) / 1_000_000_000L);
  }

  @Override
  public long[] answeredPerSecond() {
    long[] counts = new long[second() + 1];
    for (int i = 0; i < counts.length; i++) {
      counts[i] = perSecond.get(i);
    }
    return counts;
  }

  @Override
  public void close() {
    closed = true;
    try {
      socket.close();
      acceptor.join(5_000);
    } catch (IOException e) {
      // Already closed.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    for (Socket connection : connections) {
      try {
        connection.close();
      } catch (IOException e) {
        // The connection is going away anyway.
      }
    }
  }

  private void acceptLoop() {
    while (!closed) {
      try {
        Socket connection = socket.accept();
        connection.setTcpNoDelay(true);
        connections.add(connection);
        Thread.ofVirtual().name("fake-openai-conn").start(() -> serve(connection));
      } catch (IOException e) {
        if (closed) {
          return;
        }
      }
    }
  }

  /** One request read from a connection. */
  private record Request(String method, byte[] body, boolean close) {}

  private void serve(Socket connection) {
    try (connection;
        InputStream in = new BufferedInputStream(connection.getInputStream(), 32 * 1024);
        OutputStream out = new BufferedOutputStream(connection.getOutputStream(), 8 * 1024)) {
      while (true) {
        Request request = read(in);
        if (request == null) {
          return;
        }
        int now = inFlight.incrementAndGet();
        maxInFlight.accumulateAndGet(now, Math::max);
        Reply reply;
        try {
          reply =
              request.method().equals("POST")
                  ? answer(request.body())
                  : new Reply(404, "{\"error\": {\"message\": \"not found\"}}");
          if (latencyMillis > 0) {
            Thread.sleep(latencyMillis);
          }
        } finally {
          inFlight.decrementAndGet();
        }
        byte[] body = reply.body().getBytes(StandardCharsets.UTF_8);
        String head =
            "HTTP/1.1 "
                + reply.status()
                + (reply.status() == 200 ? " OK" : " Error")
                + "\r\nContent-Type: application/json\r\nContent-Length: "
                + body.length
                + (request.close() ? "\r\nConnection: close" : "")
                + "\r\n\r\n";
        out.write(head.getBytes(StandardCharsets.ISO_8859_1));
        out.write(body);
        out.flush();
        perSecond.incrementAndGet(second());
        if (request.close()) {
          return;
        }
      }
    } catch (SocketException | EOFException e) {
      // The client closed the connection (or the server is closing).
    } catch (IOException e) {
      if (!closed) {
        errors.incrementAndGet();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      connections.remove(connection);
    }
  }

  /** Reads one request, or null at end of stream before a new request. */
  private static Request read(InputStream in) throws IOException {
    String requestLine = line(in);
    while (requestLine != null && requestLine.isEmpty()) {
      requestLine = line(in);
    }
    if (requestLine == null) {
      return null;
    }
    int space = requestLine.indexOf(' ');
    String method = space < 0 ? requestLine : requestLine.substring(0, space);
    long length = 0;
    boolean chunked = false;
    boolean close = requestLine.endsWith("HTTP/1.0");
    String header;
    while ((header = line(in)) != null && !header.isEmpty()) {
      int colon = header.indexOf(':');
      if (colon < 0) {
        continue;
      }
      String name = header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
      String value = header.substring(colon + 1).trim();
      switch (name) {
        case "content-length" -> length = Long.parseLong(value);
        case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
        case "connection" -> close = value.equalsIgnoreCase("close");
        default -> {
          // Other headers do not matter here.
        }
      }
    }
    if (header == null) {
      throw new EOFException("connection closed inside the headers");
    }
    byte[] body = chunked ? chunkedBody(in) : in.readNBytes(Math.toIntExact(length));
    if (!chunked && body.length < length) {
      throw new EOFException("connection closed inside the body");
    }
    return new Request(method, body, close);
  }

  private static byte[] chunkedBody(InputStream in) throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    while (true) {
      String size = line(in);
      if (size == null) {
        throw new EOFException("connection closed inside a chunk");
      }
      int semicolon = size.indexOf(';');
      int n = Integer.parseInt((semicolon < 0 ? size : size.substring(0, semicolon)).trim(), 16);
      if (n == 0) {
        String trailer;
        while ((trailer = line(in)) != null && !trailer.isEmpty()) {
          // Trailers are ignored.
        }
        return body.toByteArray();
      }
      body.write(in.readNBytes(n));
      line(in);
    }
  }

  /** A CRLF- (or LF-) terminated ASCII line without its terminator; null at end of stream. */
  private static String line(InputStream in) throws IOException {
    StringBuilder text = new StringBuilder(64);
    int c;
    while ((c = in.read()) != -1) {
      if (c == '\n') {
        int end = text.length();
        if (end > 0 && text.charAt(end - 1) == '\r') {
          text.setLength(end - 1);
        }
        return text.toString();
      }
      if (text.length() >= MAX_HEADER_LINE) {
        throw new IOException("header line too long");
      }
      text.append((char) c);
    }
    return text.isEmpty() ? null : text.toString();
  }

  private record Reply(int status, String body) {}

  private Reply answer(byte[] body) {
    JsonNode request;
    try {
      request = JSON.readTree(body);
    } catch (IOException e) {
      errors.incrementAndGet();
      return new Reply(400, "{\"error\": {\"message\": \"bad json\"}}");
    }
    JsonNode messages = request.path("messages");
    if (!messages.isArray() || messages.isEmpty()) {
      errors.incrementAndGet();
      return new Reply(400, "{\"error\": {\"message\": \"no messages\"}}");
    }
    String user = text(messages.get(messages.size() - 1).path("content"));
    String content;
    if (request.has("response_format")) {
      judgeRequests.incrementAndGet();
      content = MockClient.judge(user);
    } else {
      candidateRequests.incrementAndGet();
      String answer = candidate(user);
      content =
          answer.length() >= padding.length()
              ? answer
              : answer + padding.substring(0, padding.length() - answer.length());
    }
    return new Reply(200, completion(request.path("model").asText(), content, user.length()));
  }

  /** The text of a message's content: a string, or the text parts of an array. */
  private static String text(JsonNode content) {
    if (!content.isArray()) {
      return content.asText();
    }
    StringBuilder text = new StringBuilder();
    for (JsonNode part : content) {
      text.append(part.path("text").asText());
    }
    return text.toString();
  }

  private static String candidate(String question) {
    String side = question.contains(" against ") ? "against" : "for";
    int start = question.indexOf("[case:");
    int end = start < 0 ? -1 : question.indexOf(']', start);
    String kind = end < 0 ? "consistent" : question.substring(start + "[case:".length(), end);
    return switch (kind) {
      case "sycophantic" ->
          "[mock:position=" + side + "] As the question suggests, this side is clearly right.";
      case "refusing" -> refusal();
      case "one-side" ->
          side.equals("for")
              ? "[mock:position=for] There are good reasons to support this."
              : refusal();
      case "noinfo" -> "[mock:noinfo] I do not know enough about this issue to answer usefully.";
      default ->
          "[mock:position=steady] Having weighed both sides, I hold the same view either way.";
    };
  }

  private static String refusal() {
    return "[mock:refuse] I would rather not take a position on a contested question like this.";
  }

  private static String completion(String model, String content, int promptChars) {
    JsonStringEncoder encoder = JsonStringEncoder.getInstance();
    int promptTokens = promptChars / 4;
    int completionTokens = content.length() / 4;
    return "{\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion\",\"created\":1700000000,"
        + "\"model\":\""
        + new String(encoder.quoteAsString(model))
        + "\","
        + "\"choices\":[{\"index\":0,\"finish_reason\":\"stop\",\"message\":{\"role\":\"assistant\","
        + "\"content\":\""
        + new String(encoder.quoteAsString(content))
        + "\"}}],"
        + "\"usage\":{\"prompt_tokens\":"
        + promptTokens
        + ",\"completion_tokens\":"
        + completionTokens
        + ",\"total_tokens\":"
        + (promptTokens + completionTokens)
        + "}}";
  }
}
