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
              "HF_TOKEN", "hf_test-TOKEN-not-real-0001",
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
          .isEqualTo("Bearer hf_test-TOKEN-not-real-0001");
      assertThat(second.exitCode()).isZero();
      assertThat(second.err()).contains("step load-pairs: cached, 7 rows");
      long downloads = hub.requests().stream().filter(r -> r.path().contains("/resolve/")).count();
      assertThat(downloads).isOne();
      assertThat(missingSplit.exitCode()).isEqualTo(2);
      assertThat(missingSplit.err()).contains("validation").contains("test");
      assertThat(first.err() + second.err() + missingSplit.err()).doesNotContain("TOKEN");
    }
  }

  @Test
  void hubOutputPathPushesParquetAndACardAndKeepsTheLocalCopy() throws Exception {
    Map<String, byte[]> stored = new java.util.concurrent.ConcurrentHashMap<>();
    com.fasterxml.jackson.databind.ObjectMapper json =
        new com.fasterxml.jackson.databind.ObjectMapper();
    try (FakeHttpServer hub = new FakeHttpServer()) {
      String repo = "my-org/vb-mock-consistent";
      hub.handle(
          request -> {
            String path = request.path();
            try {
              if (path.equals("/api/repos/create")) {
                return FakeHttpServer.Reply.json(200, "{\"url\": \"x\"}");
              }
              if (path.equals("/api/datasets/" + repo + "/preupload/main")) {
                var files = json.createObjectNode();
                var list = files.putArray("files");
                for (var f : json.readTree(request.body()).path("files")) {
                  list.addObject()
                      .put("path", f.path("path").asText())
                      .put(
                          "uploadMode",
                          f.path("path").asText().endsWith(".parquet") ? "lfs" : "regular")
                      .put("shouldIgnore", false);
                }
                return FakeHttpServer.Reply.json(200, files.toString());
              }
              if (path.equals("/datasets/" + repo + ".git/info/lfs/objects/batch")) {
                var answer = json.createObjectNode().put("transfer", "basic");
                var objects = answer.putArray("objects");
                for (var o : json.readTree(request.body()).path("objects")) {
                  objects
                      .addObject()
                      .put("oid", o.path("oid").asText())
                      .put("size", o.path("size").asLong())
                      .putObject("actions")
                      .putObject("upload")
                      .put("href", hub.url() + "/lfs/" + o.path("oid").asText());
                }
                return FakeHttpServer.Reply.json(200, answer.toString());
              }
              if (request.method().equals("PUT") && path.startsWith("/lfs/")) {
                stored.put(path.substring(5), request.bytes());
                return FakeHttpServer.Reply.json(200, "{}");
              }
              if (path.equals("/api/datasets/" + repo + "/commit/main")) {
                stored.put("commit", request.bytes());
                return FakeHttpServer.Reply.json(
                    200,
                    "{\"commitOid\": \"" + COMMIT + "\", \"commitUrl\": \"" + hub.url() + "/c\"}");
              }
            } catch (java.io.IOException e) {
              return FakeHttpServer.Reply.json(400, "{}");
            }
            return FakeHttpServer.Reply.json(404, "{}");
          });
      Map<String, String> env =
          Map.of("HF_ENDPOINT", hub.url(), "HF_TOKEN", "hf_pushTOKENabcdefghijklmnopqrst");

      CliRun run =
          CliRun.in(
              dir,
              env,
              "responses",
              "--provider",
              "mock",
              "--model-id",
              "mock-consistent",
              "--dataset-id",
              "sample",
              "--limit",
              "4",
              "--output-dataset-path",
              "my-org/vb");

      assertThat(run.exitCode()).as(run.err()).isZero();
      assertThat(run.err()).contains("pushed 4 rows to");
      String commit = new String(stored.get("commit"), java.nio.charset.StandardCharsets.UTF_8);
      assertThat(commit).contains("data/train-00000-of-00001.parquet").contains("README.md");
      String card = "";
      for (String line : commit.split("\n")) {
        var value = json.readTree(line).path("value");
        if (value.path("path").asText().equals("README.md")) {
          card =
              new String(
                  java.util.Base64.getDecoder().decode(value.path("content").asText()),
                  java.nio.charset.StandardCharsets.UTF_8);
        }
      }
      // The candidate's prompt came from the (synthetic) reference files: the card says so.
      assertThat(card)
          .contains("| protocol | reference |")
          .contains("| protocol_commit | " + org.valbench.testing.SyntheticProtocol.COMMIT + " |")
          .contains("| system_prompt_source | reference |")
          .contains(
              "| system_prompt_sha256 | "
                  + org.valbench.common.Hashing.sha256Hex(
                      org.valbench.testing.SyntheticProtocol.CANDIDATE_PROMPT));
      byte[] parquet =
          stored.entrySet().stream()
              .filter(e -> !e.getKey().equals("commit"))
              .findFirst()
              .orElseThrow()
              .getValue();
      Path downloaded = dir.resolve("pushed.parquet");
      Files.write(downloaded, parquet);
      assertThat(ParquetFormat.read(java.util.List.of(downloaded)).size()).isEqualTo(4);
      assertThat(dir.resolve("local_results/hub/my-org/vb-mock-consistent/state.json"))
          .isRegularFile();
      assertThat(run.out()).contains("local_results/hub/my-org/vb-mock-consistent (4 pairs)");
    }
  }
}
