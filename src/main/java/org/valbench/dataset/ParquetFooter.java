package org.valbench.dataset;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.parquet.avro.AvroSchemaConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.schema.MessageType;

/**
 * The footer of a Parquet file, checked (every column chunk inside the file): its Avro schema, and
 * its top-level columns of unsigned integers with their bit width: parquet-avro reads those as
 * signed, so valbench corrects them (a 32-bit one becomes int64) or refuses a 64-bit value above
 * the signed range, instead of letting them wrap.
 */
record ParquetFooter(org.apache.avro.Schema avro, Map<String, Integer> unsigned) {
  ParquetFooter {
    java.util.Objects.requireNonNull(avro, "avro");
    unsigned = Map.copyOf(unsigned);
  }

  /** {@code schema} (as read from {@link #avro()}) with unsigned 32-bit columns made int64. */
  Schema adjust(Schema schema) {
    Schema adjusted = schema;
    for (Map.Entry<String, Integer> column : unsigned.entrySet()) {
      if (column.getValue() == 32 && adjusted.has(column.getKey())) {
        adjusted = adjusted.with(Field.of(column.getKey(), ColumnType.INT64));
      }
    }
    return adjusted;
  }

  /** Reads and checks the footer of {@code file}. */
  static ParquetFooter of(Path file) {
    try (ParquetFileReader footer = ParquetFileReader.open(new LocalInputFile(file))) {
      checkChunks(footer, Files.size(file), file);
      MessageType parquetSchema = footer.getFooter().getFileMetaData().getSchema();
      Map<String, Integer> unsigned = new LinkedHashMap<>();
      for (org.apache.parquet.schema.Type type : parquetSchema.getFields()) {
        int width = unsignedWidth(type);
        if (width > 0) {
          unsigned.put(type.getName(), width);
        } else if (!type.isPrimitive()) {
          refuseNestedUnsigned(type.asGroupType(), type.getName(), file);
        }
      }
      return new ParquetFooter(
          new AvroSchemaConverter(ParquetFormat.configuration()).convert(parquetSchema),
          Map.copyOf(unsigned));
    } catch (DatasetFormatException e) {
      throw e;
    } catch (IOException | RuntimeException | OutOfMemoryError | StackOverflowError e) {
      throw new DatasetFormatException(
          file + ": not a readable Parquet file (" + DatasetFormatException.describe(e) + ")", e);
    }
  }

  /** 8 to 64 for a primitive column of unsigned integers, else 0. */
  private static int unsignedWidth(org.apache.parquet.schema.Type type) {
    return type.isPrimitive()
            && type.getLogicalTypeAnnotation()
                instanceof
                org.apache.parquet.schema.LogicalTypeAnnotation.IntLogicalTypeAnnotation integer
            && !integer.isSigned()
        ? integer.getBitWidth()
        : 0;
  }

  private static void refuseNestedUnsigned(
      org.apache.parquet.schema.GroupType group, String column, Path file) {
    for (org.apache.parquet.schema.Type type : group.getFields()) {
      if (unsignedWidth(type) >= 32) {
        throw new DatasetFormatException(
            file
                + ": column '"
                + column
                + "' holds unsigned integers inside a struct or list, which valbench does not"
                + " read (they would change sign)");
      }
      if (!type.isPrimitive()) {
        refuseNestedUnsigned(type.asGroupType(), column, file);
      }
    }
  }

  /**
   * The reader allocates a column chunk's size, as the footer states it, before reading it: every
   * chunk must lie inside the file, so a damaged footer cannot ask for gigabytes.
   */
  private static void checkChunks(ParquetFileReader footer, long fileSize, Path file) {
    for (org.apache.parquet.hadoop.metadata.BlockMetaData block : footer.getFooter().getBlocks()) {
      for (org.apache.parquet.hadoop.metadata.ColumnChunkMetaData chunk : block.getColumns()) {
        long start = chunk.getStartingPos();
        long size = chunk.getTotalSize();
        if (start < 4 || size < 0 || size > fileSize - start) {
          throw new DatasetFormatException(
              file
                  + ": not a readable Parquet file (its footer places column '"
                  + chunk.getPath().toDotString()
                  + "' at "
                  + size
                  + " bytes from byte "
                  + start
                  + ", outside the file's "
                  + fileSize
                  + " bytes)");
        }
      }
    }
  }
}
