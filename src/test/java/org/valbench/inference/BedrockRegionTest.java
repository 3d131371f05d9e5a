package org.valbench.inference;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.valbench.common.Env;
import org.valbench.testing.FakeHttpServer;
import org.valbench.testing.FakeHttpServer.Reply;

/**
 * Bedrock's region comes from AWS_REGION, then AWS_DEFAULT_REGION, then the AWS profile
 * (AWS_PROFILE, else default) in the config file that valbench's environment locates
 * (AWS_CONFIG_FILE, else $HOME/.aws/config); the same files give the credentials. The region is
 * checked where it matters: the SigV4 scope of the signed request and {@code describe()}.
 */
class BedrockRegionTest {
  private static final String ANSWER =
      "{\"output\": {\"message\": {\"role\": \"assistant\", \"content\": [{\"text\": \"ok\"}]}},"
          + " \"stopReason\": \"end_turn\","
          + " \"usage\": {\"inputTokens\": 1, \"outputTokens\": 1, \"totalTokens\": 2}}";
  private static final String CONFIG =
      """
      [default]
      region = eu-central-1

      [profile research]
      region = ap-southeast-2
      """;

  @TempDir Path dir;
  private FakeHttpServer server;
  private final List<BedrockClient> clients = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    server = new FakeHttpServer().enqueue(Reply.json(200, ANSWER));
  }

  @AfterEach
  void stop() {
    clients.forEach(BedrockClient::close);
    server.close();
  }

  private Map<String, String> withKeys(Map<String, String> variables) {
    Map<String, String> env = new HashMap<>(variables);
    env.putIfAbsent("AWS_ACCESS_KEY_ID", "AKIAENVKEY00000");
    env.putIfAbsent("AWS_SECRET_ACCESS_KEY", "env-secret-value-1");
    return env;
  }

  private BedrockClient client(Map<String, String> env) {
    BedrockClient client =
        new BedrockClient(
            new ProviderConfig(
                ProviderKind.BEDROCK,
                Optional.of(server.url()),
                OpenAiApi.CHAT,
                Env.of(env),
                Duration.ofSeconds(10),
                2));
    clients.add(client);
    return client;
  }

  /** The region the request was signed for, from its Authorization header's credential scope. */
  private String signedRegion(Map<String, String> env) throws Exception {
    client(env)
        .send(
            ModelRequest.of(
                "vb-1/for",
                "anthropic.claude-3-7-sonnet-20250219-v1:0",
                "sys",
                "q",
                new GenerationSettings(0.1, 0.9, 100, false, false)));
    String auth = server.requests().get(server.requests().size() - 1).header("authorization");
    return auth.replaceAll(".*Credential=[^/]+/\\d{8}/([^/]+)/bedrock/aws4_request.*", "$1");
  }

  private Path config(String content) throws Exception {
    Path file = dir.resolve("aws-config");
    Files.writeString(file, content);
    return file;
  }

  @Test
  void theNamedProfilesRegionIsUsed() throws Exception {
    Map<String, String> env =
        withKeys(Map.of("AWS_CONFIG_FILE", config(CONFIG).toString(), "AWS_PROFILE", "research"));

    assertThat(signedRegion(env)).isEqualTo("ap-southeast-2");
    assertThat(client(env).describe()).containsEntry("region", "ap-southeast-2");
  }

  @Test
  void withoutAwsProfileTheDefaultProfilesRegionIsUsed() throws Exception {
    Map<String, String> env = withKeys(Map.of("AWS_CONFIG_FILE", config(CONFIG).toString()));

    assertThat(signedRegion(env)).isEqualTo("eu-central-1");
  }

  @Test
  void theConfigFileUnderHomeIsReadWhenAwsConfigFileIsNotSet() throws Exception {
    Path home = dir.resolve("home");
    Files.createDirectories(home.resolve(".aws"));
    Files.writeString(home.resolve(".aws/config"), CONFIG);

    Map<String, String> env = withKeys(Map.of("HOME", home.toString(), "AWS_PROFILE", "research"));

    assertThat(client(env).describe()).containsEntry("region", "ap-southeast-2");
  }

  @Test
  void awsRegionThenAwsDefaultRegionWinOverTheProfile() throws Exception {
    String file = config(CONFIG).toString();

    assertThat(
            BedrockClient.region(
                Env.of(
                    Map.of(
                        "AWS_CONFIG_FILE", file,
                        "AWS_PROFILE", "research",
                        "AWS_REGION", "us-west-2",
                        "AWS_DEFAULT_REGION", "eu-west-3"))))
        .isEqualTo("us-west-2");
    assertThat(
            BedrockClient.region(
                Env.of(
                    Map.of(
                        "AWS_CONFIG_FILE", file,
                        "AWS_PROFILE", "research",
                        "AWS_DEFAULT_REGION", "eu-west-3"))))
        .isEqualTo("eu-west-3");
  }

  @Test
  void aProfileWithoutARegionOrNoFileAtAllFallsBackToUsEast1() throws Exception {
    Map<String, String> noRegion =
        Map.of(
            "AWS_CONFIG_FILE",
            config("[profile bare]\noutput = json\n").toString(),
            "AWS_PROFILE",
            "bare");

    assertThat(BedrockClient.region(Env.of(noRegion))).isEqualTo("us-east-1");
    // No HOME and no AWS_CONFIG_FILE in the environment passed in: no file is read at all.
    assertThat(BedrockClient.region(Env.of(Map.of()))).isEqualTo("us-east-1");
    assertThat(AwsProfiles.files(Env.of(Map.of())).profiles()).isEmpty();
  }

  @Test
  void credentialsComeFromTheProfileFilesTheEnvironmentLocates() throws Exception {
    Path credentials = dir.resolve("aws-credentials");
    Files.writeString(
        credentials,
        "[research]\naws_access_key_id = AKIAPROFILEKEY01\naws_secret_access_key = prof-secret-1\n");
    Map<String, String> env =
        Map.of(
            "AWS_CONFIG_FILE", config(CONFIG).toString(),
            "AWS_SHARED_CREDENTIALS_FILE", credentials.toString(),
            "AWS_PROFILE", "research");

    assertThat(signedRegion(env)).isEqualTo("ap-southeast-2");
    assertThat(server.requests().get(0).header("authorization"))
        .contains("Credential=AKIAPROFILEKEY01/");
  }
}
