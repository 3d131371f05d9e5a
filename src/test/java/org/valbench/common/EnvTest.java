package org.valbench.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnvTest {
  @TempDir Path dir;

  @Test
  void dotEnvFillsInAndTheRealEnvironmentWins() throws Exception {
    Files.writeString(
        dir.resolve(".env"),
        """
        # keys for valbench
        OPENAI_API_KEY="from-dotenv"
        export HF_TOKEN='hf-from-dotenv'
        ANTHROPIC_API_KEY=plain # a comment
        MULTI="line one\\nline two"
        """);

    Env env = Env.load(dir, Map.of("OPENAI_API_KEY", "from-environment"));

    assertThat(env.get("OPENAI_API_KEY")).hasValue("from-environment");
    assertThat(env.get("ANTHROPIC_API_KEY")).hasValue("plain");
    assertThat(env.firstOf("HUGGING_FACE_HUB_TOKEN", "HF_TOKEN")).hasValue("hf-from-dotenv");
    assertThat(env.get("MISSING")).isEmpty();
    assertThat(env.get("MULTI")).hasValue("line one\nline two");
  }

  @Test
  void toStringShowsNamesNeverValues() {
    Env env = Env.of(Map.of("OPENAI_API_KEY", "sk-very-secret"));
    assertThat(env.toString()).contains("OPENAI_API_KEY").doesNotContain("sk-very-secret");
  }

  @Test
  void noDotEnvIsFine() {
    assertThat(Env.load(dir, Map.of("A", "1")).get("A")).hasValue("1");
  }
}
