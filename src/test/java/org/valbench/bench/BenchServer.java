package org.valbench.bench;

import java.io.IOException;
import org.valbench.testing.FakeHttpServer;
import org.valbench.testing.FakeOpenAi;

/** A fake OpenAI-compatible server for the benchmark, with the counters it reports. */
interface BenchServer extends AutoCloseable {
  /** The {@code --inference-url}, e.g. {@code http://127.0.0.1:43210/v1}. */
  String baseUrl();

  long candidateRequests();

  long judgeRequests();

  /** Requests answered with an error (the benchmark expects none). */
  long errors();

  /** The most requests it held at once (should reach the batch size). */
  int maxInFlight();

  /**
   * Requests answered in each second since the server started (index = second), up to now; empty
   * when the server does not count them.
   */
  long[] answeredPerSecond();

  /** The current second since the server started (an index into {@link #answeredPerSecond}). */
  int second();

  @Override
  void close();

  /**
   * {@code fast}: {@link FastFakeOpenAi}, whose candidate answers are padded to {@code answerChars}
   * characters; {@code jdk}: the tests' JDK HttpServer fake (short answers only).
   */
  static BenchServer start(String kind, long latencyMillis, int answerChars) throws IOException {
    return switch (kind) {
      case "fast" -> new FastFakeOpenAi(latencyMillis, answerChars);
      case "jdk" -> {
        if (answerChars > 0) {
          throw new IllegalArgumentException("--answer-chars needs --server fast");
        }
        yield new JdkServer(latencyMillis);
      }
      default -> throw new IllegalArgumentException("--server must be fast or jdk, not " + kind);
    };
  }

  /**
   * {@link FakeHttpServer} with {@link FakeOpenAi}: JDK HttpServer on virtual threads. It keeps
   * every request it received, so it suits small sizes only.
   */
  final class JdkServer implements BenchServer {
    private final FakeHttpServer server;
    private final FakeOpenAi openAi = new FakeOpenAi();

    JdkServer(long latencyMillis) throws IOException {
      server = new FakeHttpServer().handle(r -> openAi.handle(r).delayed(latencyMillis));
    }

    @Override
    public String baseUrl() {
      return server.url() + "/v1";
    }

    @Override
    public long candidateRequests() {
      return openAi.candidateRequests.get();
    }

    @Override
    public long judgeRequests() {
      return openAi.judgeRequests.get();
    }

    @Override
    public long errors() {
      return 0;
    }

    @Override
    public int maxInFlight() {
      return server.maxInFlight();
    }

    @Override
    public long[] answeredPerSecond() {
      return new long[0];
    }

    @Override
    public int second() {
      return 0;
    }

    @Override
    public void close() {
      server.close();
    }
  }
}
