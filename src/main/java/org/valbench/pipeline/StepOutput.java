package org.valbench.pipeline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.valbench.common.AtomicDirs;
import org.valbench.dataset.ParquetFormat;
import org.valbench.dataset.RowSink;
import org.valbench.dataset.Schema;
import org.valbench.dataset.Table;

/**
 * Where a running step writes its output: one Parquet file, written row by row, so no step holds
 * its whole output in memory. A step may also keep temporary files in {@link #scratch()}; they are
 * deleted when the step ends.
 */
public final class StepOutput {
  private final Path dir;
  private ParquetFormat.Writer writer;

  StepOutput(Path dir) {
    this.dir = dir;
  }

  /** Starts the output with {@code schema}; called once per run. */
  public RowSink open(Schema schema) throws IOException {
    if (writer != null) {
      throw new IllegalStateException("the step's output was already opened");
    }
    writer = ParquetFormat.Writer.create(dir.resolve(CheckpointStore.DATA), schema);
    return writer;
  }

  /** Writes a whole table as the output (for steps whose output is small). */
  public void write(Table table) throws IOException {
    RowSink sink = open(table.schema());
    for (Map<String, Object> row : table.rows()) {
      sink.write(row);
    }
  }

  /** A folder for the step's temporary files, deleted when the step ends. */
  public Path scratch() throws IOException {
    return Files.createDirectories(dir.resolve(SCRATCH));
  }

  /** Closes the output and deletes the scratch folder; returns the number of rows written. */
  long finish(String step) throws IOException {
    if (writer == null) {
      throw new IllegalStateException(step + " wrote no output");
    }
    writer.close();
    AtomicDirs.deleteRecursively(dir.resolve(SCRATCH));
    return writer.rows();
  }

  /** Closes the output after a failure, leaving the folder to be deleted. */
  void abandon() {
    if (writer != null) {
      try {
        writer.close();
      } catch (IOException | RuntimeException e) {
        // The folder is deleted next; a half-written file is of no use.
      }
    }
  }

  private static final String SCRATCH = "scratch";
}
