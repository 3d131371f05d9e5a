package org.valbench.dataset;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.flatbuf.DictionaryBatch;
import org.apache.arrow.flatbuf.Message;
import org.apache.arrow.flatbuf.MessageHeader;
import org.apache.arrow.flatbuf.RecordBatch;
import org.apache.arrow.vector.ipc.message.ArrowBlock;

/**
 * Checks the framing of an Arrow IPC file before Arrow's reader trusts it: Arrow allocates what a
 * length field claims before it reads, so a damaged file could ask for gigabytes. Every message's
 * metadata and body must fit in what is left of the file, and every buffer of a record batch in its
 * body; a file-format footer may only point at messages that are there. Only the small metadata is
 * read; bodies are skipped.
 */
final class ArrowFraming {
  /** Message metadata is a schema or a batch description: kilobytes, rarely more. */
  static final int MAX_METADATA_BYTES = 16 * 1024 * 1024;

  /** Rows a batch may claim beyond what its body could hold (columns of type null hold none). */
  private static final long SPARE_ROWS = 65_536;

  private static final int CONTINUATION = 0xFFFFFFFF;
  private static final int FILE_MAGIC_PADDED = 8;

  private final Path file;
  private final FileChannel channel;
  private final long size;

  /** Where each message starts: its prefix + metadata length, and its body length. */
  private final Map<Long, long[]> messages = new HashMap<>();

  private ArrowFraming(Path file, FileChannel channel) throws IOException {
    this.file = file;
    this.channel = channel;
    this.size = channel.size();
  }

  /** Checks an Arrow IPC stream (what {@code save_to_disk} writes). */
  static void checkStream(Path file) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      new ArrowFraming(file, channel).walk(0, channel.size(), true);
    }
  }

  /**
   * Checks an Arrow IPC file: the stream after the magic, and that the footer's blocks point at
   * messages of the stream with their real lengths ({@code blocks} as the reader parsed them).
   */
  static void checkFile(Path file, List<ArrowBlock> blocks) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      ArrowFraming framing = new ArrowFraming(file, channel);
      // The footer (its length, then the magic, end the file) was checked by the reader.
      long footer = framing.size - 10 - framing.readInt(framing.size - 10);
      framing.walk(FILE_MAGIC_PADDED, footer, false);
      for (ArrowBlock block : blocks) {
        long[] message = framing.messages.get(block.getOffset());
        if (message == null
            || message[0] != block.getMetadataLength()
            || message[1] != block.getBodyLength()) {
          throw framing.damaged(
              "its footer lists a record batch at byte "
                  + block.getOffset()
                  + " ("
                  + block.getMetadataLength()
                  + " + "
                  + block.getBodyLength()
                  + " bytes) where the file has none");
        }
      }
    }
  }

  private void walk(long start, long end, boolean requireEndMarker) throws IOException {
    long at = start;
    while (end - at >= 4) {
      int first = readInt(at);
      int prefix = first == CONTINUATION ? 8 : 4;
      if (end - at < prefix) {
        throw damaged("ends inside the message header at byte " + at);
      }
      int length = first == CONTINUATION ? readInt(at + 4) : first;
      if (length == 0) {
        return; // end-of-stream marker; a file format's footer follows
      }
      long left = end - at - prefix;
      if (length < 0 || length > MAX_METADATA_BYTES || length > left) {
        throw damaged(
            "the message at byte "
                + at
                + " claims "
                + length
                + " bytes of metadata, but "
                + left
                + " bytes are left");
      }
      long body = checkMessage(at, read(at + prefix, length), left - length);
      messages.put(at, new long[] {prefix + length, body});
      at += prefix + length + body;
    }
    if (at != end) {
      throw damaged("ends inside a message header at byte " + at);
    }
    // Arrow's reader takes the end of the bytes for the end of the stream; every writer
    // (pyarrow, datasets, valbench) ends with the marker, so its absence means a file cut short
    // between two batches, whose missing rows would otherwise go unnoticed.
    if (requireEndMarker) {
      throw damaged("ends at byte " + at + " without the end-of-stream marker: cut short?");
    }
  }

  /** Checks one message's lengths and returns its body length. */
  private long checkMessage(long at, ByteBuffer metadata, long left) {
    Message message = Message.getRootAsMessage(metadata);
    long body = message.bodyLength();
    if (body < 0 || body > left) {
      throw damaged(
          "the message at byte "
              + at
              + " claims a body of "
              + body
              + " bytes, but "
              + left
              + " bytes are left");
    }
    RecordBatch batch = null;
    if (message.headerType() == MessageHeader.RecordBatch) {
      batch = (RecordBatch) message.header(new RecordBatch());
    } else if (message.headerType() == MessageHeader.DictionaryBatch) {
      batch = ((DictionaryBatch) message.header(new DictionaryBatch())).data();
    }
    if (batch != null) {
      checkBatch(at, batch, body);
    }
    return body;
  }

  private void checkBatch(long at, RecordBatch batch, long body) {
    long maxRows = body * 8 + SPARE_ROWS;
    if (batch.length() < 0 || batch.length() > maxRows) {
      throw damaged(
          "the record batch at byte "
              + at
              + " claims "
              + batch.length()
              + " rows for "
              + body
              + " bytes of data");
    }
    for (int i = 0; i < batch.nodesLength(); i++) {
      long rows = batch.nodes(i).length();
      long nulls = batch.nodes(i).nullCount();
      if (rows < 0 || rows > maxRows || nulls < 0 || nulls > rows) {
        throw damaged(
            "the record batch at byte " + at + " claims " + rows + " values in column node " + i);
      }
    }
    for (int i = 0; i < batch.buffersLength(); i++) {
      long offset = batch.buffers(i).offset();
      long length = batch.buffers(i).length();
      if (offset < 0 || length < 0 || offset > body || length > body - offset) {
        throw damaged(
            "the record batch at byte "
                + at
                + " places buffer "
                + i
                + " ("
                + length
                + " bytes at "
                + offset
                + ") outside its "
                + body
                + "-byte body");
      }
    }
  }

  private int readInt(long at) throws IOException {
    return read(at, 4).getInt(0);
  }

  private ByteBuffer read(long at, int length) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
    while (buffer.hasRemaining()) {
      if (channel.read(buffer, at + buffer.position()) < 0) {
        throw new EOFException(file + ": ends at byte " + (at + buffer.position()));
      }
    }
    return buffer.flip();
  }

  private DatasetFormatException damaged(String what) {
    return new DatasetFormatException(
        file + ": not a readable Arrow IPC file (" + what + "; " + size + " bytes in all)");
  }
}
