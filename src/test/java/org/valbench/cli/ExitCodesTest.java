package org.valbench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.valbench.common.BadInputException;
import org.valbench.common.UserError;
import org.valbench.dataset.DatasetFormatException;
import org.valbench.flows.CalibrationMissedException;
import org.valbench.hub.HubRefusedException;
import org.valbench.hub.HubUnavailableException;
import org.valbench.inference.BatchesInFlightException;
import org.valbench.inference.BatchesUnsupportedException;
import org.valbench.inference.CredentialsRefusedException;
import org.valbench.inference.RequestsFailedException;
import org.valbench.pipeline.LockHeldException;
import org.valbench.protocol.ReferenceFilesUnavailableException;
import org.valbench.s3.S3RefusedException;
import org.valbench.s3.S3UnavailableException;
import picocli.CommandLine;

/** The exit-code table, one row per thing that can happen. */
class ExitCodesTest {
  /** Every {@link UserError} type valbench throws and the code it must exit with. */
  private static final Map<Class<? extends UserError>, Integer> TABLE = table();

  private static Map<Class<? extends UserError>, Integer> table() {
    Map<Class<? extends UserError>, Integer> table = new LinkedHashMap<>();
    table.put(BadInputException.class, 2);
    table.put(DatasetFormatException.class, 2);
    table.put(RequestsFailedException.class, 3);
    table.put(CredentialsRefusedException.class, 4);
    table.put(HubRefusedException.class, 4);
    table.put(S3RefusedException.class, 4);
    table.put(HubUnavailableException.class, 5);
    table.put(S3UnavailableException.class, 5);
    table.put(ReferenceFilesUnavailableException.class, 5);
    table.put(LockHeldException.class, 5);
    table.put(BatchesUnsupportedException.class, 2);
    table.put(BatchesInFlightException.class, 7);
    table.put(CalibrationMissedException.class, 6);
    return table;
  }

  static Stream<Class<? extends UserError>> userErrorTypes() {
    return TABLE.keySet().stream();
  }

  @ParameterizedTest
  @MethodSource("userErrorTypes")
  void eachUserErrorTypeHasItsCode(Class<? extends UserError> type) throws Exception {
    UserError error = type.getConstructor(String.class).newInstance("what happened");

    assertThat(ExitCodes.of(error)).isEqualTo(TABLE.get(type));
  }

  @ParameterizedTest
  @MethodSource("userErrorTypes")
  void moreContextKeepsTheTypeAndTheCode(Class<? extends UserError> type) throws Exception {
    UserError error = type.getConstructor(String.class).newInstance("upload failed");

    UserError wrapped = error.withMessage("upload failed; the local copy is complete");

    assertThat(wrapped).isInstanceOf(type).hasCause(error);
    assertThat(wrapped.getMessage()).isEqualTo("upload failed; the local copy is complete");
    assertThat(ExitCodes.of(wrapped)).isEqualTo(TABLE.get(type));
  }

  @Test
  void transientFailuresAreDistinctFromBadInput() {
    assertThat(ExitCodes.UNAVAILABLE).isEqualTo(5).isNotEqualTo(ExitCodes.BAD_INPUT);
    assertThat(ExitCodes.of(new HubUnavailableException("HTTP 503")))
        .isEqualTo(ExitCodes.of(new LockHeldException("another run")))
        .isEqualTo(ExitCodes.of(new S3UnavailableException("cannot reach")))
        .isEqualTo(ExitCodes.of(new ReferenceFilesUnavailableException("could not fetch")))
        .isEqualTo(ExitCodes.UNAVAILABLE);
  }

  @Test
  void everyUserErrorTypeInTheBuildIsInTheTable() throws Exception {
    Path classes =
        Path.of(UserError.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    Set<String> found = new TreeSet<>();
    try (Stream<Path> files = Files.walk(classes)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
        String name =
            classes.relativize(file).toString().replace(file.getFileSystem().getSeparator(), ".");
        Class<?> type =
            Class.forName(
                name.substring(0, name.length() - ".class".length()),
                false,
                UserError.class.getClassLoader());
        if (UserError.class.isAssignableFrom(type) && !Modifier.isAbstract(type.getModifiers())) {
          found.add(type.getName());
        }
      }
    }

    assertThat(found)
        .as("a new UserError type needs a row in ExitCodes and in this table")
        .isEqualTo(TABLE.keySet().stream().map(Class::getName).collect(Collectors.toSet()));
  }

  @Test
  void aFileTheMachineRefusesIsBadInput() {
    IOException denied = new AccessDeniedException("/data/out/cache.sqlite");

    assertThat(ExitCodes.of(new UncheckedIOException(denied))).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(ExitCodes.of(new IOException("No space left on device")))
        .isEqualTo(ExitCodes.BAD_INPUT);
  }

  @Test
  void aWrongFlagIsBadInput() {
    CommandLine cli = new CommandLine(new RootCommand());

    assertThat(ExitCodes.of(new CommandLine.ParameterException(cli, "Unknown option: '--x'")))
        .isEqualTo(ExitCodes.BAD_INPUT);
  }

  @Test
  void anythingElseIsUnexpected() {
    assertThat(ExitCodes.of(new IllegalStateException("a bug"))).isEqualTo(ExitCodes.UNEXPECTED);
    assertThat(ExitCodes.of(new NullPointerException())).isEqualTo(ExitCodes.UNEXPECTED);
    assertThat(ExitCodes.of(new IOException(new URISyntaxException("x", "y"))))
        .isEqualTo(ExitCodes.UNEXPECTED);
  }
}
