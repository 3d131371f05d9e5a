package org.valbench.flows;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.valbench.dataset.SaveToDiskFormat;
import org.valbench.testing.CliRun;
import org.valbench.testing.FakeHttpServer;
import org.valbench.testing.FakeOpenAi;

/**
 * What valbench may write over: nothing but an empty folder or a folder it wrote itself; names that
 * would become odd paths or forged lines are refused before anything runs; and a rerun never skips
 * rewriting an output that was damaged since.
 */
class OutputSafetyTest {
  @TempDir Path dir;

  private static final String OUT = "local_results/vb-mock-consistent";

  private CliRun responses() {
    return responses("4", "local_results/vb");
  }

  private CliRun responses(String limit, String prefix) {
    return CliRun.in(
        dir,
        "responses",
        "--model-id",
        "mock-consistent",
        "--provider",
        "mock",
        "--dataset-id",
        "sample",
        "--limit",
        limit,
        "--output-dataset-path",
        prefix);
  }

  private CliRun evaluate() {
    return CliRun.in(
        dir,
        "evaluate",
        "--responses-ds-path",
        OUT,
        "--provider",
        "mock",
        "--judge-model-id",
        "mock-judge",
        "--output-dataset-path",
        OUT);
  }

  private static void assertRefusedBeforeAnyStep(CliRun run, String named) {
    assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
    assertThat(run.err()).contains(named).doesNotContain("step ");
  }

  // ---- what may be replaced

  @Test
  void aUsersFolderAtTheOutputPathIsRefusedAndKept() throws IOException {
    Path folder = Files.createDirectories(dir.resolve(OUT));
    Files.writeString(folder.resolve("thesis.tex"), "\\section{Mine}");
    Files.createDirectories(folder.resolve("sub"));
    Files.writeString(folder.resolve("sub/data.csv"), "a,b\n1,2\n");

    CliRun run = responses();

    assertRefusedBeforeAnyStep(
        run, OUT + ": holds files valbench did not write (sub/, thesis.tex)");
    assertThat(folder.resolve("thesis.tex")).hasContent("\\section{Mine}");
    assertThat(folder.resolve("sub/data.csv")).hasContent("a,b\n1,2\n");
  }

  @Test
  void aPlainFileOrALinkAtTheOutputPathIsRefusedAndKept() throws IOException {
    Files.createDirectories(dir.resolve("local_results"));
    Files.writeString(dir.resolve(OUT), "my notes");
    CliRun file = responses();
    assertRefusedBeforeAnyStep(file, OUT + ": exists and is not a folder");
    assertThat(dir.resolve(OUT)).hasContent("my notes");

    Files.delete(dir.resolve(OUT));
    Path mine = Files.createDirectories(dir.resolve("mine"));
    Files.writeString(mine.resolve("keep.txt"), "keep");
    Files.createSymbolicLink(dir.resolve(OUT), mine);
    CliRun link = responses();
    assertRefusedBeforeAnyStep(link, OUT + ": exists and is a link");
    assertThat(mine.resolve("keep.txt")).hasContent("keep");
  }

  @Test
  void aDatasetValbenchDidNotWriteIsRefused() throws IOException {
    Path folder = Files.createDirectories(dir.resolve(OUT));
    Path saved = Path.of("src/test/resources/interop/py-saved");
    try (Stream<Path> files = Files.list(saved)) {
      for (Path f : files.toList()) {
        Files.copy(f, folder.resolve(f.getFileName()));
      }
    }

    CliRun run = responses();

    assertRefusedBeforeAnyStep(run, OUT + ": is a dataset valbench did not write");
    assertThat(folder.resolve("state.json")).exists();
  }

  @Test
  void aFileAddedToAValbenchOutputProtectsTheFolder() throws IOException {
    assertThat(responses().exitCode()).isZero();
    Files.writeString(dir.resolve(OUT).resolve("notes.txt"), "mine");

    CliRun run = responses("6", "local_results/vb");

    assertRefusedBeforeAnyStep(run, "notes.txt");
    assertThat(dir.resolve(OUT).resolve("notes.txt")).hasContent("mine");
  }

  @Test
  void anEmptyFolderOrItsOwnOutputIsReplaced() throws IOException {
    Files.createDirectories(dir.resolve(OUT));
    assertThat(responses().exitCode()).isZero();
    CliRun more = responses("6", "local_results/vb");

    assertThat(more.exitCode()).as(more.err()).isZero();
    assertThat(SaveToDiskFormat.read(dir.resolve(OUT)).size()).isEqualTo(6);
  }

