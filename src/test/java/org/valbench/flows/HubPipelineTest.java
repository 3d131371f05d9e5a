package org.valbench.flows;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.valbench.common.Hashing;
import org.valbench.dataset.ParquetFormat;
import org.valbench.testing.CliRun;
import org.valbench.testing.FakeHttpServer;
import org.valbench.testing.Tables;

/** {@code --dataset-id owner/name} downloads the split from a (fake) Hub and runs on it. */
class HubPipelineTest {
  @TempDir Path dir;

  private static final String REPO = "val-bench/VAL-Bench";
  private static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";

  @Test
  void responsesReadTheSplitFromTheHubAndASecondRunUsesTheCache() throws Exception {
    Path parquet = dir.resolve("shard.parquet");
    ParquetFormat.write(Tables.pairs(7), parquet);
    byte[] bytes = Files.readAllBytes(parquet);
    String shard = "data/test-00000-of-00001.parquet";
    String listing =
        "{\"id\": \""
            + REPO
            + "\", \"sha\": \""
            + COMMIT
            + "\", \"siblings\": [{\"rfilename\": \""
            + shard
            + "\", \"size\": "
            + bytes.length
            + ", \"lfs\": {\"sha256\": \""
            + Hashing.sha256Hex(bytes)
            + "\", \"size\": "
            + bytes.length
            + "}}]}";
    try (FakeHttpServer hub = new FakeHttpServer()) {
      hub.handle(
          request -> {
            if (request.path().startsWith("/api/datasets/" + REPO + "/revision/main")) {
              return FakeHttpServer.Reply.json(200, listing);
            }
            if (request.path().equals("/datasets/" + REPO + "/resolve/" + COMMIT + "/" + shard)) {
              return FakeHttpServer.Reply.bytes(bytes);
            }
            return FakeHttpServer.Reply.json(404, "{\"error\": \"Repository not found\"}");
          });
      Map<String, String> env =
          Map.of(
              "HF_ENDPOINT", hub.url(),
              "HF_TOKEN", "hf_testTOKENabcdefghijklmnopqrstuvwxyz",
              "VALBENCH_HUB_CACHE", dir.resolve("hub-cache").toString());
      String[] args = {
        "responses",
        "--provider",
        "mock",
        "--model-id",
        "mock-consistent",
        "--output-dataset-path",
        "local_results/vb"
      };

      CliRun first = CliRun.in(dir, env, args);
      CliRun second = CliRun.in(dir, env, args);
      CliRun missingSplit =
          CliRun.in(
              dir,
              env,
              "responses",
              "--provider",
              "mock",
              "--model-id",
              "mock-consistent",
              "--split",
              "validation",
              "--output-dataset-path",
              "local_results/x");

      assertThat(first.exitCode()).as(first.err()).isZero();
      assertThat(first.out()).contains("local_results/vb-mock-consistent (7 pairs)");
      assertThat(hub.requests().get(0).header("authorization"))
          .isEqualTo("Bearer hf_testTOKENabcdefghijklmnopqrstuvwxyz");
      assertThat(second.exitCode()).isZero();
      assertThat(second.err()).contains("step load-pairs: cached, 7 rows");
      long downloads = hub.requests().stream().filter(r -> r.path().contains("/resolve/")).count();
      assertThat(downloads).isOne();
      assertThat(missingSplit.exitCode()).isEqualTo(2);
      assertThat(missingSplit.err()).contains("validation").contains("test");
      assertThat(first.err() + second.err() + missingSplit.err()).doesNotContain("TOKEN");
    }
  }
}
