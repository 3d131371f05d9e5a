package org.valbench.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.valbench.inference.Redactor;

/**
 * The console's last line of defence: everything valbench prints (results, step lines, progress,
 * error messages, stack traces with {@code --verbose}) passes through here and leaves with the
 * user's secret values removed. Text is held until a line ends ({@code \n} or {@code \r}) or the
 * writer is flushed, so a secret is never split between two writes of one line.
 */
final class RedactingWriter extends Writer {
  private final Writer target;
  private final Redactor redactor;
  private final StringBuilder pending = new StringBuilder();

  RedactingWriter(Writer target, Redactor redactor) {
    this.target = Objects.requireNonNull(target, "target");
    this.redactor = Objects.requireNonNull(redactor, "redactor");
  }

  @Override
  public synchronized void write(char[] buffer, int offset, int length) throws IOException {
    pending.append(buffer, offset, length);
    int end = Math.max(pending.lastIndexOf("\n"), pending.lastIndexOf("\r"));
    if (end >= 0) {
      emit(end + 1);
    }
  }

  private void emit(int length) throws IOException {
    if (length > 0) {
      target.write(redactor.redactValues(pending.substring(0, length)));
      pending.delete(0, length);
    }
  }

  @Override
  public synchronized void flush() throws IOException {
    emit(pending.length());
    target.flush();
  }

  /** Flushes; the target stays open (it belongs to the caller). */
  @Override
  public void close() throws IOException {
    flush();
  }

  /**
   * The same for a byte stream ({@code System.err}, where libraries log): bytes are held until a
   * line ends or a flush, then decoded as UTF-8, redacted and passed on.
   */
  static final class Bytes extends OutputStream {
    private final OutputStream target;
    private final Redactor redactor;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

    Bytes(OutputStream target, Redactor redactor) {
      this.target = Objects.requireNonNull(target, "target");
      this.redactor = Objects.requireNonNull(redactor, "redactor");
    }

    @Override
    public synchronized void write(int b) throws IOException {
      pending.write(b);
      if (b == '\n' || b == '\r') {
        flushPending();
      }
    }

    @Override
    public synchronized void write(byte[] bytes, int offset, int length) throws IOException {
      // '\n' and '\r' never occur inside a UTF-8 multi-byte character, so lines split safely.
      int from = offset;
      for (int i = offset; i < offset + length; i++) {
        if (bytes[i] == '\n' || bytes[i] == '\r') {
          pending.write(bytes, from, i + 1 - from);
          flushPending();
          from = i + 1;
        }
      }
      pending.write(bytes, from, offset + length - from);
    }

    private void flushPending() throws IOException {
      if (pending.size() > 0) {
        String text = pending.toString(StandardCharsets.UTF_8);
        String redacted = redactor.redactValues(text);
        // Bytes without a secret pass unchanged, even when they are not UTF-8.
        if (redacted.equals(text)) {
          pending.writeTo(target);
        } else {
          target.write(redacted.getBytes(StandardCharsets.UTF_8));
        }
        pending.reset();
      }
    }

    @Override
    public synchronized void flush() throws IOException {
      flushPending();
      target.flush();
    }

    @Override
    public void close() throws IOException {
      flush();
    }
  }
}
