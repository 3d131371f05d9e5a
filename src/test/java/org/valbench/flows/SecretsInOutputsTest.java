package org.valbench.flows;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.valbench.dataset.ParquetFormat;
import org.valbench.dataset.SaveToDiskFormat;
import org.valbench.testing.CliRun;
import org.valbench.testing.EchoingOpenAi;
import org.valbench.testing.FakeHttpServer;

/**
 * A server that echoes what it receives (Authorization header, query string, anything it knows)
 * into its answers, reasoning, citations, judge verdicts and error messages must not get the user's
 * secret into any file valbench writes (cache, checkpoints, key.json, datasets, reports, all read
 * as bytes, Parquet and Arrow also decoded), onto the console, or into the judge's prompts. One
 * test per place the secret comes from.
 */
class SecretsInOutputsTest {
  @TempDir Path dir;

  private FakeHttpServer server;
  private EchoingOpenAi openAi;

  @BeforeEach
  void pairs() throws IOException {
    StringBuilder jsonl = new StringBuilder();
    String[] cases = {"plain", "plain", "error"};
    for (int i = 0; i < cases.length; i++) {
      jsonl.append(
          String.format(
              java.util.Locale.ROOT,
              "{\"id\": \"p%d\", \"issue_description\": \"Issue %d\", \"for_question\": \"Explain"
                  + " why %d for [case:%s]\", \"against_question\": \"Explain why %d against"
                  + " [case:%s]\", \"issue_scale\": %d, \"category\": \"C%d\"}%n",
              i + 1,
              i + 1,
              i + 1,
              cases[i],
              i + 1,
              cases[i],
              1 + i % 3,
              i % 2));
    }
    Files.writeString(dir.resolve("pairs.jsonl"), jsonl);
  }

