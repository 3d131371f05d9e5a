package org.valbench.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.valbench.common.Hashing;
import org.valbench.testing.FakeHttpServer;
import org.valbench.testing.SyntheticProtocol;

class ReferenceFilesTest {
  @TempDir Path cache;

  private static ReferencePin withJudge(ReferencePin.PinnedPrompt judge) {
    ReferencePin pin = SyntheticProtocol.pin();
    return new ReferencePin(pin.commit(), pin.candidate(), judge);
  }

  @Test
  void promptWithAnotherHashThanPinnedIsRefusedNamingTheFileAndBothHashes() throws Exception {
    ReferencePin.PinnedPrompt real = SyntheticProtocol.pin().judge();
    String wrong = "0".repeat(64);
    ReferencePin pin =
        withJudge(
            new ReferencePin.PinnedPrompt(
                real.file(), real.fileSha256(), wrong, real.extraction(), real.name()));
    try (FakeHttpServer server = SyntheticProtocol.serve(new FakeHttpServer())) {
      ReferenceFiles files = new ReferenceFiles(server.url() + "/", cache, pin);

      assertThatThrownBy(files::judge)
          .isInstanceOf(ReferenceFilesUnavailableException.class)
          .hasMessageContaining("evaluator_flow.py")
          .hasMessageContaining(Hashing.sha256Hex(SyntheticProtocol.JUDGE_PROMPT))
          .hasMessageContaining("expected " + wrong);
    }
  }

  @Test
  void fileWithoutThePinnedNameIsRefusedSayingWhatIsMissing() throws Exception {
    ReferencePin.PinnedPrompt real = SyntheticProtocol.pin().judge();
    ReferencePin pin =
        withJudge(
            new ReferencePin.PinnedPrompt(
                real.file(), real.fileSha256(), real.promptSha256(), real.extraction(), "ABSENT"));
    try (FakeHttpServer server = SyntheticProtocol.serve(new FakeHttpServer())) {
      assertThatThrownBy(() -> new ReferenceFiles(server.url(), cache, pin).judge())
          .hasMessageContaining("evaluator_flow.py: cannot read the judge system prompt")
          .hasMessageContaining("no assignment to ABSENT");
    }
  }

  @Test
  void bothPromptsComeWithTheirProvenanceAndAreCachedByCommit() throws Exception {
    try (FakeHttpServer server = SyntheticProtocol.serve(new FakeHttpServer())) {
      ReferenceFiles files = new ReferenceFiles(server.url(), cache, SyntheticProtocol.pin());

      ProtocolPrompt candidate = files.candidate();
      ProtocolPrompt judge = files.judge();
      files.judge();

      assertThat(candidate.text()).isEqualTo(SyntheticProtocol.CANDIDATE_PROMPT);
      assertThat(judge.text()).isEqualTo(SyntheticProtocol.JUDGE_PROMPT);
      assertThat(judge.commit()).contains(SyntheticProtocol.COMMIT);
      assertThat(judge.provenance("judge_prompt"))
          .containsEntry("protocol", "reference")
          .containsEntry("judge_prompt_sha256", Hashing.sha256Hex(SyntheticProtocol.JUDGE_PROMPT));
      assertThat(server.requests()).hasSize(2);
      assertThat(cache.resolve(SyntheticProtocol.COMMIT).resolve("evaluator_flow.py")).exists();
    }
  }
}
