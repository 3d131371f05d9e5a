package org.valbench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.valbench.common.UserError;
import org.valbench.inference.Stop;

/** How the stops of a command's models and its failed requests become the exit code. */
class StopExitCodesTest {
  private static final Stop REFUSED = new Stop.CredentialsRefused("openai answered HTTP 401");
  private static final Stop DOWN = new Stop.Unreachable("openai connection failed (gave up)");
  private static final Stop BUDGET =
      new Stop.BudgetReached("spending limit reached: $5.0010 spent of --max-cost $5");

  private static int exitCode(long failed, List<Stop> stops) {
    Optional<UserError> outcome = Summaries.outcome(failed, stops);
    return outcome.map(ExitCodes::of).orElse(ExitCodes.OK);
  }

  static Stream<Arguments> outcomes() {
    return Stream.of(
        Arguments.of(0L, List.of(), ExitCodes.OK),
        Arguments.of(0L, List.of(Stop.NONE), ExitCodes.OK),
        Arguments.of(0L, List.of(Stop.NONE, Stop.NONE), ExitCodes.OK),
        Arguments.of(2L, List.of(Stop.NONE), ExitCodes.SOME_FAILED),
        Arguments.of(10L, List.of(DOWN), ExitCodes.SOME_FAILED),
        Arguments.of(20L, List.of(DOWN, DOWN), ExitCodes.SOME_FAILED),
        Arguments.of(5L, List.of(REFUSED), ExitCodes.AUTH_REFUSED),
        Arguments.of(0L, List.of(REFUSED), ExitCodes.AUTH_REFUSED),
        Arguments.of(12L, List.of(Stop.NONE, REFUSED), ExitCodes.AUTH_REFUSED),
        Arguments.of(12L, List.of(DOWN, REFUSED), ExitCodes.AUTH_REFUSED),
        Arguments.of(12L, List.of(REFUSED, DOWN), ExitCodes.AUTH_REFUSED),
        Arguments.of(7L, List.of(BUDGET), ExitCodes.SOME_FAILED),
        Arguments.of(0L, List.of(Stop.NONE, BUDGET), ExitCodes.SOME_FAILED),
        Arguments.of(7L, List.of(BUDGET, REFUSED), ExitCodes.AUTH_REFUSED));
  }

  @ParameterizedTest(name = "{0} failed, stops {1} -> exit {2}")
  @MethodSource("outcomes")
  void aRefusedKeyAnywhereExitsFourElseFailuresExitThree(
      long failed, List<Stop> stops, int expected) {
    assertThat(exitCode(failed, stops)).isEqualTo(expected);
  }

  @Test
  void aRefusalSaysWhatWasRefusedAndWhatToCheck() {
    assertThat(Summaries.outcome(3, List.of(DOWN, REFUSED)).orElseThrow().getMessage())
        .isEqualTo(
            "stopped: openai answered HTTP 401 — check the API key and its permissions; the other"
                + " requests of that model were not sent");
  }

  @Test
  void anUnreachableServerIsNamedAsTheReasonRequestsFailed() {
    assertThat(Summaries.outcome(20, List.of(Stop.NONE, DOWN)).orElseThrow().getMessage())
        .isEqualTo(
            "20 requests failed or were not sent because the model server could not be reached"
                + " (check that it is up and the --inference-url) (see the *_error columns);"
                + " outputs were written. Run the same command again to retry only those.");
  }

  @Test
  void plainFailuresSayTheyFailedAfterRetriesInTheRightNumber() {
    assertThat(Summaries.outcome(1, List.of(Stop.NONE)).orElseThrow().getMessage())
        .startsWith("1 request failed after retries (see the *_error columns)");
    assertThat(Summaries.outcome(2, List.of()).orElseThrow().getMessage())
        .startsWith("2 requests failed after retries");
  }

  @Test
  void aReachedSpendingLimitSaysSoInOneLineAndHowToGoOn() {
    assertThat(Summaries.outcome(7, List.of(DOWN, BUDGET)).orElseThrow().getMessage())
        .isEqualTo(
            "stopped: spending limit reached: $5.0010 spent of --max-cost $5; 7 requests were not"
                + " sent or failed (see the *_error columns); outputs were written. Run again with"
                + " a higher --max-cost to send the rest.");
  }
}
