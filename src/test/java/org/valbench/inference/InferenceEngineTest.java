package org.valbench.inference;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.valbench.common.Env;

class InferenceEngineTest {
  @TempDir Path dir;

  private final List<Duration> slept = Collections.synchronizedList(new ArrayList<>());
  private final Sleeper recordingSleeper = slept::add;
  private final StringWriter log = new StringWriter();

  /** A failure whose classification is given with it. */
  static final class Scripted extends RuntimeException {
    final RetryDecision decision;

    Scripted(RetryDecision decision) {
      super(decision.message());
      this.decision = decision;
    }
  }

  /** A client answering with a script; counts sends per request id. */
  static final class ScriptedClient implements ModelClient {
    final Function<ModelRequest, ModelAnswer> script;
    final Map<String, AtomicInteger> sends = new ConcurrentHashMap<>();
    final AtomicInteger total = new AtomicInteger();

    ScriptedClient(Function<ModelRequest, ModelAnswer> script) {
      this.script = script;
    }

    int attempts(String id) {
      return sends.getOrDefault(id, new AtomicInteger()).get();
    }

    @Override
    public ModelAnswer send(ModelRequest request) {
      sends.computeIfAbsent(request.id(), k -> new AtomicInteger()).incrementAndGet();
      total.incrementAndGet();
      return script.apply(request);
    }

    @Override
    public RetryDecision classify(Throwable error) {
      return error instanceof Scripted s ? s.decision : RetryDecision.fail(error.toString());
    }

    @Override
    public Map<String, Object> describe() {
      return Map.of("provider", "scripted", "endpoint", "test");
    }
  }

  private static List<ModelRequest> requests(int n, double temperature) {
    List<ModelRequest> list = new ArrayList<>();
    GenerationSettings settings = new GenerationSettings(temperature, 0.9, 100, false, false);
    for (int i = 0; i < n; i++) {
      list.add(ModelRequest.of("r" + i, "m", "be brief", "question " + i, settings));
    }
    return list;
  }

  private InferenceEngine engine(
      ModelClient client,
      ResponseCache cache,
      int concurrency,
      RetryPolicy policy,
      Sleeper sleeper) {
    Env env = Env.of(Map.of("OPENAI_API_KEY", "sk-test-SECRET-abcdef123456"));
    return new InferenceEngine(
        client,
        cache,
        policy,
        sleeper,
        new SplittableRandom(42),
        System::nanoTime,
        Redactor.from(env),
        concurrency);
  }

  private record Outcome(RunSummary summary, Map<String, RequestResult> results) {}

  private Outcome run(InferenceEngine engine, List<ModelRequest> requests) throws Exception {
    Map<String, RequestResult> results = new ConcurrentHashMap<>();
    Progress progress =
        new Progress(
            "test",
            requests.size(),
            new PrintWriter(log, true),
            false,
            System::nanoTime,
            Long.MAX_VALUE);
    RunSummary summary =
        engine.run(
            requests.iterator(), requests.size(), progress, r -> results.put(r.request().id(), r));
    return new Outcome(summary, results);
  }

  private static ModelAnswer echo(ModelRequest r) {
    return new ModelAnswer(
        "answer to " + r.lastUserText(),
        Optional.empty(),
        List.of(),
        new Usage(10, 5, 0, 0),
        "stop",
        "m");
  }

  @Test
  void secondIdenticalRunIsServedFromTheCacheAndSendsNothing() throws Exception {
    ScriptedClient client = new ScriptedClient(InferenceEngineTest::echo);
    Path db = dir.resolve("cache.sqlite");
    try (SqliteResponseCache cache = SqliteResponseCache.open(db)) {
      run(engine(client, cache, 8, RetryPolicy.DEFAULT, recordingSleeper), requests(20, 0.1));
    }
    int sentFirst = client.total.get();
    Outcome second;
    try (SqliteResponseCache cache = SqliteResponseCache.open(db)) {
      assertThat(cache.size()).isEqualTo(20);
      second =
          run(engine(client, cache, 8, RetryPolicy.DEFAULT, recordingSleeper), requests(20, 0.1));
    }
    assertThat(sentFirst).isEqualTo(20);
    assertThat(client.total.get()).isEqualTo(20);
    assertThat(second.summary().cached()).isEqualTo(20);
    assertThat(second.results().get("r3"))
        .isInstanceOfSatisfying(
            RequestResult.Answered.class,
            a -> assertThat(a.answer().content()).isEqualTo("answer to question 3"));
  }

