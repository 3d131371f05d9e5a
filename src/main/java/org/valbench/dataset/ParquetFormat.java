package org.valbench.dataset;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.avro.Schema.Type;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.util.Utf8;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.avro.AvroParquetWriter;
import org.apache.parquet.avro.AvroReadSupport;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.LocalOutputFile;

/**
 * Parquet files (one file, or a folder of them read in name order) through parquet-avro. Lists are
 * written in the standard three-level layout that pyarrow and {@code datasets} read, and the {@code
 * huggingface} features go into the file metadata as {@code push_to_hub} does.
 */
public final class ParquetFormat {
  /** Row group size: small enough that writing or reading one stays far below the heap. */
  static final long ROW_GROUP_BYTES = 16L * 1024 * 1024;

  private ParquetFormat() {}

  public static boolean isParquet(Path file) {
    return file.getFileName().toString().endsWith(".parquet");
  }

  /** The Parquet files of a folder, recursively, in path order (empty when there are none). */
  public static List<Path> filesIn(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).filter(ParquetFormat::isParquet).sorted().toList();
    }
  }

  /** The number of rows in a Parquet file, from its footer. */
  public static long rowCount(Path file) throws IOException {
    try (ParquetFileReader footer = ParquetFileReader.open(new LocalInputFile(file))) {
      return footer.getRecordCount();
    }
  }

  /** Reads every row of {@code files} into memory (for small tables; steps use {@link #open}). */
  public static Table read(List<Path> files) throws IOException {
    return open(files).toTable();
  }

  /**
   * Streams the rows of {@code files}, one file after the other; every file must have the first
   * one's columns. Only one row group per file is in memory at a time.
   */
  public static RowStream open(List<Path> files) throws IOException {
    return open(files, List.of());
  }

  /**
   * Streams only {@code columns} (in the files' order; all columns when empty): the other columns
   * are not even decoded, which matters for wide rows of which a step needs two columns.
   */
  public static RowStream open(List<Path> files, List<String> columns) throws IOException {
    if (files.isEmpty()) {
      throw new DatasetFormatException("no Parquet files to read");
    }
    return new FileRows(files, columns);
  }

  /** The columns of one Parquet file, from its footer (no rows are read). */
  public static Schema schema(Path file) {
    ParquetFooter footer = ParquetFooter.of(file);
    return footer.adjust(fromAvro(footer.avro(), file));
  }

  /** {@code record} with only the fields named in {@code columns}, in the record's order. */
  private static org.apache.avro.Schema project(
      org.apache.avro.Schema record, List<String> columns, Path file) {
    for (String column : columns) {
      if (record.getField(column) == null) {
        throw new DatasetFormatException(file + ": has no column '" + column + "'");
      }
    }
    List<org.apache.avro.Schema.Field> fields = new ArrayList<>();
    for (org.apache.avro.Schema.Field field : record.getFields()) {
      if (columns.contains(field.name())) {
        fields.add(
            new org.apache.avro.Schema.Field(
                field.name(), field.schema(), field.doc(), field.defaultVal()));
      }
    }
    return org.apache.avro.Schema.createRecord(
        record.getName(), record.getDoc(), record.getNamespace(), false, fields);
  }

  /** Rows of several files read in turn through parquet-avro. */
  private static final class FileRows extends FetchingRows {
    private final List<Path> files;
    private final Schema schema;
    private final Schema fileSchema;
    private final PlainParquetConfiguration conf;
    private final Map<String, Integer> unsigned;
    private long rowsRead;
    private int fileIndex = -1;
    private ParquetReader<GenericRecord> reader;

    FileRows(List<Path> files, List<String> columns) {
      this.files = List.copyOf(files);
      Path first = files.get(0);
      ParquetFooter footer = ParquetFooter.of(first);
      org.apache.avro.Schema avro = footer.avro();
      this.unsigned = footer.unsigned();
      this.fileSchema = footer.adjust(fromAvro(avro, first));
      this.conf = configuration();
      if (columns.isEmpty()) {
        this.schema = fileSchema;
      } else {
        org.apache.avro.Schema projection = project(avro, columns, first);
        this.schema = footer.adjust(fromAvro(projection, first));
        conf.set(AvroReadSupport.AVRO_REQUESTED_PROJECTION, projection.toString());
      }
    }

    private boolean sameColumns(Path file) {
      ParquetFooter footer = ParquetFooter.of(file);
      return footer.unsigned().equals(unsigned)
          && fileSchema.equals(footer.adjust(fromAvro(footer.avro(), file)));
    }

    /** The value of an unsigned column as parquet-avro read it (signed), corrected. */
    private Object unsignedValue(Object value, int width, String column) {
      if (value instanceof Long number && width == 32) {
        return number & 0xFFFF_FFFFL;
      }
      if (value instanceof Long number && width == 64 && number < 0) {
        throw new DatasetFormatException(
            files.get(fileIndex)
                + ": row "
                + (rowsRead + 1)
                + ", column '"
                + column
                + "': unsigned integer "
                + Long.toUnsignedString(number)
                + " is beyond the signed 64-bit range of an int64 column");
      }
      return value;
    }

    @Override
    public Schema schema() {
      return schema;
    }

    @Override
    protected Map<String, Object> fetch() {
      GenericRecord record = null;
      while (record == null) {
        if (reader == null && !openNextFile()) {
          return null;
        }
        Path file = files.get(fileIndex);
        try {
          record = reader.read();
        } catch (IOException | RuntimeException | OutOfMemoryError | StackOverflowError e) {
          close();
          throw new DatasetFormatException(
              file + ": not a readable Parquet file (" + DatasetFormatException.describe(e) + ")",
              e);
        }
        if (record == null) {
          closeReader();
        }
      }
      Map<String, Object> row = new LinkedHashMap<>();
      for (Field field : schema.fields()) {
        Object value = fromAvroValue(record.get(field.name()));
        Integer width = unsigned.get(field.name());
        if (width != null) {
          try {
            value = unsignedValue(value, width, field.name());
          } catch (DatasetFormatException e) {
            close();
            throw e;
          }
        }
        row.put(field.name(), value);
      }
      rowsRead++;
      return row;
    }

    private boolean openNextFile() {
      if (fileIndex + 1 >= files.size()) {
        return false;
      }
      Path file = files.get(++fileIndex);
      if (fileIndex > 0 && !sameColumns(file)) {
        throw new DatasetFormatException(
            file + ": its columns differ from those of " + files.get(0));
      }
      try {
        reader =
            AvroParquetReader.<GenericRecord>builder(new LocalInputFile(file))
                .withDataModel(GenericData.get())
                .withConf(conf)
                .build();
      } catch (IOException | RuntimeException | OutOfMemoryError | StackOverflowError e) {
        throw new DatasetFormatException(
            file + ": not a readable Parquet file (" + DatasetFormatException.describe(e) + ")", e);
      }
      return true;
    }

    private void closeReader() {
      if (reader != null) {
        ParquetReader<GenericRecord> open = reader;
        reader = null;
        RowStream.closeQuietly(open);
      }
    }

    @Override
    public void close() {
      fileIndex = files.size();
      closeReader();
    }
  }

  /** Writes one Parquet file (Snappy-compressed) with fsync; the caller handles renaming. */
  public static void write(Table table, Path file) throws IOException {
    try (Writer writer = Writer.create(file, table.schema())) {
      for (Map<String, Object> row : table.rows()) {
        writer.write(row);
      }
    }
  }

  /**
   * A Parquet file written row by row, in row groups of {@link #ROW_GROUP_BYTES}, so the memory a
   * write takes does not grow with the table. {@link #close()} fsyncs the file.
   */
  public static final class Writer implements RowSink {
    private final Path file;
    private final Schema schema;
    private final org.apache.avro.Schema avroSchema;
    private final ParquetWriter<GenericRecord> writer;
    private long rows;

    private Writer(Path file, Schema schema) throws IOException {
      this.file = file;
      this.schema = schema;
      this.avroSchema = AvroTypes.toAvro(schema);
      this.writer =
          AvroParquetWriter.<GenericRecord>builder(new LocalOutputFile(file))
              .withSchema(avroSchema)
              .withDataModel(GenericData.get())
              .withConf(configuration())
              .withCompressionCodec(CompressionCodecName.SNAPPY)
              .withRowGroupSize(ROW_GROUP_BYTES)
              .withExtraMetaData(Map.of("huggingface", HfFeatures.schemaMetadata(schema)))
              .build();
    }

    /** Creates {@code file} (which must not exist) for rows of {@code schema}. */
    public static Writer create(Path file, Schema schema) throws IOException {
      return new Writer(file, schema);
    }

    public Schema schema() {
      return schema;
    }

    @Override
    public void write(Map<String, Object> row) throws IOException {
      for (String column : row.keySet()) {
        if (!schema.has(column)) {
          throw new IllegalArgumentException(
              "row " + (rows + 1) + " has column '" + column + "' that is not in the schema");
        }
      }
      writer.write((GenericRecord) AvroTypes.toAvroValue(row, avroSchema));
      rows++;
    }

    @Override
    public long rows() {
      return rows;
    }

    @Override
    public void close() throws IOException {
      writer.close();
      try (var channel =
          java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.WRITE)) {
        channel.force(true);
      }
    }
  }

  static PlainParquetConfiguration configuration() {
    PlainParquetConfiguration conf = new PlainParquetConfiguration();
    // Standard three-level lists (list.element), as pyarrow writes and expects.
    conf.set("parquet.avro.write-old-list-structure", "false");
    conf.set("parquet.avro.add-list-element-records", "false");
    // Pages carry a CRC (written by default): check it, so damaged bytes fail instead of decoding.
    conf.set("parquet.page.verify-checksum.enabled", "true");
    return conf;
  }

  static Schema fromAvro(org.apache.avro.Schema record, Path file) {
    List<Field> fields = new ArrayList<>();
    for (org.apache.avro.Schema.Field field : record.getFields()) {
      fields.add(Field.of(field.name(), fromAvroType(field.schema(), field.name(), file)));
    }
    try {
      return new Schema(fields);
    } catch (IllegalArgumentException e) {
      throw new DatasetFormatException(file + ": " + e.getMessage());
    }
  }

  private static ColumnType fromAvroType(org.apache.avro.Schema schema, String name, Path file) {
    return switch (schema.getType()) {
      case UNION -> {
        List<org.apache.avro.Schema> branches =
            schema.getTypes().stream().filter(s -> s.getType() != Type.NULL).toList();
        if (branches.size() != 1) {
          throw new DatasetFormatException(
              file + ": column '" + name + "' is a union of several types, which is not supported");
        }
        yield fromAvroType(branches.get(0), name, file);
      }
      case STRING, ENUM -> ColumnType.STRING;
      case INT -> ColumnType.INT32;
      case LONG -> ColumnType.INT64;
      case FLOAT -> ColumnType.FLOAT32;
      case DOUBLE -> ColumnType.FLOAT64;
      case BOOLEAN -> ColumnType.BOOL;
      case NULL -> ColumnType.NULL;
      case ARRAY -> new ColumnType.ListOf(fromAvroType(schema.getElementType(), name, file));
      case RECORD -> new ColumnType.Struct(fromAvro(schema, file).fields());
      default ->
          throw new DatasetFormatException(
              file
                  + ": column '"
                  + name
                  + "' has Parquet/Avro type "
                  + schema.getType()
                  + ", which valbench does not read");
    };
  }

  private static Object fromAvroValue(Object value) {
    return switch (value) {
      case null -> null;
      case Utf8 utf8 -> utf8.toString();
      case CharSequence text -> text.toString();
      case Integer i -> i.longValue();
      case Long l -> l;
      case Float f -> f.doubleValue();
      case Double d -> d;
      case Boolean b -> b;
      case GenericRecord record -> {
        Map<String, Object> fields = new LinkedHashMap<>();
        for (org.apache.avro.Schema.Field field : record.getSchema().getFields()) {
          fields.put(field.name(), fromAvroValue(record.get(field.pos())));
        }
        yield fields;
      }
      case Collection<?> items -> {
        List<Object> list = new ArrayList<>(items.size());
        items.forEach(item -> list.add(fromAvroValue(item)));
        yield list;
      }
      case GenericData.EnumSymbol symbol -> symbol.toString();
      case ByteBuffer bytes -> {
        byte[] copy = new byte[bytes.remaining()];
        bytes.duplicate().get(copy);
        yield java.util.HexFormat.of().formatHex(copy);
      }
      default -> value.toString();
    };
  }
}