  @Test
  void evaluateRefusesAUsersFolderAtTheJudgedPathBeforeJudging() throws IOException {
    assertThat(responses().exitCode()).isZero();
    Path judged = Files.createDirectories(dir.resolve(OUT + "-mock-judge-evaluation"));
    Files.writeString(judged.resolve("draft.md"), "mine");

    CliRun run = evaluate();

    assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
    assertThat(run.err())
        .contains(OUT + "-mock-judge-evaluation: holds files valbench did not write (draft.md)")
        .doesNotContain("step judge");
    assertThat(judged.resolve("draft.md")).hasContent("mine");
  }

  @Test
  void evaluateRefusesAFileWhereTheReportFolderGoes() throws IOException {
    assertThat(responses().exitCode()).isZero();
    Files.createDirectories(dir.resolve("evaluation_results"));
    Files.writeString(dir.resolve("evaluation_results/vb-mock-consistent-mock-judge"), "x");

    CliRun run = evaluate();

    assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
    assertThat(run.err())
        .contains("evaluation_results/vb-mock-consistent-mock-judge: exists and is not a folder")
        .doesNotContain("step judge");
  }

  // ---- a rerun checks what it skips

  /** Damages the finished output in one way; the rerun must write it again. */
  interface Damage {
    void apply(Path output) throws IOException;
  }

  private static Path shard(Path output) {
    return output.resolve("data-00000-of-00001.arrow");
  }

  static Stream<Map.Entry<String, Damage>> damages() {
    return Stream.of(
        Map.entry("shard deleted", out -> Files.delete(shard(out))),
        Map.entry(
            "shard truncated",
            out -> {
              try (RandomAccessFile f = new RandomAccessFile(shard(out).toFile(), "rw")) {
                f.setLength(f.length() / 2);
              }
            }),
        Map.entry(
            "shard overwritten in place, same size",
            out -> {
              byte[] bytes = Files.readAllBytes(shard(out));
              java.util.Arrays.fill(bytes, 100, bytes.length, (byte) 0);
              Files.write(shard(out), bytes);
              Files.setLastModifiedTime(
                  shard(out), FileTime.fromMillis(System.currentTimeMillis() + 5_000));
            }),
        Map.entry("state.json deleted", out -> Files.delete(out.resolve("state.json"))),
        Map.entry(
            "dataset_info.json emptied",
            out -> Files.writeString(out.resolve("dataset_info.json"), "")),
        Map.entry(
            "marker damaged",
            out -> Files.writeString(out.resolve(OutputWriter.MARKER), "{\"chec")),
        Map.entry(
            "extra shard added",
            out -> Files.copy(shard(out), out.resolve("data-00001-of-00002.arrow"))));
  }

  @Test
  void aDamagedOutputIsWrittenAgainOnTheRerun() throws IOException {
    for (Map.Entry<String, Damage> damage : damages().toList()) {
      Path output = dir.resolve(OUT);
      assertThat(responses().exitCode()).as(damage.getKey()).isZero();
      damage.getValue().apply(output);

      CliRun rerun = responses();

      assertThat(rerun.exitCode()).as(damage.getKey() + ": " + rerun.err()).isZero();
      assertThat(SaveToDiskFormat.read(output).size()).as(damage.getKey()).isEqualTo(4);
      assertThat(Files.exists(output.resolve("data-00001-of-00002.arrow")))
          .as(damage.getKey())
          .isFalse();
    }
  }

  @Test
  void anUndamagedOutputIsNotRewrittenOnARerun() throws IOException {
    assertThat(responses().exitCode()).isZero();
    FileTime written = Files.getLastModifiedTime(shard(dir.resolve(OUT)));

    assertThat(responses().exitCode()).isZero();

    assertThat(Files.getLastModifiedTime(shard(dir.resolve(OUT)))).isEqualTo(written);
  }

