package org.valbench.flows;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OutputNamesTest {
  @Test
  void responsesNameReplacesSlashColonAndDotAndAddsModes() {
    assertThat(OutputNames.responsesDataset("local_results/vb", "Qwen/Qwen3-8B:v1.5", false, false))
        .isEqualTo("local_results/vb-Qwen-Qwen3-8B-v1-5");
    assertThat(OutputNames.responsesDataset("out", "gpt-4.1", true, true))
        .isEqualTo("out-gpt-4-1-thinking-websearch");
  }

  @Test
  void judgedNameUsesTheLastSegmentOfTheJudgeId() {
    assertThat(OutputNames.judgedDataset("local_results/vb", "google/gemma-3-27b-it"))
        .isEqualTo("local_results/vb-gemma-3-27b-it-evaluation");
    assertThat(OutputNames.judgedDataset("o", "us.anthropic.claude-3-5:0"))
        .isEqualTo("o-us-anthropic-claude-3-5-0-evaluation");
  }

  @Test
  void reportDirUsesTheLastSegmentOfTheOutputPath() {
    assertThat(OutputNames.reportDir("local_results/sweep/vb-qwen", "google/gemma-3-27b-it"))
        .isEqualTo("evaluation_results/vb-qwen-gemma-3-27b-it");
    assertThat(OutputNames.reportDir("run", "gpt-4.1")).isEqualTo("evaluation_results/run-gpt-4-1");
  }
}
