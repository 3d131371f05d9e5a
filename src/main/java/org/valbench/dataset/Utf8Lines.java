package org.valbench.dataset;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The lines of a UTF-8 text, read from bytes: each line is decoded strictly on its own, so a byte
 * sequence that is not UTF-8 is reported with its line number (a reader decoding ahead in blocks
 * cannot say where). A UTF-8 byte order mark at the start is skipped, as Python's {@code utf-8-sig}
 * does. A line longer than {@link #MAX_LINE_BYTES} is refused instead of filling the heap (a
 * damaged or binary file may have no line break at all).
 */
final class Utf8Lines implements Closeable {
  /** The longest line accepted; a VAL-Bench row is a few kilobytes. */
  static final int MAX_LINE_BYTES = 16 * 1024 * 1024;

  private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

  private final InputStream in;
  private final String name;
  private final CharsetDecoder decoder =
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT);
  private final byte[] buffer = new byte[1 << 16];
  private int position;
  private int limit;
  private boolean atStart = true;
  private boolean ended;
  private byte[] line = new byte[1 << 12];
  private long number;

  Utf8Lines(InputStream in, String name) {
    this.in = in;
    this.name = name;
  }

  /** The number of the line last returned by {@link #next()}, from 1. */
  long number() {
    return number;
  }

  /** The next line without its line break ({@code \n} or {@code \r\n}), or null at the end. */
  String next() throws IOException {
    if (ended) {
      return null;
    }
    int length = 0;
    boolean any = false;
    while (true) {
      if (position == limit && !fill()) {
        ended = true;
        if (!any) {
          return null;
        }
        break;
      }
      any = true;
      int newline = indexOf((byte) '\n', position, limit);
      int end = newline < 0 ? limit : newline;
      length = append(length, end - position);
      position = newline < 0 ? limit : newline + 1;
      if (newline >= 0) {
        break;
      }
    }
    number++;
    if (length > 0 && line[length - 1] == '\r') {
      length--;
    }
    try {
      return decoder.decode(ByteBuffer.wrap(line, 0, length)).toString();
    } catch (CharacterCodingException e) {
      throw new DatasetFormatException(
          name
              + ": line "
              + number
              + " is not UTF-8 text (byte "
              + badByte(length)
              + "); save the file as UTF-8");
    }
  }

  /** The first byte of the current line that is not valid UTF-8, e.g. {@code 0xE9 at column 7}. */
  private String badByte(int length) {
    CharsetDecoder probe =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer bytes = ByteBuffer.wrap(line, 0, length);
    java.nio.CharBuffer chars = java.nio.CharBuffer.allocate(length + 1);
    java.nio.charset.CoderResult result = probe.decode(bytes, chars, true);
    int at = result.isError() ? bytes.position() : 0;
    return String.format(java.util.Locale.ROOT, "0x%02X at byte %d", line[at] & 0xFF, at + 1);
  }

  private int append(int length, int count) {
    if ((long) length + count > MAX_LINE_BYTES) {
      throw new DatasetFormatException(
          name
              + ": line "
              + (number + 1)
              + " is longer than "
              + MAX_LINE_BYTES / (1024 * 1024)
              + " MiB; is this a JSON Lines file?");
    }
    if (length + count > line.length) {
      line =
          Arrays.copyOf(line, Math.max(length + count, Math.min(line.length * 2, MAX_LINE_BYTES)));
    }
    System.arraycopy(buffer, position, line, length, count);
    return length + count;
  }

  private boolean fill() throws IOException {
    int n = in.read(buffer, 0, buffer.length);
    while (n == 0) {
      n = in.read(buffer, 0, buffer.length);
    }
    if (n < 0) {
      return false;
    }
    position = 0;
    limit = n;
    if (atStart) {
      atStart = false;
      while (limit < BOM.length) {
        int more = in.read(buffer, limit, buffer.length - limit);
        if (more < 0) {
          break;
        }
        limit += more;
      }
      if (limit >= BOM.length && Arrays.equals(buffer, 0, BOM.length, BOM, 0, BOM.length)) {
        position = BOM.length;
      }
    }
    return true;
  }

  private int indexOf(byte b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (buffer[i] == b) {
        return i;
      }
    }
    return -1;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
