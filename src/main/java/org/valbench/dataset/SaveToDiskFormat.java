package org.valbench.dataset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.valbench.common.AtomicDirs;

/**
 * Folders in the layout of Hugging Face {@code datasets.save_to_disk}: Arrow IPC stream shards
 * {@code data-NNNNN-of-NNNNN.arrow}, {@code state.json} and {@code dataset_info.json}. What this
 * class writes opens with {@code datasets.load_from_disk}; it reads what that library writes.
 */
public final class SaveToDiskFormat {
  static final String STATE = "state.json";
  static final String INFO = "dataset_info.json";
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final byte[] FILE_MAGIC = {'A', 'R', 'R', 'O', 'W', '1'};

  /** Rows per Arrow record batch; keeps each batch's string buffers far below 2 GiB. */
  static final int ROWS_PER_BATCH = 1_000;

  /** A new shard starts after this many bytes, like {@code datasets}' default max_shard_size. */
  static final long MAX_SHARD_BYTES = 500L * 1024 * 1024;

  private SaveToDiskFormat() {}

  /** True when {@code dir} looks like a save_to_disk folder. */
  public static boolean looksLike(Path dir) {
    if (Files.isRegularFile(dir.resolve(STATE))) {
      return true;
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.anyMatch(p -> p.getFileName().toString().endsWith(".arrow"));
    } catch (IOException e) {
      return false;
    }
  }

  // ---- reading ----

  /** Reads a whole save_to_disk folder into memory (for small tables; steps use {@link #open}). */
  public static Table read(Path dir) throws IOException {
    return open(dir).toTable();
  }

  /** Streams the rows of a save_to_disk folder, one Arrow record batch in memory at a time. */
  public static RowStream open(Path dir) throws IOException {
    List<Path> shards = SaveToDiskFolder.shards(dir);
    if (shards.isEmpty()) {
      throw new DatasetFormatException(dir + ": no .arrow data files in this folder");
    }
    return new ShardRows(shards, "the first shard's (" + shards.get(0) + ")");
  }

  /** Streams a single Arrow IPC file (stream or file format) outside a save_to_disk folder. */
  static RowStream openShardFile(Path shard) {
    return new ShardRows(List.of(shard), "");
  }

  /** Rows of Arrow IPC shards read in turn, one record batch at a time. */
  private static final class ShardRows extends FetchingRows {
    private final List<Path> shards;
    private final String firstShard;
    private final BufferAllocator allocator;
    private Schema schema;
    private int shardIndex = -1;
    private ArrowReader reader;
    private VectorSchemaRoot root;
    private int row;

    /** Rows returned so far, over all shards. */
    private long rowsRead;

    ShardRows(List<Path> shards, String firstShard) {
      this.shards = List.copyOf(shards);
      this.firstShard = firstShard;
      this.allocator = new RootAllocator(memoryLimit(shards));
      try {
        openNextShard();
      } catch (RuntimeException e) {
        close();
        throw e;
      }
    }

    /**
     * Arrow memory for reading {@code shards}: a batch never needs more than its shard's bytes
     * (plus room for the vectors' own growth), so a damaged length cannot claim gigabytes.
     */
    private static long memoryLimit(List<Path> shards) {
      long largest = 0;
      for (Path shard : shards) {
        try {
          largest = Math.max(largest, Files.size(shard));
        } catch (IOException e) {
          throw unreadable(shard, e);
        }
      }
      return 2 * largest + 64L * 1024 * 1024;
    }

    @Override
    public Schema schema() {
      return schema;
    }

    @Override
    protected Map<String, Object> fetch() {
      while (root == null || row >= root.getRowCount()) {
        if (reader == null && !openNextShard()) {
          return null;
        }
        Path shard = shards.get(shardIndex);
        try {
          if (reader.loadNextBatch()) {
            root = reader.getVectorSchemaRoot();
            row = 0;
          } else {
            closeReader();
          }
        } catch (IOException | RuntimeException | OutOfMemoryError | StackOverflowError e) {
          close();
          throw unreadable(shard, e);
        }
      }
      Map<String, Object> values = new LinkedHashMap<>();
      FieldVector current = null;
      try {
        for (FieldVector vector : root.getFieldVectors()) {
          current = vector;
          values.put(vector.getName(), ArrowValues.read(vector, row));
        }
      } catch (ArithmeticException e) {
        Path shard = shards.get(shardIndex);
        close();
        throw new DatasetFormatException(
            shard
                + ": row "
                + (rowsRead + 1)
                + ", column '"
                + current.getName()
                + "': "
                + e.getMessage(),
            e);
      } catch (RuntimeException | OutOfMemoryError | StackOverflowError e) {
        Path shard = shards.get(shardIndex);
        close();
        throw unreadable(shard, e);
      }
      row++;
      rowsRead++;
      return values;
    }