  private Outcome runAfter(InferenceEngine engine, List<ModelRequest> requests, Delivery delivery)
      throws Exception {
    Map<String, RequestResult> results = new ConcurrentHashMap<>();
    Delivery collecting =
        new Delivery(
            delivery.total(),
            delivery.progress(),
            r -> results.put(r.request().id(), r),
            delivery.earlier(),
            delivery.cancelled());
    return new Outcome(engine.run(requests.iterator(), collecting), results);
  }

  private Progress quietProgress(long total) {
    return new Progress("test", total, new PrintWriter(log, true), false, System::nanoTime, 0);
  }

  @Test
  void afterAnEarlierStopTheTransportSendsNothingAndReportsEveryRequestAsNotSent()
      throws Exception {
    ScriptedClient client = new ScriptedClient(InferenceEngineTest::echo);
    Stop earlier = new Stop.CredentialsRefused("openai answered HTTP 401");

    Outcome out =
        runAfter(
            engine(client, ResponseCache.NONE, 4, RetryPolicy.DEFAULT, recordingSleeper),
            requests(5, 0.1),
            new Delivery(5, quietProgress(5), r -> {}, earlier, () -> false));

    assertThat(client.total.get()).isZero();
    assertThat(out.summary().stop()).isEqualTo(earlier);
    assertThat(out.summary().notSent()).isEqualTo(5);
    assertThat(out.results().values())
        .allSatisfy(
            r ->
                assertThat(((RequestResult.Failed) r).error())
                    .isEqualTo("not sent: the run stopped (openai answered HTTP 401)"));
  }

  @Test
  void aCancelledRunSendsNothingMoreAndSaysItWasInterrupted() throws Exception {
    ScriptedClient client = new ScriptedClient(InferenceEngineTest::echo);
    AtomicInteger asked = new AtomicInteger();

    Outcome out =
        runAfter(
            engine(client, ResponseCache.NONE, 1, RetryPolicy.DEFAULT, recordingSleeper),
            requests(6, 0.1),
            // Cancelled from the third request on (each request is checked twice when sent).
            new Delivery(
                6, quietProgress(6), r -> {}, Stop.NONE, () -> asked.incrementAndGet() > 4));

    assertThat(out.summary().stop()).isEqualTo(Stop.NONE);
    assertThat(out.summary().answered()).isEqualTo(2);
    assertThat(out.summary().notSent()).isEqualTo(4);
    assertThat(((RequestResult.Failed) out.results().get("r5")).error())
        .isEqualTo("not sent: the run stopped (interrupted)");
  }

  @Test
  void changedSettingMissesTheCache() throws Exception {
    ScriptedClient client = new ScriptedClient(InferenceEngineTest::echo);
    Path db = dir.resolve("cache.sqlite");
    try (SqliteResponseCache cache = SqliteResponseCache.open(db)) {
      run(engine(client, cache, 4, RetryPolicy.DEFAULT, recordingSleeper), requests(5, 0.1));
      run(engine(client, cache, 4, RetryPolicy.DEFAULT, recordingSleeper), requests(5, 0.7));
    }
    assertThat(client.total.get()).isEqualTo(10);
  }

  @Test
  void cacheKeyIgnoresIdButCoversModelPromptSchemaAndProvider() {
    Map<String, Object> provider = Map.of("provider", "openai", "endpoint", "https://x");
    GenerationSettings s = GenerationSettings.judge();
    ModelRequest a = ModelRequest.of("a/for", "m", "sys", "q", s);
    ModelRequest sameButId = ModelRequest.of("b/against", "m", "sys", "q", s);
    assertThat(CacheKey.of(provider, a)).isEqualTo(CacheKey.of(provider, sameButId));
    assertThat(CacheKey.of(provider, a))
        .isNotEqualTo(CacheKey.of(provider, ModelRequest.of("a", "m2", "sys", "q", s)));
    assertThat(CacheKey.of(provider, a))
        .isNotEqualTo(CacheKey.of(provider, ModelRequest.of("a", "m", "sys2", "q", s)));
    assertThat(CacheKey.of(provider, a))
        .isNotEqualTo(CacheKey.of(Map.of("provider", "openai", "endpoint", "https://y"), a));
    ModelRequest withSchema = new ModelRequest("a", "m", "sys", a.messages(), s, Optional.of("{}"));
    assertThat(CacheKey.of(provider, a)).isNotEqualTo(CacheKey.of(provider, withSchema));
  }

