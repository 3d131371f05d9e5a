package org.valbench.flows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.valbench.common.BadInputException;
import org.valbench.common.Env;
import org.valbench.dataset.DatasetSource;
import org.valbench.dataset.JsonlFormat;
import org.valbench.hub.HubUnavailableException;
import org.valbench.testing.Tables;

/** Which names download and which stay local; the Hub here is a closed port, never the internet. */
class DatasetResolverTest {
  @TempDir Path dir;

  private final StringWriter log = new StringWriter();

  private DatasetResolver resolver() throws IOException {
    String closed;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = "http://127.0.0.1:" + socket.getLocalPort();
    }
    Env env = Env.of(Map.of("HF_ENDPOINT", closed, "HF_HOME", dir.resolve("hf-home").toString()));
    return new DatasetResolver(
        dir,
        new DatasetResolver.Downloads(
            env, dir.resolve("hub-cache"), "test", "main", new PrintWriter(log)));
  }

  @Test
  void anExistingFolderNamedLikeAHubIdIsReadLocally() throws Exception {
    Files.createDirectories(dir.resolve("owner"));
    JsonlFormat.write(Tables.pairs(2), dir.resolve("owner/pairs.jsonl"));

    DatasetSource source = resolver().resolve("owner/pairs.jsonl");

    assertThat(source.kind()).isEqualTo(DatasetSource.Kind.JSONL);
    assertThat(source.files()).containsExactly(dir.resolve("owner/pairs.jsonl"));
    assertThat(log.toString()).isEmpty();
  }

  @Test
  void theSampleAndLocalPathsNeverTouchTheNetwork() throws Exception {
    JsonlFormat.write(Tables.pairs(2), dir.resolve("pairs.jsonl"));

    assertThat(resolver().resolve("sample").kind()).isEqualTo(DatasetSource.Kind.SAMPLE);
    assertThat(resolver().resolve("pairs.jsonl").kind()).isEqualTo(DatasetSource.Kind.JSONL);
    assertThat(log.toString()).isEmpty();
  }

  @Test
  void aMissingPathThatIsNoHubIdIsBadInputNamingIt() {
    for (String spec : new String[] {"local_results/vb", "./owner/name", "a/b/c", "pairs.jsonl"}) {
      assertThatThrownBy(() -> resolver().resolve(spec))
          .as(spec)
          .isInstanceOf(BadInputException.class)
          .hasMessage(spec + ": no such file or folder (" + dir.resolve(spec).normalize() + ")");
    }
  }

  @Test
  void aHubIdThatIsNoLocalPathIsDownloaded() throws Exception {
    DatasetResolver resolver = resolver();

    assertThatThrownBy(() -> resolver.resolve("owner/name"))
        .isInstanceOf(HubUnavailableException.class)
        .hasMessageStartingWith("the Hugging Face Hub could not be reached at ");
  }

  @Test
  void hubIdsAreOwnerSlashNameNotStartingWithLocalOrDot() {
    assertThat(DatasetResolver.isHubId("val-bench/VAL-Bench")).isTrue();
    assertThat(DatasetResolver.isHubId("my.org/data_set-2")).isTrue();
    assertThat(DatasetResolver.isHubId("local_results/vb")).isFalse();
    assertThat(DatasetResolver.isHubId("./owner/name")).isFalse();
    assertThat(DatasetResolver.isHubId("a/b/c")).isFalse();
    assertThat(DatasetResolver.isHubId("pairs.jsonl")).isFalse();
  }
}