    private boolean openNextShard() {
      if (shardIndex + 1 >= shards.size()) {
        return false;
      }
      Path shard = shards.get(++shardIndex);
      try {
        reader = SaveToDiskFormat.open(shard, allocator);
        List<Field> fields = new ArrayList<>();
        for (org.apache.arrow.vector.types.pojo.Field field :
            reader.getVectorSchemaRoot().getSchema().getFields()) {
          fields.add(Field.of(field.getName(), ArrowValues.fromArrow(field, shard.toString())));
        }
        Schema shardSchema = new Schema(fields);
        if (schema == null) {
          schema = shardSchema;
        } else if (!schema.equals(shardSchema)) {
          throw new DatasetFormatException(shard + ": its columns differ from " + firstShard);
        }
      } catch (DatasetFormatException e) {
        throw e;
      } catch (IOException | RuntimeException | OutOfMemoryError | StackOverflowError e) {
        throw unreadable(shard, e);
      }
      root = null;
      return true;
    }

    private static DatasetFormatException unreadable(Path shard, Throwable e) {
      return e instanceof DatasetFormatException d
          ? d
          : new DatasetFormatException(
              shard
                  + ": not a readable Arrow IPC file ("
                  + DatasetFormatException.describe(e)
                  + ")",
              e);
    }

    private void closeReader() {
      root = null;
      if (reader != null) {
        ArrowReader open = reader;
        reader = null;
        try {
          open.close();
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }
    }

    @Override
    public void close() {
      shardIndex = shards.size();
      try {
        closeReader();
      } catch (RuntimeException e) {
        // A damaged shard may fail to close as well; what was wrong is already being reported.
      }
      try {
        allocator.close();
      } catch (RuntimeException e) {
        // Buffers of a batch that failed half-way are still counted; they are freed with the heap.
      }
    }
  }

  /** Opens a shard after checking its framing (see {@link ArrowFraming}). */
  private static ArrowReader open(Path shard, BufferAllocator allocator) throws IOException {
    byte[] head = new byte[FILE_MAGIC.length];
    try (InputStream in = Files.newInputStream(shard)) {
      int n = in.readNBytes(head, 0, head.length);
      if (n == head.length && java.util.Arrays.equals(head, FILE_MAGIC)) {
        ArrowFileReader reader =
            new ArrowFileReader(FileChannel.open(shard, StandardOpenOption.READ), allocator);
        try {
          List<org.apache.arrow.vector.ipc.message.ArrowBlock> blocks =
              new ArrayList<>(reader.getDictionaryBlocks());
          blocks.addAll(reader.getRecordBlocks());
          ArrowFraming.checkFile(shard, blocks);
          return reader;
        } catch (IOException | RuntimeException e) {
          reader.close();
          throw e;
        }
      }
    }
    ArrowFraming.checkStream(shard);
    return new ArrowStreamReader(Files.newInputStream(shard), allocator);
  }

  // ---- writing ----

  /**
   * Writes {@code table} as a save_to_disk folder at {@code dir} (see {@link #write(RowStream,
   * Path)}).
   */
  public static void write(Table table, Path dir) throws IOException {
    write(RowStream.of(table), dir);
  }

  /**
   * Writes {@code rows} (and closes them) as a save_to_disk folder at {@code dir}, one record batch
   * in memory at a time. Everything is written into a temporary sibling folder first and renamed
   * into place when complete, so a crash leaves either the old folder or the new one, never a
   * half-written one.
   */
  public static void write(RowStream rows, Path dir) throws IOException {
    write(rows, dir, tmp -> {});
  }

  /** Adds files to a finished dataset folder before it is renamed into place. */
  @FunctionalInterface
  public interface Finisher {
    void finish(Path folder) throws IOException;
  }

