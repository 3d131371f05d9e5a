package org.valbench.flows;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.valbench.testing.CliRun;
import org.valbench.testing.FakeHttpServer;
import org.valbench.testing.FakeHttpServer.Reply;
import org.valbench.testing.ScriptedPairs;

/**
 * The two ways a whole run stops early, through whole commands on every provider: a model server
 * with nothing listening exits 3 (outputs written, a rerun retries), and a server that refuses the
 * key exits 4, for {@code responses} and for {@code evaluate}'s judge alike.
 */
class ServerDownOrKeyRefusedTest {
  private static final String SECRET = "sk-Refused9Key8Value7";

  /** Two attempts, 1 ms apart: retries are exercised without waiting. */
  private static final Map<String, String> FAST_RETRIES =
      Map.of("VALBENCH_MAX_ATTEMPTS", "2", "VALBENCH_RETRY_BASE_MS", "1");

  @TempDir Path dir;
  private FakeHttpServer server;

  /** A provider as a user points valbench at a server: flags and environment. */
  enum Provider {
    OPENAI_COMPATIBLE("openai", 401) {
      @Override
      void point(String url, List<String> args, Map<String, String> env) {
        args.addAll(List.of("--inference-url", url + "/v1", "--api-key-env", "MY_KEY"));
        env.put("MY_KEY", SECRET);
      }
    },
    OPENAI("openai", 401) {
      @Override
      void point(String url, List<String> args, Map<String, String> env) {
        args.addAll(List.of("--provider", "openai", "--api-key-env", "MY_KEY"));
        env.put("OPENAI_BASE_URL", url + "/v1");
        env.put("MY_KEY", SECRET);
      }
    },
    ANTHROPIC("anthropic", 401) {
      @Override
      void point(String url, List<String> args, Map<String, String> env) {
        args.addAll(List.of("--provider", "anthropic", "--api-key-env", "MY_KEY"));
        env.put("ANTHROPIC_BASE_URL", url);
        env.put("MY_KEY", SECRET);
      }
    },
    BEDROCK("bedrock", 403) {
      @Override
      void point(String url, List<String> args, Map<String, String> env) {
        args.addAll(List.of("--provider", "bedrock"));
        env.put("AWS_ENDPOINT_URL_BEDROCK_RUNTIME", url);
        env.put("AWS_REGION", "us-east-1");
        env.put("AWS_ACCESS_KEY_ID", "test-key-id");
        env.put("AWS_SECRET_ACCESS_KEY", SECRET);
      }
    };

    final String name;
    final int refusal;

    Provider(String name, int refusal) {
      this.name = name;
      this.refusal = refusal;
    }

    abstract void point(String url, List<String> args, Map<String, String> env);

    /** The provider's own wording of a refused key. */
    Reply refused() {
      return switch (this) {
        case OPENAI_COMPATIBLE, OPENAI ->
            Reply.json(
                401,
                "{\"error\": {\"message\": \"Incorrect API key provided\","
                    + " \"type\": \"invalid_request_error\", \"code\": \"invalid_api_key\"}}");
        case ANTHROPIC ->
            Reply.json(
                401,
                "{\"type\": \"error\", \"error\": {\"type\": \"authentication_error\","
                    + " \"message\": \"invalid x-api-key\"}}");
        case BEDROCK ->
            Reply.json(
                    403,
                    "{\"message\": \"The security token included in the request is invalid.\"}")
                .withHeader("x-amzn-ErrorType", "UnrecognizedClientException");
      };
    }
  }

  @BeforeEach
  void start() throws IOException {
    server = new FakeHttpServer();
    Files.writeString(dir.resolve("pairs.jsonl"), ScriptedPairs.jsonl("consistent", "refusing"));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private CliRun responses(Provider provider, String url) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "responses",
                "--model-id",
                "some-model",
                "--dataset-id",
                "pairs.jsonl",
                "--output-dataset-path",
                "local_results/vb"));
    Map<String, String> env = new HashMap<>(FAST_RETRIES);
    provider.point(url, args, env);
    return CliRun.in(dir, env, args.toArray(String[]::new));
  }

  private CliRun evaluate(Provider provider, String url) {
    CliRun answers = CliRun.mockResponses(dir, "pairs.jsonl");
    assertThat(answers.exitCode()).as(answers.err()).isZero();
    List<String> args =
        new ArrayList<>(
            List.of(
                "evaluate",
                "--responses-ds-path",
                "local_results/vb-mock-consistent",
                "--judge-model-id",
                "some-judge",
                "--output-dataset-path",
                "local_results/judged"));
    Map<String, String> env = new HashMap<>(FAST_RETRIES);
    provider.point(url, args, env);
    return CliRun.in(dir, env, args.toArray(String[]::new));
  }

  private static String closedPortUrl() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return "http://127.0.0.1:" + socket.getLocalPort();
    }
  }

  @ParameterizedTest
  @EnumSource(Provider.class)
  void responsesFromAServerThatIsDownExitThreeWithOutputsWritten(Provider provider)
      throws IOException {
    CliRun run = responses(provider, closedPortUrl());

    assertThat(run.exitCode()).as(run.err()).isEqualTo(3);
    assertThat(run.out())
        .contains("local_results/vb-some-model (2 pairs, 4 failed requests; stopped: ")
        .contains(provider.name + " connection failed");
    assertThat(run.err())
        .contains("4 requests failed or were not sent because the model server could not be")
        .doesNotContain("unexpected");
    assertThat(dir.resolve("local_results/vb-some-model/state.json")).exists();
  }

  @ParameterizedTest
  @EnumSource(Provider.class)
  void responsesFromAServerThatRefusesTheKeyExitFour(Provider provider) {
    server.handle(request -> provider.refused());

    CliRun run = responses(provider, server.url());

    assertThat(run.exitCode()).as(run.err()).isEqualTo(4);
    assertThat(run.err())
        .contains("stopped: " + provider.name + " answered HTTP " + provider.refusal)
        .contains("check the API key");
    assertThat(run.out() + run.err()).doesNotContain(SECRET);
    assertThat(server.requests()).isNotEmpty();
    assertThat(dir.resolve("local_results/vb-some-model/state.json")).exists();
  }

  @ParameterizedTest
  @EnumSource(Provider.class)
  void aJudgeOnAServerThatIsDownExitsThree(Provider provider) throws IOException {
    CliRun run = evaluate(provider, closedPortUrl());

    assertThat(run.exitCode()).as(run.err()).isEqualTo(3);
    assertThat(run.err()).contains("could not be reached").doesNotContain("unexpected");
  }

  @ParameterizedTest
  @EnumSource(Provider.class)
  void aJudgeOnAServerThatRefusesTheKeyExitsFour(Provider provider) {
    server.handle(request -> provider.refused());

    CliRun run = evaluate(provider, server.url());

    assertThat(run.exitCode()).as(run.err()).isEqualTo(4);
    assertThat(run.err())
        .contains("refused the request (" + provider.name + " answered HTTP " + provider.refusal)
        .contains("check the API key");
    assertThat(run.out() + run.err()).doesNotContain(SECRET);
  }
}
