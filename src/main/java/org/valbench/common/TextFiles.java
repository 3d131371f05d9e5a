package org.valbench.common;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Small text files given by the user (a judge prompt, {@code .env}), read as UTF-8: a byte order
 * mark at the start is skipped, as Python's {@code utf-8-sig} does, and anything that cannot be
 * read is a user error naming the file and the cause.
 */
public final class TextFiles {
  private TextFiles() {}

  /** The text of {@code file}; {@code label} starts the error message (e.g. the flag and path). */
  public static String readUtf8(Path file, String label) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw UserError.badInput(label + ": " + cause(e), e);
    }
    int start =
        bytes.length >= 3
                && bytes[0] == (byte) 0xEF
                && bytes[1] == (byte) 0xBB
                && bytes[2] == (byte) 0xBF
            ? 3
            : 0;
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes, start, bytes.length - start))
          .toString();
    } catch (CharacterCodingException e) {
      throw UserError.badInput(
          label + ": not UTF-8 text (line " + lineOfFirstBadByte(bytes, start) + ")", e);
    }
  }

  private static String cause(IOException e) {
    return switch (e) {
      case AccessDeniedException denied -> "permission denied";
      case NoSuchFileException missing -> "no such file";
      case FileSystemException fs when fs.getReason() != null -> fs.getReason();
      default -> "cannot read (" + e.getMessage() + ")";
    };
  }

  private static int lineOfFirstBadByte(byte[] bytes, int start) {
    int line = 1;
    int lineStart = start;
    for (int i = start; i <= bytes.length; i++) {
      if (i == bytes.length || bytes[i] == '\n') {
        try {
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes, lineStart, i - lineStart));
        } catch (CharacterCodingException e) {
          return line;
        }
        line++;
        lineStart = i + 1;
      }
    }
    return line;
  }
}