  /**
   * As {@link #write(RowStream, Path)}, calling {@code finisher} on the complete temporary folder
   * just before it is renamed into place (so that what it adds appears atomically with the data).
   */
  public static void write(RowStream rows, Path dir, Finisher finisher) throws IOException {
    try (rows) {
      Path target = dir.toAbsolutePath().normalize();
      Files.createDirectories(target.getParent());
      Path tmp = AtomicDirs.tempSibling(target);
      try {
        Files.createDirectories(tmp);
        List<String> shardNames = writeShards(rows, tmp);
        writeJson(tmp.resolve(INFO), info(rows.schema()));
        List<Path> shards = shardNames.stream().map(tmp::resolve).toList();
        writeJson(tmp.resolve(STATE), state(shardNames, DatasetFiles.contentHash(shards)));
        finisher.finish(tmp);
        AtomicDirs.replace(tmp, target);
      } finally {
        AtomicDirs.deleteRecursively(tmp);
      }
    }
  }

  private static List<String> writeShards(RowStream rows, Path dir) throws IOException {
    org.apache.arrow.vector.types.pojo.Schema arrowSchema = arrowSchema(rows.schema());
    List<Path> written = new ArrayList<>();
    try (BufferAllocator allocator = new RootAllocator()) {
      do {
        Path shard = dir.resolve("shard-" + written.size() + ".tmp");
        writeShard(rows, arrowSchema, allocator, shard);
        written.add(shard);
      } while (rows.hasNext());
    }
    List<String> names = new ArrayList<>();
    for (int i = 0; i < written.size(); i++) {
      String name =
          String.format(java.util.Locale.ROOT, "data-%05d-of-%05d.arrow", i, written.size());
      Files.move(written.get(i), dir.resolve(name));
      names.add(name);
    }
    return names;
  }

  /** Writes batches of rows until the shard is full or the rows run out. */
  private static void writeShard(
      RowStream rows,
      org.apache.arrow.vector.types.pojo.Schema arrowSchema,
      BufferAllocator allocator,
      Path shard)
      throws IOException {
    try (FileChannel channel =
            FileChannel.open(shard, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        OutputStream out = Channels.newOutputStream(channel);
        VectorSchemaRoot root = VectorSchemaRoot.create(arrowSchema, allocator);
        ArrowStreamWriter writer = new ArrowStreamWriter(root, null, out)) {
      writer.start();
      // An empty table still gets one (empty) batch, as datasets writes it.
      do {
        root.allocateNew();
        List<FieldVector> vectors = root.getFieldVectors();
        int count = 0;
        while (count < ROWS_PER_BATCH && rows.hasNext()) {
          Map<String, Object> row = rows.next();
          for (FieldVector vector : vectors) {
            ArrowValues.write(vector, count, row.get(vector.getName()));
          }
          count++;
        }
        root.setRowCount(count);
        writer.writeBatch();
      } while (rows.hasNext() && channel.position() < MAX_SHARD_BYTES);
      writer.end();
      channel.force(true);
    }
  }

  static org.apache.arrow.vector.types.pojo.Schema arrowSchema(Schema schema) {
    List<org.apache.arrow.vector.types.pojo.Field> fields = new ArrayList<>();
    for (Field field : schema.fields()) {
      fields.add(ArrowValues.toArrow(field));
    }
    return new org.apache.arrow.vector.types.pojo.Schema(
        fields, Map.of("huggingface", HfFeatures.schemaMetadata(schema)));
  }

  private static ObjectNode info(Schema schema) {
    ObjectNode info = JSON.createObjectNode();
    info.put("citation", "");
    info.put("description", "");
    info.set("features", HfFeatures.of(schema));
    info.put("homepage", "");
    info.put("license", "");
    return info;
  }

  /** state.json; the fingerprint derives from the shards' content, so equal data, equal bytes. */
  private static ObjectNode state(List<String> shardNames, String contentHash) {
    ObjectNode state = JSON.createObjectNode();
    ArrayNode files = state.putArray("_data_files");
    shardNames.forEach(name -> files.addObject().put("filename", name));
    state.put("_fingerprint", contentHash.substring(0, 16));
    state.putNull("_format_columns");
    state.putObject("_format_kwargs");
    state.putNull("_format_type");
    state.put("_output_all_columns", false);
    state.putNull("_split");
    return state;
  }

  private static void writeJson(Path file, JsonNode node) throws IOException {
    try (FileChannel channel =
            FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        OutputStream out = Channels.newOutputStream(channel)) {
      out.write(JSON.writeValueAsBytes(node));
      out.flush();
      channel.force(true);
    }
  }
}
