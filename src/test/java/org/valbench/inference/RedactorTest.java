package org.valbench.inference;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.valbench.common.Env;

class RedactorTest {
  private static final String KEY = "sk-proj-Ab12Cd34Ef56Gh78";

  @Test
  void valuesOfEverySecretNamedVariableAreRedacted() {
    Redactor r =
        Redactor.from(
            Env.of(
                Map.of(
                    "OPENAI_API_KEY", KEY,
                    "HF_TOKEN", "hf_Zz9Yy8Xx7Ww6",
                    "AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG",
                    "DB_PASSWORD", "correct-horse",
                    "GOOGLE_APPLICATION_CREDENTIALS", "/home/u/creds.json",
                    "my_service_token", "lower-case-name-value")));

    assertThat(
            r.redactValues(
                "a "
                    + KEY
                    + " b hf_Zz9Yy8Xx7Ww6 c wJalrXUtnFEMI/K7MDENG d correct-horse e"
                    + " /home/u/creds.json f lower-case-name-value"))
        .isEqualTo("a [redacted] b [redacted] c [redacted] d [redacted] e [redacted] f [redacted]");
  }

  @Test
  void shortValuesNumbersAndYesNoSettingsAreNotSecretsSoAnswersKeepTheirWords() {
    Redactor r =
        Redactor.from(
            Env.of(
                Map.of(
                    "TOKENIZERS_PARALLELISM", "false",
                    "MAX_TOKENS", "4096",
                    "KEY_COUNT", "1000000",
                    "SOME_TOKEN_CACHE", "disabled",
                    "KEYMAP", "us")));

    assertThat(r.isEmpty()).isTrue();
    String answer = "It is false that 4096 or 1000000 keys are disabled in the us.";
    assertThat(r.redactValues(answer)).isEqualTo(answer);
  }

  @Test
  void urlCredentialsFromVariablesAndFlagsAreSecretsToo() {
    Redactor r =
        Redactor.from(
                Env.of(
                    Map.of(
                        "OPENAI_BASE_URL", "https://gw.example.org/v1?key=gw-Key-7788",
                        "HTTPS_PROXY", "http://proxyuser:Proxy-Pass-1@proxy:3128")))
            .withCredentialsOf(Optional.of("http://h/v1?api_key=flag%2Fkey99"));

    assertThat(r.redactValues("gw-Key-7788 Proxy-Pass-1 flag%2Fkey99 flag/key99 proxyuser"))
        .isEqualTo("[redacted] [redacted] [redacted] [redacted] proxyuser");
  }

  @Test
  void aSecretContainingAnotherIsReplacedWhole() {
    Redactor r = Redactor.from(Env.of(Map.of("A_KEY", "abcdef", "B_KEY", "abcdef-123456")));

    assertThat(r.redactValues("x abcdef-123456 y abcdef")).isEqualTo("x [redacted] y [redacted]");
  }

  @Test
  void messagesAlsoLoseKeyShapesButDataKeepsOrdinaryWords() {
    Redactor r = Redactor.NONE;

    assertThat(r.redact("HTTP 401: Authorization: Bearer abcdefgh12345 refused"))
        .isEqualTo("HTTP 401: Authorization: [redacted] refused");
    assertThat(r.redact("model 'desk-assistant-v2' not found: key sk-abcdefgh1234 refused"))
        .isEqualTo("model 'desk-assistant-v2' not found: key [redacted] refused");
    assertThat(r.redactValues("the ring bearer ceremonies"))
        .isEqualTo("the ring bearer ceremonies");
  }

