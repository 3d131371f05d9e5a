package org.valbench.dataset;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * A dataset as the user named it ({@link #spec}) and what that resolved to: its format, its local
 * files, and a {@link #fingerprint} of their content, so step keys change exactly when the data
 * does. A plain value: {@link DatasetFiles} locates and reads local datasets; downloads happen
 * before a value is made.
 */
public record DatasetSource(String spec, Kind kind, List<Path> files, String fingerprint) {
  /** The bundled sample's name on the command line. */
  public static final String SAMPLE = "sample";

  /** The formats valbench reads. */
  public enum Kind {
    SAMPLE,
    JSONL,
    PARQUET,
    SAVE_TO_DISK,
    ARROW_FILE
  }

  public DatasetSource {
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(kind, "kind");
    files = List.copyOf(files);
    Objects.requireNonNull(fingerprint, "fingerprint");
  }
}