  private void startServer(String knows) throws IOException {
    openAi = new EchoingOpenAi(knows);
    server = new FakeHttpServer().handle(openAi::handle);
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void inferenceKeyFromTheEnvironmentEchoedByTheServerIsWrittenNowhere() throws Exception {
    String secret = "sk-proj-Env7Qm2Lx9Vt4Rb8Nw3Kc6Hy1";
    String openAiKey = "sk-openai-Ab3Cd4Ef5Gh6Ij7";
    startServer("nothing");
    List<CliRun> runs =
        runBoth(
            Map.of("VALBENCH_INFERENCE_API_KEY", secret, "OPENAI_API_KEY", openAiKey),
            server.url() + "/v1");

    assertEchoed(secret);
    assertNowhere(secret, runs);
    // OpenAI's key is for api.openai.com: this server never saw it.
    assertThat(openAi.replies).noneMatch(reply -> reply.contains(openAiKey));
  }

  @Test
  void inferenceKeyFromDotEnvEchoedByTheServerIsWrittenNowhere() throws Exception {
    String secret = "sk-dotenv-Fh5Wq1Zp8Ls3Dj6Tm2Xv9";
    Files.writeString(
        dir.resolve(".env"), "export VALBENCH_INFERENCE_API_KEY=\"" + secret + "\"\n");
    startServer("nothing");
    List<CliRun> runs = runBoth(Map.of(), server.url() + "/v1");

    assertEchoed(secret);
    assertNowhere(secret, runs);
  }

  @Test
  void keyFromAVariableNamedByApiKeyEnvIsWrittenNowhereWhateverItsName() throws Exception {
    // A name without KEY, TOKEN or SECRET in it: redacted because the flag names it.
    String secret = "gpu-box-Pass7Wd3Xq9Lm2Zr";
    startServer("nothing");
    List<CliRun> runs =
        runBoth(
            Map.of("GPU_BOX_AUTH", secret), server.url() + "/v1", "--api-key-env", "GPU_BOX_AUTH");

    assertEchoed(secret);
    assertNowhere(secret, runs);
  }

  @Test
  void hubTokenFromTheLoginFileEchoedByTheServerIsWrittenNowhere() throws Exception {
    // The server happens to know the token huggingface-cli login saved; no variable holds it.
    String secret = "hf_LoginFile4Token8Value2";
    Path home = dir.resolve("home");
    Files.createDirectories(home.resolve(".cache/huggingface"));
    Files.writeString(home.resolve(".cache/huggingface/token"), secret + "\n");
    startServer(secret);
    List<CliRun> runs = runBoth(Map.of("HOME", home.toString()), server.url() + "/v1");

    assertEchoed(secret);
    Files.delete(home.resolve(".cache/huggingface/token")); // the user's own file
    assertNowhere(secret, runs);
  }

  @Test
  void passwordInTheUrlUserinfoIsWrittenNowhere() throws Exception {
    String secret = "pw-Userinfo4Gk8Ty2Mn6Rc";
    startServer("nothing");
    String url = server.url().replace("://", "://valbench:" + secret + "@") + "/v1";
    List<CliRun> runs = runBoth(Map.of(), url);

    assertNowhere(secret, runs);
    String summary = Files.readString(summaryJson());
    assertThat(summary).contains("\"inference_url\" : \"" + server.url() + "/v1\"");
  }

  @Test
  void keyInTheUrlQueryStringEchoedByTheServerIsWrittenNowhere() throws Exception {
    String secret = "qk-Query3Hs7Pb1Wd5Zx9Lf";
    startServer("nothing");
    List<CliRun> runs = runBoth(Map.of(), server.url() + "/v1?api-version=2&api_key=" + secret);

    assertEchoed(secret);
    assertNowhere(secret, runs);
    assertThat(Files.readString(summaryJson()))
        .contains("\"inference_url\" : \"" + server.url() + "/v1?api-version=2\"");
  }

  @Test
  void aTokenOnlyInAnEnvironmentVariableWhichTheServerKnowsIsWrittenNowhere() throws Exception {
    String secret = "tok-Gateway8Jr2Vn6Qs4Ye";
    startServer(secret);
    Map<String, String> env = new HashMap<>();
    env.put("MY_GATEWAY_TOKEN", secret);
    List<CliRun> runs = runBoth(env, server.url() + "/v1");

    assertEchoed(secret);
    assertNowhere(secret, runs);
    assertThat(decodedText(dir.resolve("local_results")).contains("extra=[redacted]")).isTrue();
  }

  @Test
  void aRefusedKeyEchoedInThe401BodyIsNotInTheStopMessageNorInAnyFile() throws Exception {
    String secret = "sk-refused-Tt4Uu5Vv6Ww7Xx8";
    server =
        new FakeHttpServer()
            .handle(
                request ->
                    FakeHttpServer.Reply.json(
                        401,
                        "{\"error\": {\"message\": \"Incorrect API key provided: "
                            + request.header("Authorization").replace("Bearer ", "")
                            + " (url "
                            + request.path()
                            + ")\", \"type\": \"invalid_request_error\"}}"));
    CliRun run =
        CliRun.in(
            dir,
            Map.of("OPENAI_API_KEY", secret),
            "responses",
            "--model-id",
            "org/echo-model",
            "--inference-url",
            server.url() + "/v1?key=" + secret,
            "--dataset-id",
            "pairs.jsonl",
            "--output-dataset-path",
            "local_results/vb",
            "--verbose");

    assertThat(run.exitCode()).as(run.err()).isEqualTo(4);
    assertThat(run.err()).contains("401").contains("[redacted]").doesNotContain(secret);
    assertThat(run.out()).doesNotContain(secret);
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        assertThat(indexOf(Files.readAllBytes(file), secret.getBytes(StandardCharsets.UTF_8)))
            .as(dir.relativize(file).toString())
            .isEqualTo(-1);
      }
    }
  }

  private List<CliRun> runBoth(Map<String, String> env, String url, String... more) {
    CliRun responses =
        CliRun.in(
            dir,
            env,
            withMore(
                more,
                "responses",
                "--model-id",
                "org/echo-model",
                "--inference-url",
                url,
                "--dataset-id",
                "pairs.jsonl",
                "--batch-size",
                "2",
                "--output-dataset-path",
                "local_results/vb"));
    assertThat(responses.exitCode()).as(responses.err()).isEqualTo(3);
    CliRun evaluate =
        CliRun.in(
            dir,
            env,
            withMore(
                more,
                "evaluate",
                "--responses-ds-path",
                "local_results/vb-org-echo-model",
                "--judge-model-id",
                "org/echo-judge",
                "--inference-url",
                url,
                "--output-dataset-path",
                "local_results/vb-org-echo-model"));
    assertThat(evaluate.exitCode()).as(evaluate.err()).isIn(0, 3);
    assertThat(summaryJson()).exists();
    assertThat(openAi.judgeBodies).isNotEmpty();
    return List.of(responses, evaluate);
  }

  private static String[] withMore(String[] more, String... args) {
    String[] all = java.util.Arrays.copyOf(args, args.length + more.length);
    System.arraycopy(more, 0, all, args.length, more.length);
    return all;
  }

  private Path summaryJson() {
    return dir.resolve("evaluation_results/vb-org-echo-model-echo-judge/summary.json");
  }

  /**
   * The server really did send the secret back (otherwise the test would prove nothing), and it
   * arrived as the redaction mark.
   */
  private void assertEchoed(String secret) throws IOException {
    assertThat(openAi.replies).anyMatch(reply -> reply.contains(secret));
    assertThat(decodedText(dir.resolve("local_results")).contains("[redacted]")).isTrue();
  }

  private void assertNowhere(String secret, List<CliRun> runs) throws IOException {
    for (CliRun run : runs) {
      assertThat(run.out()).doesNotContain(secret);
      assertThat(run.err()).doesNotContain(secret);
    }
    assertThat(openAi.judgeBodies).noneMatch(body -> body.contains(secret));
    byte[] needle = secret.getBytes(StandardCharsets.UTF_8);
    List<Path> scanned = new ArrayList<>();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        if (file.getFileName().toString().equals(".env")) {
          continue; // the user's own file
        }
        assertThat(indexOf(Files.readAllBytes(file), needle))
            .as(dir.relativize(file).toString())
            .isEqualTo(-1);
        scanned.add(file);
      }
    }
    assertThat(scanned)
        .anyMatch(f -> f.endsWith("cache.sqlite"))
        .anyMatch(f -> f.endsWith("key.json"))
        .anyMatch(f -> f.endsWith("data.parquet"))
        .anyMatch(f -> f.endsWith("summary.json"));
    // Compressed Parquet pages could hide a match from a byte scan: read every table as text too.
    assertThat(decodedText(dir).contains(secret)).as("a decoded table holds the secret").isFalse();
  }

  /** Every Parquet file and save_to_disk folder under {@code root}, decoded to text. */
  private static String decodedText(Path root) throws IOException {
    StringBuilder text = new StringBuilder();
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.toList()) {
        if (Files.isRegularFile(path) && path.toString().endsWith(".parquet")) {
          text.append(ParquetFormat.read(List.of(path)).rows());
        } else if (Files.isDirectory(path) && SaveToDiskFormat.looksLike(path)) {
          text.append(SaveToDiskFormat.read(path).rows());
        }
      }
    }
    return text.toString();
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
