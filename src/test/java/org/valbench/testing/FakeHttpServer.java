package org.valbench.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A scripted HTTP server on loopback for provider tests (JDK HttpServer, HTTP/1.1, no extra
 * dependency). It records every request and answers with a handler, or with queued responses in
 * order (the last one repeats). It also tracks the highest number of requests in flight.
 */
public final class FakeHttpServer implements AutoCloseable {

  /**
   * A request as received: method, path (with query), headers (lower-case names), body as text and
   * as bytes (for binary uploads).
   */
  public record Recorded(
      String method, String path, Map<String, String> headers, String body, byte[] bytes) {
    public String header(String name) {
      return headers.get(name.toLowerCase(java.util.Locale.ROOT));
    }
  }

  /** A response to send. {@code delayMillis} is slept before answering (real time). */
  public record Reply(
      int status, Map<String, String> headers, String body, long delayMillis, byte[] raw) {
    /** A text reply. */
    public Reply(int status, Map<String, String> headers, String body, long delayMillis) {
      this(status, headers, body, delayMillis, null);
    }

    public static Reply json(int status, String body) {
      return new Reply(status, Map.of("content-type", "application/json"), body, 0);
    }

    /** A binary reply (e.g. a Parquet file). */
    public static Reply bytes(byte[] content) {
      return new Reply(
          200, Map.of("content-type", "application/octet-stream"), "", 0, content.clone());
    }

    byte[] payload() {
      return raw != null ? raw : body.getBytes(StandardCharsets.UTF_8);
    }

    public Reply withHeader(String name, String value) {
      Map<String, String> more = new TreeMap<>(headers);
      more.put(name, value);
      return new Reply(status, more, body, delayMillis, raw);
    }

    public Reply delayed(long millis) {
      return new Reply(status, headers, body, millis, raw);
    }
  }

  private final HttpServer server;
  private final List<Recorded> requests = Collections.synchronizedList(new ArrayList<>());
  private final ConcurrentLinkedQueue<Reply> queue = new ConcurrentLinkedQueue<>();
  private volatile Function<Recorded, Reply> handler;
  private volatile Reply last;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger maxInFlight = new AtomicInteger();

  public FakeHttpServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext("/", this::handle);
    server.start();
  }

  /** Base URL such as {@code http://127.0.0.1:43210}. */
  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Answer every request with {@code handler} (replaces queued replies). */
  public FakeHttpServer handle(Function<Recorded, Reply> handler) {
    this.handler = handler;
    return this;
  }

  /** Queue replies, sent in order; the last one keeps being sent. */
  public FakeHttpServer enqueue(Reply... replies) {
    for (Reply reply : replies) {
      queue.add(reply);
    }
    return this;
  }

  public List<Recorded> requests() {
    synchronized (requests) {
      return List.copyOf(requests);
    }
  }

  public int maxInFlight() {
    return maxInFlight.get();
  }

  public int inFlight() {
    return inFlight.get();
  }

  private void handle(HttpExchange exchange) throws IOException {
    int now = inFlight.incrementAndGet();
    maxInFlight.accumulateAndGet(now, Math::max);
    boolean answering = false;
    try {
      Map<String, String> headers = new TreeMap<>();
      exchange
          .getRequestHeaders()
          .forEach(
              (name, values) ->
                  headers.put(name.toLowerCase(java.util.Locale.ROOT), String.join(",", values)));
      byte[] raw = exchange.getRequestBody().readAllBytes();
      String body = new String(raw, StandardCharsets.UTF_8);
      Recorded recorded =
          new Recorded(
              exchange.getRequestMethod(), exchange.getRequestURI().toString(), headers, body, raw);
      requests.add(recorded);
      Reply reply = next(recorded);
      if (reply.delayMillis() > 0) {
        Thread.sleep(reply.delayMillis());
      }
      reply.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
      byte[] bytes = reply.payload();
      // No longer in flight once the answer starts: the client may send its next request on this
      // connection as soon as it has read the answer, before this thread gets to the finally.
      answering = true;
      inFlight.decrementAndGet();
      exchange.sendResponseHeaders(reply.status(), bytes.length == 0 ? -1 : bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      if (!answering) {
        inFlight.decrementAndGet();
      }
      exchange.close();
    }
  }

  private Reply next(Recorded request) {
    Function<Recorded, Reply> h = handler;
    return h != null ? h.apply(request) : nextQueued();
  }

  /** The next queued reply, or the last one again; synchronized so `last` is never seen unset. */
  private synchronized Reply nextQueued() {
    Reply reply = queue.poll();
    if (reply != null) {
      last = reply;
      return reply;
    }
    return last != null ? last : Reply.json(500, "{\"error\": \"no reply scripted\"}");
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