  @Test
  void everyTextFieldOfAnAnswerIsRedacted() {
    Redactor r = Redactor.from(Env.of(Map.of("OPENAI_API_KEY", KEY)));
    ModelAnswer answer =
        new ModelAnswer(
            "content " + KEY,
            Optional.of("reasoning " + KEY),
            List.of(new Citation("https://x/?k=" + KEY, "title " + KEY, "text " + KEY)),
            new Usage(1, 2, 3, 4),
            "stop " + KEY,
            "model " + KEY);

    ModelAnswer clean = r.redact(answer);

    assertThat(clean.toString()).doesNotContain(KEY);
    assertThat(clean.content()).isEqualTo("content [redacted]");
    assertThat(clean.reasoning()).contains("reasoning [redacted]");
    assertThat(clean.citations().get(0))
        .isEqualTo(new Citation("https://x/?k=[redacted]", "title [redacted]", "text [redacted]"));
    assertThat(clean.usage()).isEqualTo(answer.usage());
  }

  /** A client that echoes its prompt and the key into its answers. */
  private static final class EchoClient implements ModelClient {
    final List<ModelRequest> sent = Collections.synchronizedList(new ArrayList<>());

    @Override
    public ModelAnswer send(ModelRequest request) {
      sent.add(request);
      return new ModelAnswer(
          "echo " + KEY + " " + request.lastUserText(),
          Optional.of("thinking " + KEY),
          List.of(new Citation("u " + KEY, "t", "x")),
          Usage.NONE,
          "stop",
          "m");
    }

    @Override
    public RetryDecision classify(Throwable error) {
      return RetryDecision.fail(error.toString());
    }

    @Override
    public Map<String, Object> describe() {
      return Map.of("provider", "echo", "endpoint", "test");
    }
  }

  /** Records what is put into it; can hold an old unredacted answer. */
  private static final class RecordingCache implements ResponseCache {
    final List<ModelAnswer> puts = Collections.synchronizedList(new ArrayList<>());
    final Map<String, ModelAnswer> stored = new java.util.concurrent.ConcurrentHashMap<>();

    @Override
    public Optional<ModelAnswer> get(String key) {
      return Optional.ofNullable(stored.get(key));
    }

    @Override
    public void put(String key, String provider, String model, ModelAnswer answer) {
      puts.add(answer);
    }

    @Override
    public void close() {}
  }

  @Test
  void theEngineRedactsPromptsGoingOutAndAnswersBeforeTheyAreCachedOrHandedOn() throws Exception {
    EchoClient client = new EchoClient();
    RecordingCache cache = new RecordingCache();
    GenerationSettings settings = new GenerationSettings(0.1, 0.9, 100, false, false);
    ModelRequest leaky = ModelRequest.of("r1", "m", "system " + KEY, "question " + KEY, settings);
    ModelRequest oldCached = ModelRequest.of("r2", "m", "s", "cached question", settings);
    cache.stored.put(
        CacheKey.of(client.describe(), oldCached), ModelAnswer.text("cached long ago: " + KEY));
    InferenceEngine engine =
        new InferenceEngine(
            client,
            cache,
            RetryPolicy.DEFAULT,
            d -> {},
            new SplittableRandom(1),
            System::nanoTime,
            Redactor.from(Env.of(Map.of("OPENAI_API_KEY", KEY))),
            2);
    List<RequestResult> results = Collections.synchronizedList(new ArrayList<>());
    StringWriter log = new StringWriter();

    engine.run(
        List.of(leaky, oldCached).iterator(),
        2,
        new Progress("t", 2, new PrintWriter(log), false, System::nanoTime, Long.MAX_VALUE),
        results::add);

    assertThat(client.sent).hasSize(1);
    assertThat(client.sent.get(0).systemPrompt()).isEqualTo("system [redacted]");
    assertThat(client.sent.get(0).lastUserText()).isEqualTo("question [redacted]");
    assertThat(cache.puts).hasSize(1);
    assertThat(cache.puts.toString()).doesNotContain(KEY).contains("[redacted]");
    assertThat(results).hasSize(2);
    assertThat(results.toString()).contains("[redacted]");
    for (RequestResult result : results) {
      RequestResult.Answered answered = (RequestResult.Answered) result;
      assertThat(answered.answer().toString()).doesNotContain(KEY);
    }
    // Results name the request the caller gave (it keys its rows by identity).
    assertThat(results).anyMatch(r -> r.request() == leaky);
  }
}