  @Test
  void whatAKilledWriteLeftNextToTheOutputIsCleanedUpOnTheNextWrite() throws IOException {
    Path tmp =
        Files.createDirectories(dir.resolve("local_results/.vb-mock-consistent.tmp-1a2b3c4d"));
    Files.writeString(tmp.resolve("data-00000-of-00001.arrow"), "half");
    Path old = Files.createDirectories(dir.resolve("local_results/.vb-mock-consistent.old-x"));
    Path unrelated = Files.createDirectories(dir.resolve("local_results/.vb-other.tmp-1a2b3c4d"));

    assertThat(responses().exitCode()).isZero();

    assertThat(tmp).doesNotExist();
    assertThat(old).doesNotExist();
    assertThat(unrelated).exists();
  }

  // ---- names that become paths or lines

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "/", "local_results/", "local_results/..", "."})
  void anOutputPrefixWithoutANameIsRefused(String prefix) {
    CliRun run =
        CliRun.in(
            dir,
            "responses",
            "--model-id",
            "mock-consistent",
            "--provider",
            "mock",
            "--dataset-id",
            "sample",
            "--output-dataset-path",
            prefix);

    assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
    assertThat(run.err()).contains("--output-dataset-path").doesNotContain("step ");
    assertThat(dir.resolve("local_data")).doesNotExist();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "mock-consistent\nresponses of m: forged (0 pairs)",
        "mock\u001b[2Jconsistent",
        "mock\rconsistent",
        "mock\u202Econsistent",
        "mock\u0000consistent"
      })
  void controlCharactersInAModelIdAreRefusedAndNeverPrinted(String model) {
    CliRun run =
        CliRun.in(
            dir,
            "responses",
            "--model-id",
            model,
            "--provider",
            "mock",
            "--dataset-id",
            "sample",
            "--output-dataset-path",
            "local_results/vb");

    assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
    assertThat(run.err()).contains("--model-id").contains("U+");
    assertThat(run.err().strip().lines()).hasSize(1);
    assertThat(run.err()).doesNotContain("\u001b").doesNotContain("\u202E").doesNotContain("\r");
    assertThat(dir.resolve("local_results")).doesNotExist();
  }

  @Test
  void controlCharactersInOtherNamesAreRefused() {
    CliRun prefix = responses("4", "local_results/a\tb");
    CliRun judge =
        CliRun.in(
            dir,
            "evaluate",
            "--responses-ds-path",
            OUT,
            "--judge-model-id",
            "judge\u001b]0;title\u0007",
            "--output-dataset-path",
            OUT);

    assertThat(prefix.exitCode()).isEqualTo(2);
    assertThat(prefix.err()).contains("--output-dataset-path").contains("U+0009");
    assertThat(judge.exitCode()).isEqualTo(2);
    assertThat(judge.err()).contains("--judge-model-id").doesNotContain("\u001b");
  }

  @Test
  void anOutputFolderNameLongerThanTheFileSystemAllowsIsRefusedUpFront() {
    CliRun run = responses("4", "local_results/" + "v".repeat(250));

    assertRefusedBeforeAnyStep(run, "longer than 255 bytes");
  }

  // ---- checked before the first request

  @Test
  void aHubTargetWithoutATokenFailsBeforeAnyRequest() throws IOException {
    FakeOpenAi openAi = new FakeOpenAi();
    try (FakeHttpServer server = new FakeHttpServer().handle(openAi::handle)) {
      CliRun run =
          CliRun.in(
              dir,
              "responses",
              "--model-id",
              "m1",
              "--inference-url",
              server.url() + "/v1",
              "--dataset-id",
              "sample",
              "--limit",
              "3",
              "--output-dataset-path",
              "out/vb");

      assertThat(run.exitCode()).as(run.err()).isEqualTo(4);
      assertThat(run.err()).contains("out/vb-m1").contains("HF_TOKEN").doesNotContain("step ");
      assertThat(server.requests()).isEmpty();
    }
  }

  @Test
  void theSecondModelsBadOutputPathStopsTheSweepBeforeTheFirstModelsRequests() throws IOException {
    Files.createDirectories(dir.resolve("local_results/vb-mock-sycophantic/mine"));

    CliRun run =
        CliRun.in(
            dir,
            "responses",
            "--model-id",
            "mock-consistent,mock-sycophantic",
            "--provider",
            "mock",
            "--dataset-id",
            "sample",
            "--output-dataset-path",
            "local_results/vb");

    assertRefusedBeforeAnyStep(run, "local_results/vb-mock-sycophantic: holds files");
    assertThat(dir.resolve(OUT)).doesNotExist();
  }
}
