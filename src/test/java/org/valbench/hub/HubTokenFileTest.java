package org.valbench.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.valbench.common.BadInputException;
import org.valbench.common.Env;
import org.valbench.common.HubToken;
import org.valbench.common.UserError;
import org.valbench.inference.Redactor;
import org.valbench.testing.FakeHttpServer;
import org.valbench.testing.FakeHttpServer.Reply;

/**
 * The Hub token saved by {@code huggingface-cli login} is found where huggingface_hub looks
 * (HF_TOKEN_PATH, $HF_HOME/token, the Hugging Face cache folder's token), after the variables, and
 * is sent to the Hub and kept out of every message like any other secret. Every location comes from
 * the environment passed in, so these tests never read this machine's own token.
 */
class HubTokenFileTest {
  private static final String FILE_TOKEN = "hf_FromFile7Login8Token9";
  private static final String VARIABLE_TOKEN = "hf_FromVariable1Token2";

  @TempDir Path dir;
  private FakeHttpServer hub;
  private final StringWriter log = new StringWriter();

  @BeforeEach
  void start() throws Exception {
    Map<String, String> files = HubDownloaderTest.pushToHubFiles();
    hub = new FakeHttpServer().handle(request -> HubDownloaderTest.fakeHub(request, files));
  }

  @AfterEach
  void stop() {
    hub.close();
  }

  private Path tokenFile(String relative, String content) throws Exception {
    Path file = dir.resolve(relative);
    Files.createDirectories(file.getParent());
    Files.writeString(file, content);
    return file;
  }

  private void download(Map<String, String> variables) throws java.io.IOException {
    Map<String, String> env = new LinkedHashMap<>(variables);
    env.put("HF_ENDPOINT", hub.url());
    new HubDownloader(Env.of(env), dir.resolve("cache"), new PrintWriter(log, true))
        .download(HubDownloaderTest.REPO, "test", "main");
  }

  private void assertEveryRequestCarries(String token) {
    assertThat(hub.requests())
        .isNotEmpty()
        .allSatisfy(r -> assertThat(r.header("Authorization")).isEqualTo("Bearer " + token));
  }

  @Test
  void tokenFromHfTokenPathIsSentWithoutItsNewline() throws Exception {
    Path file = tokenFile("elsewhere/my-token", "  " + FILE_TOKEN + "\n\n");

    download(Map.of("HF_TOKEN_PATH", file.toString(), "HOME", dir.resolve("home").toString()));

    assertEveryRequestCarries(FILE_TOKEN);
  }

  @Test
  void tokenFromHfHomeIsSent() throws Exception {
    tokenFile("hf-home/token", FILE_TOKEN + "\n");

    download(Map.of("HF_HOME", dir.resolve("hf-home").toString()));

    assertEveryRequestCarries(FILE_TOKEN);
  }

  @Test
  void tokenFromTheXdgCacheFolderIsSent() throws Exception {
    tokenFile("xdg/huggingface/token", FILE_TOKEN);

    download(Map.of("XDG_CACHE_HOME", dir.resolve("xdg").toString()));

    assertEveryRequestCarries(FILE_TOKEN);
  }

  @Test
  void tokenFromTheHomeCacheFolderIsSent() throws Exception {
    tokenFile("home/.cache/huggingface/token", FILE_TOKEN + "\r\n");

    download(Map.of("HOME", dir.resolve("home").toString()));

    assertEveryRequestCarries(FILE_TOKEN);
  }

  @Test
  void theVariablesWinOverTheFile() throws Exception {
    tokenFile("home/.cache/huggingface/token", FILE_TOKEN);

    download(
        Map.of("HOME", dir.resolve("home").toString(), "HUGGINGFACE_API_TOKEN", VARIABLE_TOKEN));

    assertEveryRequestCarries(VARIABLE_TOKEN);
  }

  @Test
  void anEmptyTokenFileMeansNoToken() throws Exception {
    tokenFile("home/.cache/huggingface/token", " \n");

    download(Map.of("HOME", dir.resolve("home").toString()));

    assertThat(hub.requests()).isNotEmpty().allMatch(r -> r.header("Authorization") == null);
  }

  @Test
  void anUnreadableTokenFileIsOneLineNamingIt() throws Exception {
    Path notAFile = dir.resolve("hf-home/token");
    Files.createDirectories(notAFile); // a folder where the file should be: unreadable for root too

    UserError error =
        catchThrowableOfType(
            UserError.class, () -> download(Map.of("HF_HOME", dir.resolve("hf-home").toString())));

    assertThat(error.getMessage())
        .startsWith("Hugging Face token file " + notAFile + ": cannot read it (")
        .endsWith("); fix it, delete it, or set HF_TOKEN")
        .doesNotContain("\n");
    assertThat(error).isInstanceOf(BadInputException.class);
    assertThat(hub.requests()).isEmpty();
  }

  @Test
  void aRefusedFileTokenIsNamedByItsFileAndNotShown() throws Exception {
    Path file = tokenFile("hf-home/token", FILE_TOKEN);
    hub.handle(request -> Reply.json(401, "{\"error\": \"Invalid token " + FILE_TOKEN + "\"}"));

    UserError error =
        catchThrowableOfType(
            UserError.class, () -> download(Map.of("HF_HOME", dir.resolve("hf-home").toString())));

    assertThat(error.getMessage())
        .contains("refused the token from " + file)
        .contains("the token file huggingface-cli login writes")
        .doesNotContain(FILE_TOKEN);
    assertThat(log.toString()).doesNotContain(FILE_TOKEN);
  }

  @Test
  void theFileTokenIsRedactedLikeEveryOtherSecret() throws Exception {
    tokenFile("home/.cache/huggingface/token", FILE_TOKEN + "\n");
    Env env = Env.of(Map.of("HOME", dir.resolve("home").toString()));

    Redactor redactor = Redactor.from(env);

    assertThat(redactor.redactValues("answer quoting " + FILE_TOKEN + " here"))
        .isEqualTo("answer quoting [redacted] here");
    assertThat(HubToken.find(env))
        .map(HubToken::source)
        .hasValue(dir.resolve("home/.cache/huggingface/token").toString());
    assertThat(HubToken.find(env).orElseThrow().toString()).doesNotContain(FILE_TOKEN);
  }

  @Test
  void withoutAnyLocationInTheEnvironmentNoFileIsRead() {
    assertThat(HubToken.file(Env.of(Map.of()))).isEmpty();
    assertThat(HubToken.find(Env.of(Map.of()))).isEmpty();
    assertThat(Redactor.from(Env.of(Map.of())).isEmpty()).isTrue();
  }
}
