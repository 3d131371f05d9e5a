package org.valbench.pipeline;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * A finished checkpoint turned out unreadable while its rows were read (its size and footer had
 * checked out). The checkpoint has already been discarded, so the next run recomputes it; the
 * {@link StepRunner} recomputes it at once when a step of the same run reads it.
 */
public final class DamagedCheckpointException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient Path data;
  private final String keyHash;
  private final String reason;

  DamagedCheckpointException(Path data, String keyHash, String reason, Throwable cause) {
    super(
        data
            + ": damaged checkpoint ("
            + reason
            + "); it was discarded, run the command again to recompute it",
        cause);
    this.data = Objects.requireNonNull(data, "data");
    this.keyHash = Objects.requireNonNull(keyHash, "keyHash");
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  public Path data() {
    return data;
  }

  public String keyHash() {
    return keyHash;
  }

  public String reason() {
    return reason;
  }

  /** The damaged checkpoint behind {@code error}, if any (it may arrive wrapped). */
  public static Optional<DamagedCheckpointException> in(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof DamagedCheckpointException damaged) {
        return Optional.of(damaged);
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return Optional.empty();
  }
}
