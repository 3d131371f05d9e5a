package org.valbench.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.arrow.flatbuf.Block;
import org.apache.arrow.flatbuf.Footer;
import org.apache.arrow.flatbuf.Message;
import org.apache.arrow.flatbuf.MessageHeader;
import org.apache.arrow.flatbuf.RecordBatch;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.valbench.dataset.SaveToDiskFormat;
import org.valbench.dataset.Table;

/** Arrow IPC bytes for damage tests: where the messages and their length fields are. */
final class ArrowFiles {
  private ArrowFiles() {}

  /** {@code [start, metadata length, body length]} of each message of an Arrow stream. */
  static List<int[]> messages(byte[] stream) {
    List<int[]> messages = new ArrayList<>();
    ByteBuffer bytes = ByteBuffer.wrap(stream).order(ByteOrder.LITTLE_ENDIAN);
    int at = 0;
    while (at + 8 <= stream.length) {
      int length = bytes.getInt(at + 4);
      if (length == 0) {
        break;
      }
      Message message = message(stream, at + 8, length);
      messages.add(new int[] {at, length, (int) message.bodyLength()});
      at += 8 + length + (int) message.bodyLength();
    }
    return messages;
  }

  private static Message message(byte[] stream, int from, int length) {
    ByteBuffer metadata =
        ByteBuffer.wrap(stream, from, length).slice().order(ByteOrder.LITTLE_ENDIAN);
    return Message.getRootAsMessage(metadata);
  }

  /**
   * Absolute positions of 8-byte little-endian length fields in a message's metadata: its body
   * length and, for a record batch, its row count and its largest buffer's offset and length.
   */
  static List<Integer> lengthSlots(byte[] stream, int[] m) {
    Message message = message(stream, m[0] + 8, m[1]);
    Set<Long> values = new LinkedHashSet<>();
    if (message.bodyLength() > 0) {
      values.add(message.bodyLength());
    }
    if (message.headerType() == MessageHeader.RecordBatch) {
      RecordBatch batch = (RecordBatch) message.header(new RecordBatch());
      values.add(batch.length());
      long largest = 0;
      long largestOffset = 0;
      for (int i = 0; i < batch.buffersLength(); i++) {
        if (batch.buffers(i).length() > largest) {
          largest = batch.buffers(i).length();
          largestOffset = batch.buffers(i).offset();
        }
      }
      values.add(largest);
      if (largestOffset > 0) {
        values.add(largestOffset);
      }
    }
    return find(stream, m[0] + 8, m[0] + 8 + m[1], values);
  }

  private static List<Integer> find(byte[] bytes, int from, int to, Set<Long> values) {
    ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    List<Integer> slots = new ArrayList<>();
    for (long value : values) {
      for (int i = from; i + 8 <= to; i++) {
        if (buffer.getLong(i) == value) {
          slots.add(i);
          break;
        }
      }
    }
    return slots;
  }

  /** The table in the Arrow IPC file format ({@code ARROW1} magic, footer with blocks). */
  static byte[] fileFormat(Table table) throws Exception {
    Path tmp = Files.createTempDirectory("arrow-file");
    try {
      SaveToDiskFormat.write(table, tmp.resolve("ds"));
      byte[] stream = Files.readAllBytes(tmp.resolve("ds/data-00000-of-00001.arrow"));
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      try (BufferAllocator allocator = new RootAllocator();
          ArrowStreamReader reader =
              new ArrowStreamReader(new ByteArrayInputStream(stream), allocator)) {
        VectorSchemaRoot root = reader.getVectorSchemaRoot();
        try (ArrowFileWriter writer = new ArrowFileWriter(root, null, Channels.newChannel(out))) {
          writer.start();
          while (reader.loadNextBatch()) {
            writer.writeBatch();
          }
          writer.end();
        }
      }
      return out.toByteArray();
    } finally {
      try (var files = Files.walk(tmp)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  /** Damages to the blocks listed in a file-format footer. */
  static List<java.util.Map.Entry<String, byte[]>> lyingBlockBytes(byte[] file) {
    ByteBuffer bytes = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
    int footerLength = bytes.getInt(file.length - 10);
    int footerStart = file.length - 10 - footerLength;
    Footer footer =
        Footer.getRootAsFooter(
            ByteBuffer.wrap(file, footerStart, footerLength)
                .slice()
                .order(ByteOrder.LITTLE_ENDIAN));
    List<java.util.Map.Entry<String, byte[]>> damaged = new ArrayList<>();
    for (int i = 0; i < footer.recordBatchesLength(); i++) {
      Block block = footer.recordBatches(i);
      for (int slot :
          find(file, footerStart, file.length - 10, Set.of(block.bodyLength(), block.offset()))) {
        byte[] copy = file.clone();
        ByteBuffer.wrap(copy).order(ByteOrder.LITTLE_ENDIAN).putLong(slot, 1L << 40);
        damaged.add(
            java.util.Map.entry("block " + i + " field at " + slot + " claims 1 TiB", copy));
      }
      // The metadata length is a 4-byte field right after the 8-byte offset.
      for (int slot : find(file, footerStart, file.length - 10, Set.of(block.offset()))) {
        byte[] copy = file.clone();
        ByteBuffer.wrap(copy).order(ByteOrder.LITTLE_ENDIAN).putInt(slot + 8, 0x7FFFFFF0);
        damaged.add(java.util.Map.entry("block " + i + " metadata claims 2 GiB", copy));
      }
    }
    return damaged;
  }
}