  @Test
  void rateLimitThenSuccessHonoursRetryAfterMs() throws Exception {
    ScriptedClient client =
        new ScriptedClient(
            r -> {
              throw new Scripted(
                  RetryDecision.rateLimit("HTTP 429", Optional.of(Duration.ofMillis(1500))));
            });
    AtomicInteger calls = new AtomicInteger();
    ScriptedClient flaky =
        new ScriptedClient(r -> calls.incrementAndGet() == 1 ? client.script.apply(r) : echo(r));

    Outcome out =
        run(
            engine(flaky, ResponseCache.NONE, 1, RetryPolicy.DEFAULT, recordingSleeper),
            requests(1, 0.1));

    assertThat(out.results().get("r0")).isInstanceOf(RequestResult.Answered.class);
    assertThat(out.results().get("r0").attempts()).isEqualTo(2);
    assertThat(slept).containsExactly(Duration.ofMillis(1500));
    assertThat(out.summary().retries()).isEqualTo(1);
  }

  @Test
  void serviceUnavailableTwiceThenSuccessBacksOffExponentiallyWithJitter() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    ScriptedClient client =
        new ScriptedClient(
            r -> {
              if (calls.incrementAndGet() <= 2) {
                throw new Scripted(RetryDecision.retry("HTTP 503"));
              }
              return echo(r);
            });

    Outcome out =
        run(
            engine(client, ResponseCache.NONE, 1, RetryPolicy.DEFAULT, recordingSleeper),
            requests(1, 0.1));

