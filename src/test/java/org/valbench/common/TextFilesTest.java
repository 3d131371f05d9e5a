package org.valbench.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TextFilesTest {
  @TempDir Path dir;

  @Test
  void utf8WithOrWithoutByteOrderMarkIsRead() throws Exception {
    Path plain = dir.resolve("plain.txt");
    Files.writeString(plain, "Judge fairly. Café.\n");
    Path bom = dir.resolve("bom.txt");
    byte[] text = "Judge fairly. Café.\n".getBytes(StandardCharsets.UTF_8);
    byte[] withBom = new byte[text.length + 3];
    withBom[0] = (byte) 0xEF;
    withBom[1] = (byte) 0xBB;
    withBom[2] = (byte) 0xBF;
    System.arraycopy(text, 0, withBom, 3, text.length);
    Files.write(bom, withBom);

    assertThat(TextFiles.readUtf8(plain, "p")).isEqualTo("Judge fairly. Café.\n");
    assertThat(TextFiles.readUtf8(bom, "b")).isEqualTo("Judge fairly. Café.\n");
  }

  @Test
  void latin1IsRefusedNamingTheLine() throws Exception {
    Path file = dir.resolve("prompt.txt");
    Files.write(file, "Line one.\nCafé here.\n".getBytes(StandardCharsets.ISO_8859_1));

    assertThatThrownBy(() -> TextFiles.readUtf8(file, "--judge-prompt-file " + file))
        .isInstanceOf(UserError.class)
        .hasMessage("--judge-prompt-file " + file + ": not UTF-8 text (line 2)");
  }

  @Test
  void missingFileSaysSo() {
    Path file = dir.resolve("nope.txt");
    assertThatThrownBy(() -> TextFiles.readUtf8(file, "--judge-prompt-file " + file))
        .hasMessage("--judge-prompt-file " + file + ": no such file");
  }

  @Test
  void unreadableFileSaysPermissionDenied() throws Exception {
    Path file = dir.resolve("locked.txt");
    Files.writeString(file, "x");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("-w-------"));
    assumeThat(Files.isReadable(file)).as("running as root").isFalse();

    assertThatThrownBy(() -> TextFiles.readUtf8(file, file.toString()))
        .hasMessage(file + ": permission denied");
  }

  @Test
  void latin1DotEnvIsRefusedWithoutEchoingIt() throws Exception {
    Path file = dir.resolve(".env");
    Files.write(file, "OPENAI_API_KEY=sk-é-secret\n".getBytes(StandardCharsets.ISO_8859_1));

    assertThatThrownBy(() -> Env.readDotEnv(file))
        .hasMessage(file + ": not UTF-8 text (line 1)")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("secret"));
  }
}
