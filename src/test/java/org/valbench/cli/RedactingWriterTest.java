package org.valbench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.valbench.common.Env;
import org.valbench.inference.Redactor;

class RedactingWriterTest {
  private static final String KEY = "sk-live-Qq11Ww22Ee33";
  private final Redactor redactor = Redactor.from(Env.of(Map.of("OPENAI_API_KEY", KEY)));

  @Test
  void aSecretWrittenInPiecesWithinOneLineIsStillRedacted() {
    StringWriter target = new StringWriter();
    PrintWriter out = new PrintWriter(new RedactingWriter(target, redactor));

    out.print("error: " + KEY.substring(0, 7));
    out.print(KEY.substring(7));
    out.println(" refused");
    out.print("\r\033[2Kprogress " + KEY);
    out.flush();

    assertThat(target.toString())
        .isEqualTo(
            "error: [redacted] refused" + System.lineSeparator() + "\r\033[2Kprogress [redacted]");
  }

  @Test
  void libraryLinesOnTheByteStreamAreRedactedAndOtherBytesPassUnchanged() {
    ByteArrayOutputStream target = new ByteArrayOutputStream();
    PrintStream err =
        new PrintStream(new RedactingWriter.Bytes(target, redactor), true, StandardCharsets.UTF_8);

    err.println("WARN okhttp: header Authorization: Bearer " + KEY + " (ünïcode)");
    err.write(new byte[] {(byte) 0xff, (byte) 0xfe, '\n'}, 0, 3);
    err.flush();

    byte[] bytes = target.toByteArray();
    String text = new String(bytes, StandardCharsets.UTF_8);
    assertThat(text).startsWith("WARN okhttp: header Authorization: Bearer [redacted] (ünïcode)");
    assertThat(bytes[bytes.length - 3]).isEqualTo((byte) 0xff);
    assertThat(bytes[bytes.length - 2]).isEqualTo((byte) 0xfe);
  }

  @Test
  void aCredentialGivenOnlyInAFlagNeverReachesTheConsole() throws Exception {
    java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("redact");
    Redactor console =
        Main.consoleRedactor(
            dir, Map.of(), "responses", "--inference-url=http://h:1/v1?api_key=FlagOnly-7788");

    assertThat(console.redactValues("failed for http://h:1/v1?api_key=FlagOnly-7788"))
        .isEqualTo("failed for http://h:1/v1?api_key=[redacted]");
  }
}