    assertThat(out.results().get("r0").attempts()).isEqualTo(3);
    assertThat(slept).hasSize(2);
    assertThat(slept.get(0).toMillis()).isBetween(500L, 625L);
    assertThat(slept.get(1).toMillis()).isBetween(1000L, 1250L);
  }

  @Test
  void permanentFailureIsSentOnceRecordedAndNeverCached() throws Exception {
    ScriptedClient client =
        new ScriptedClient(
            r -> {
              if (r.id().equals("r1")) {
                throw new Scripted(RetryDecision.fail("HTTP 400: context too long"));
              }
              return echo(r);
            });
    Path db = dir.resolve("cache.sqlite");
    Outcome out;
    try (SqliteResponseCache cache = SqliteResponseCache.open(db)) {
      out = run(engine(client, cache, 2, RetryPolicy.DEFAULT, recordingSleeper), requests(3, 0.1));
    }
    try (SqliteResponseCache cache = SqliteResponseCache.open(db)) {
      assertThat(cache.size()).isEqualTo(2);
    }
    assertThat(client.attempts("r1")).isEqualTo(1);
    assertThat(out.results().get("r1"))
        .isInstanceOfSatisfying(
            RequestResult.Failed.class,
            f -> assertThat(f.error()).isEqualTo("HTTP 400: context too long"));
    assertThat(out.summary().failed()).isEqualTo(1);
    assertThat(out.summary().answered()).isEqualTo(2);
  }

  @Test
  void retriesAreBoundedAndTheErrorIsKept() throws Exception {
    ScriptedClient client =
        new ScriptedClient(
            r -> {
              throw new Scripted(RetryDecision.retry("HTTP 502"));
            });
    Outcome out =
        run(
            engine(client, ResponseCache.NONE, 1, THREE_ATTEMPTS, recordingSleeper),
            requests(1, 0.1));

    assertThat(client.attempts("r0")).isEqualTo(3);
    assertThat(((RequestResult.Failed) out.results().get("r0")).error())
        .isEqualTo("HTTP 502 (gave up after 3 attempts)");
  }

  @Test
  void refusedCredentialsStopTheRunAndQueuedRequestsAreNotSent() throws Exception {
    ScriptedClient client =
        new ScriptedClient(
            r -> {
              throw new Scripted(
                  RetryDecision.stop("HTTP 401: bad key sk-test-SECRET-abcdef123456"));
            });

    Outcome out =
        run(
            engine(client, ResponseCache.NONE, 4, RetryPolicy.DEFAULT, recordingSleeper),
            requests(200, 0.1));

    assertThat(client.total.get()).isLessThanOrEqualTo(4);
    assertThat(out.summary().stop())
        .isEqualTo(new Stop.CredentialsRefused("HTTP 401: bad key [redacted]"));
    assertThat(out.summary().notSent()).isGreaterThanOrEqualTo(196);
    assertThat(out.results()).hasSize(200);
    assertThat(out.results().values())
        .allSatisfy(r -> assertThat(((RequestResult.Failed) r).error()).doesNotContain("SECRET"));
  }

  @Test
  void concurrencyNeverExceedsTheBatchSize() throws Exception {
    AtomicInteger inFlight = new AtomicInteger();
    AtomicInteger max = new AtomicInteger();
    ScriptedClient client =
        new ScriptedClient(
            r -> {
              max.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
              try {
                Thread.sleep(2);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              inFlight.decrementAndGet();
              return echo(r);
            });
    Outcome out =
        run(
            engine(client, ResponseCache.NONE, 16, RetryPolicy.DEFAULT, recordingSleeper),
            requests(400, 0.1));
    assertThat(out.summary().answered()).isEqualTo(400);
    assertThat(max.get()).isBetween(2, 16);
  }

  @Test
  void serverThatLimitsToKConcurrentRequestsDrivesConcurrencyNearK() throws Exception {
    int k = 6;
    AtomicInteger inFlight = new AtomicInteger();
    AtomicInteger rateLimited = new AtomicInteger();
    ScriptedClient client =
        new ScriptedClient(
            r -> {
              int now = inFlight.incrementAndGet();
              try {
                Thread.sleep(3);
                if (now > k) {
                  rateLimited.incrementAndGet();
                  throw new Scripted(RetryDecision.rateLimit("HTTP 429", Optional.empty()));
                }
                return echo(r);
              } catch (InterruptedException e) {
                throw new IllegalStateException(e);
              } finally {
                inFlight.decrementAndGet();
              }
            });
    RetryPolicy fast =
        new RetryPolicy(50, Duration.ofMillis(2), Duration.ofMillis(20), Duration.ofMinutes(1));

    Outcome out =
        run(engine(client, ResponseCache.NONE, 64, fast, Sleeper.REAL), requests(600, 0.1));

    assertThat(out.summary().answered()).isEqualTo(600);
    assertThat(log.toString()).contains("concurrency 64 -> 32 (rate limited)");
    // The limit settles near K (AIMD oscillates between about K/2 and K+1), every request answered.
    assertThat(out.summary().finalConcurrency()).isBetween(2, 2 * k);
    assertThat(out.summary().retries()).isLessThan(600);
    // Every rate-limited attempt was retried once, and counted: no 429 became a failure or was
    // lost.
    assertThat(out.summary().retries()).isEqualTo(rateLimited.get());
    assertThat(out.summary().failed()).isZero();
    assertThat(client.total.get()).isEqualTo(600 + rateLimited.get());
  }

  @Test
  void progressLinesInLogModeAreReadableAndLocaleIndependent() {
    StringWriter out = new StringWriter();
    long[] now = {0};
    Progress progress =
        new Progress(
            "for answers", 100, new PrintWriter(out, true), false, () -> now[0], 10_000_000_000L);
    for (int i = 0; i < 40; i++) {
      progress.answered(i < 10, 1500);
    }
    progress.failed();
    now[0] = 10_000_000_000L;
    progress.maybePrint();
    now[0] = 20_000_000_000L;
    progress.finish();

    List<String> lines = out.toString().lines().toList();
    assertThat(lines).hasSize(2);
    assertThat(lines.get(0))
        .isEqualTo(
            "for answers: 41/100 (41%) 4.1 req/s, ETA 14s, 10 cached, 1 failed, 0 retries,"
                + " concurrency 0, 60k tokens");
    assertThat(lines.get(1)).startsWith("for answers: done in 20s. 41/100 (41%) 2.1 req/s");
  }

  @Test
  void finalProgressLineCountsOnlyFreshAnswersAsSpent() {
    StringWriter out = new StringWriter();
    long[] now = {0};
    Progress progress =
        new Progress("judge", 3, new PrintWriter(out, true), false, () -> now[0], 10_000_000_000L);
    progress.answered(false, new Usage(100, 40, 8, 30));
    progress.answered(false, new Usage(50, 10, 0, 0));
    progress.answered(true, new Usage(1000, 500, 0, 0));
    now[0] = 2_000_000_000L;
    progress.finish();

    assertThat(out.toString().strip())
        .isEqualTo(
            "judge: done in 2s. 3/3 (100%) 1.5 req/s, ETA -, 1 cached, 0 failed, 0 retries,"
                + " concurrency 0, 200 tokens (spent: 150 input, 30 cached input, 50 output, 8"
                + " reasoning; from the cache, not spent: 1000 input, 500 output)");
  }

  @Test
  void cacheFileIsPlainSqliteInWalMode() throws Exception {
    Path db = dir.resolve("cache.sqlite");
    try (SqliteResponseCache cache = SqliteResponseCache.open(db)) {
      cache.put("k1", "mock", "m", ModelAnswer.text("hello"));
    }
    try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + db);
        var s = c.createStatement();
        var rows = s.executeQuery("PRAGMA journal_mode")) {
      rows.next();
      assertThat(rows.getString(1)).isEqualTo("wal");
    }
    try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + db);
        var s = c.createStatement();
        var rows =
            s.executeQuery("SELECT provider, model, answer FROM responses WHERE key = 'k1'")) {
      assertThat(rows.next()).isTrue();
      assertThat(rows.getString(1)).isEqualTo("mock");
      assertThat(rows.getString(3)).contains("\"content\":\"hello\"");
    }
    assertThat(Files.size(db)).isPositive();
  }

  private static final RetryPolicy THREE_ATTEMPTS =
      new RetryPolicy(3, Duration.ofMillis(10), Duration.ofMillis(100), Duration.ofMinutes(1));

  @Test
  void unreachableServerStopsTheRunAfterTheFirstRequestGivesUp() throws Exception {
    ScriptedClient client =
        new ScriptedClient(
            r -> {
              throw new Scripted(RetryDecision.unreachable("connection refused"));
            });

    Outcome out =
        run(
            engine(client, ResponseCache.NONE, 2, THREE_ATTEMPTS, recordingSleeper),
            requests(50, 0.1));

    // At most the two requests in flight (and one taken just before the stop) were tried.
    assertThat(client.total.get()).isLessThanOrEqualTo(3 * 3);
    assertThat(out.summary().stop())
        .isEqualTo(new Stop.Unreachable("connection refused (gave up after 3 attempts)"));
    assertThat(out.summary().notSent()).isGreaterThanOrEqualTo(47);
    assertThat(out.results()).hasSize(50);
  }

  @Test
  void oneSuccessMeansTheServerWorksAndLaterGiveUpsDoNotStopTheRun() throws Exception {
    ScriptedClient client =
        new ScriptedClient(
            r -> {
              if (r.id().equals("r0")) {
                return echo(r);
              }
              throw new Scripted(RetryDecision.retry("HTTP 500"));
            });

    Outcome out =
        run(
            engine(client, ResponseCache.NONE, 1, THREE_ATTEMPTS, recordingSleeper),
            requests(5, 0.1));

    assertThat(out.summary().stop()).isEqualTo(Stop.NONE);
    assertThat(out.summary().answered()).isEqualTo(1);
    assertThat(out.summary().failed()).isEqualTo(4);
    assertThat(client.total.get()).isEqualTo(1 + 4 * 3);
  }

  /** A clock that moves on by one at every reading, so "before" and "after" are never equal. */
  private final java.util.concurrent.atomic.AtomicLong ticks =
      new java.util.concurrent.atomic.AtomicLong();

  private InferenceEngine tickingEngine(ModelClient client, ResponseCache cache, int concurrency) {
    return new InferenceEngine(
        client,
        cache,
        THREE_ATTEMPTS,
        recordingSleeper,
        new SplittableRandom(42),
        ticks::incrementAndGet,
        Redactor.from(Env.of(Map.of())),
        concurrency);
  }

  @Test
  void serverErrorsOnEveryRequestAreFailuresNotAnUnreachableServer() throws Exception {
    ScriptedClient client =
        new ScriptedClient(
            r -> {
              throw new Scripted(RetryDecision.retry("HTTP 500: internal error"));
            });

    Outcome out = run(tickingEngine(client, ResponseCache.NONE, 2), requests(6, 0.1));

    assertThat(out.summary().stop()).isEqualTo(Stop.NONE);
    assertThat(out.summary().notSent()).isZero();
    assertThat(out.summary().failed()).isEqualTo(6);
    assertThat(client.total.get()).isEqualTo(6 * 3);
  }

  @Test
  void onePersistentlyFailingRequestAmongCachedAnswersDoesNotStopTheRun() throws Exception {
    List<ModelRequest> all = requests(10, 0.1);
    ResponseCache cache = new MemoryCache();
    for (ModelRequest r : all.subList(1, all.size())) {
      cache.put(
          CacheKey.of(Map.of("provider", "scripted", "endpoint", "test"), r), "s", "m", echo(r));
    }
    ScriptedClient client =
        new ScriptedClient(
            r -> {
              throw new Scripted(RetryDecision.retry("HTTP 502: bad gateway"));
            });

    Outcome out = run(tickingEngine(client, cache, 4), all);

    assertThat(out.summary().stop()).isEqualTo(Stop.NONE);
    assertThat(out.summary().cached()).isEqualTo(9);
    assertThat(out.summary().failed()).isEqualTo(1);
    assertThat(client.attempts("r0")).isEqualTo(3);
  }

  @Test
  void aServerThatGoesDownInMidRunStopsTheRunAsUnreachable() throws Exception {
    ScriptedClient client =
        new ScriptedClient(
            r -> {
              if (Integer.parseInt(r.id().substring(1)) < 3) {
                return echo(r);
              }
              throw new Scripted(RetryDecision.unreachable("connection refused"));
            });

    Outcome out = run(tickingEngine(client, ResponseCache.NONE, 1), requests(20, 0.1));

    assertThat(out.summary().answered()).isEqualTo(3);
    assertThat(out.summary().stop()).isInstanceOf(Stop.Unreachable.class);
    assertThat(client.attempts("r3")).isEqualTo(3);
    assertThat(client.attempts("r4")).isZero();
    assertThat(out.summary().notSent()).isEqualTo(16);
  }

  @Test
  void unreachableAttemptsWhileOtherRequestsReachTheServerDoNotStopTheRun() throws Exception {
    java.util.concurrent.CountDownLatch anAnswerStored = new java.util.concurrent.CountDownLatch(1);
    // The engine stores an answer only after it has noted that the server was reached.
    ResponseCache cache =
        new MemoryCache() {
          @Override
          public void put(String key, String provider, String model, ModelAnswer answer) {
            super.put(key, provider, model, answer);
            anAnswerStored.countDown();
          }
        };
    java.util.concurrent.CountDownLatch r0Tried = new java.util.concurrent.CountDownLatch(1);
    ScriptedClient client =
        new ScriptedClient(
            r -> {
              try {
                if (!r.id().equals("r0")) {
                  r0Tried.await(); // so that this answer falls within r0's retry window
                  return echo(r);
                }
                // r0's later attempts fail only after another request was answered.
                if (client0Attempts.incrementAndGet() > 1) {
                  anAnswerStored.await();
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              r0Tried.countDown();
              throw new Scripted(RetryDecision.unreachable("connect timed out"));
            });

    Outcome out = run(tickingEngine(client, cache, 2), requests(5, 0.1));

    assertThat(out.summary().stop()).isEqualTo(Stop.NONE);
    assertThat(out.summary().answered()).isEqualTo(4);
    assertThat(out.summary().failed()).isEqualTo(1);
  }

  private final AtomicInteger client0Attempts = new AtomicInteger();

  /** An in-memory cache for tests. */
  private static class MemoryCache implements ResponseCache {
    private final Map<String, ModelAnswer> answers = new ConcurrentHashMap<>();

    @Override
    public Optional<ModelAnswer> get(String key) {
      return Optional.ofNullable(answers.get(key));
    }

    @Override
    public void put(String key, String provider, String model, ModelAnswer answer) {
      answers.put(key, answer);
    }

    @Override
    public void close() {}
  }

  @Test
  void storedAnswersComeBackInKeyOrderAfterReopening() throws Exception {
    Path db = dir.resolve("scratch.sqlite");
    ModelRequest request = requests(1, 0.1).get(0);
    try (SqliteResponseCache cache = SqliteResponseCache.open(db)) {
      for (String key : List.of("000000000007", "000000000002", "000000000010")) {
        cache.put(key, "", "m", echo(request));
      }
    }
    List<String> keys = new ArrayList<>();
    try (SqliteResponseCache cache = SqliteResponseCache.open(db)) {
      cache.forEachInKeyOrder(
          (key, answer) -> {
            assertThat(answer.content()).isEqualTo("answer to question 0");
            keys.add(key);
          });
    }

    assertThat(keys).containsExactly("000000000002", "000000000007", "000000000010");
  }
}
