package org.valbench.inference;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * A cheap look at an SQLite file's 100-byte header before it is opened: the magic string, and
 * whether the file is shorter than the page count the header records (a truncated copy). SQLite
 * itself would only notice a truncation when a query reaches a missing page.
 */
final class SqliteHeader {
  private static final byte[] MAGIC = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);
  private static final int HEADER = 100;

  private SqliteHeader() {}

  /** What is wrong with {@code file}, or empty when it is absent, empty or looks sound. */
  static Optional<String> damage(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    long size = Files.size(file);
    if (size == 0) {
      return Optional.empty(); // SQLite starts a new database in an empty file
    }
    if (size < HEADER) {
      return Optional.of("not an SQLite database: only " + size + " bytes");
    }
    ByteBuffer header = ByteBuffer.allocate(HEADER);
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      while (header.hasRemaining() && channel.read(header) >= 0) {
        // read the whole header
      }
    }
    header.flip();
    for (int i = 0; i < MAGIC.length; i++) {
      if (header.get(i) != MAGIC[i]) {
        return Optional.of("not an SQLite database");
      }
    }
    int rawPageSize = Short.toUnsignedInt(header.getShort(16));
    long pageSize = rawPageSize == 1 ? 65536 : rawPageSize;
    if (pageSize < 512 || pageSize > 65536 || Long.bitCount(pageSize) != 1) {
      return Optional.of("not an SQLite database: bad page size " + rawPageSize);
    }
    long pages = Integer.toUnsignedLong(header.getInt(28));
    // The recorded page count is valid only when the change counter matches "version valid for".
    boolean countValid = pages > 0 && header.getInt(24) == header.getInt(92);
    if (countValid && size < pages * pageSize) {
      return Optional.of(
          "truncated: " + size + " bytes where the header records " + pages * pageSize);
    }
    return Optional.empty();
  }
}
