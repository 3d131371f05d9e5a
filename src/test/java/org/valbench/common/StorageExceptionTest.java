package org.valbench.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/** Which failures are the machine's refusal to store, and which path they name. */
class StorageExceptionTest {
  @Test
  void theOperatingSystemsMessagesAreRecognisedWhereverTheyAreInTheCauses() {
    assertThat(reason(new IOException("No space left on device")))
        .hasValue("no space left on device");
    assertThat(reason(new RuntimeException("wrapped", new IOException("Disk quota exceeded"))))
        .hasValue("disk quota exceeded");
    assertThat(reason(new UncheckedIOException(new IOException("Read-only file system"))))
        .hasValue("read-only file system or file");
    assertThat(reason(new FileSystemException("/x/y", null, "Read-only file system")))
        .hasValue("read-only file system or file");
    assertThat(reason(new AccessDeniedException("/x/y"))).hasValue("permission denied");
    assertThat(
            reason(
                new SQLException(
                    "[SQLITE_FULL] Insertion failed because database is full (database or disk"
                        + " is full)")))
        .hasValue("no space left on device");
    assertThat(reason(new SQLException("[SQLITE_READONLY] Attempt to write a readonly database")))
        .hasValue("read-only file system or file");
  }

  @Test
  void otherFailuresAreNotTheMachinesRefusal() {
    assertThat(reason(new IOException("Connection reset"))).isEmpty();
    assertThat(reason(new IllegalStateException("no space left on device"))).isEmpty();
    assertThat(reason(new SQLException("[SQLITE_CORRUPT] database disk image is malformed")))
        .isEmpty();
  }

  @Test
  void theFileTheJdkNamesWinsOverTheGivenPath() {
    StorageException named =
        StorageException.of(Path.of("local_data"), new AccessDeniedException("/data/pairs.jsonl"))
            .orElseThrow();
    StorageException unnamed =
        StorageException.of(
                Path.of("local_data/cache.sqlite"), new IOException("No space left on device"))
            .orElseThrow();

    assertThat(named.path()).isEqualTo(Path.of("/data/pairs.jsonl"));
    assertThat(unnamed.path()).isEqualTo(Path.of("local_data/cache.sqlite"));
    assertThat(unnamed.getMessage()).isEqualTo("local_data/cache.sqlite: no space left on device");
  }

  private static java.util.Optional<String> reason(Throwable t) {
    return StorageException.environmentalReason(t);
  }
}
