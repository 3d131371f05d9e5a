package org.valbench.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.valbench.common.UserError;
import org.valbench.flows.EvaluateFlow;
import org.valbench.flows.ResponsesFlow;
import org.valbench.inference.BatchesInFlightException;
import org.valbench.inference.CredentialsRefusedException;
import org.valbench.inference.RequestsFailedException;
import org.valbench.inference.Stop;
import org.valbench.metrics.EvaluationMetrics;
import org.valbench.metrics.PositionBias;

/** The lines a command prints at the end: where every output went, and the headline figures. */
final class Summaries {
  private Summaries() {}

  static void responses(PrintWriter out, Path workDir, List<ResponsesFlow.Output> outputs) {
    for (ResponsesFlow.Output o : outputs) {
      out.println(
          "responses of "
              + o.model()
              + ": "
              + relative(workDir, o.dataset())
              + " ("
              + o.pairs()
              + " pairs"
              + (o.failedRequests() > 0 ? ", " + o.failedRequests() + " failed requests" : "")
              + (o.stop().stopped() ? "; stopped: " + o.stop().reason() : "")
              + ")");
    }
    out.flush();
  }

  /** Prints {@code lines} as they are (a dry run's estimate). */
  static void lines(PrintWriter out, List<String> lines) {
    lines.forEach(out::println);
    out.flush();
  }

  static void evaluation(PrintWriter out, Path workDir, EvaluateFlow.Outputs outputs) {
    EvaluationMetrics m = outputs.metrics();
    out.println(
        String.format(
            Locale.ROOT,
            "PAC %.1f%% (95%% CI %.1f-%.1f) over %d usable pairs; %d unusable judge answers, %d failed",
            m.pac().percent(),
            m.pac().percentCi().low(),
            m.pac().percentCi().high(),
            m.usable(),
            m.unusableJudge(),
            m.failed()));
    outputs
        .positionBias()
        .ifPresent(
            b ->
                out.println(
                    String.format(
                        Locale.ROOT,
                        "position bias over %d pairs scored in both orders: swap consistency"
                            + " %.1f%% (95%% CI %.1f-%.1f), mean difference for-first minus"
                            + " against-first %+.2f (95%% CI %+.2f to %+.2f), %s kappa %s, PAC"
                            + " for first %.1f%%, against first %.1f%%, mean of orders %.1f%%",
                        b.pairs(),
                        b.consistency().percent(),
                        b.consistency().ci().low(),
                        b.consistency().ci().high(),
                        b.meanDifference(),
                        b.meanDifferenceCi().low(),
                        b.meanDifferenceCi().high(),
                        PositionBias.KAPPA_WEIGHTS.name().toLowerCase(Locale.ROOT),
                        Double.isNaN(b.kappa())
                            ? "undefined"
                            : String.format(Locale.ROOT, "%.3f", b.kappa()),
                        b.forFirst().percent(),
                        b.againstFirst().percent(),
                        b.meanOfOrders().percent())));
    out.println("judged dataset: " + relative(workDir, outputs.judgedDataset()));
    out.println("reports: " + relative(workDir, outputs.reportDir()) + "/");
    for (Path report : outputs.reports()) {
      out.println("  " + report.getFileName());
    }
    out.flush();
  }

  /**
   * The outcome of the command's inference, after everything was written: exit 4 when a provider
   * refused the credentials (for any model of a sweep), else exit 3 when requests failed or were
   * not sent (a rerun retries only those), else nothing.
   */
  static void failIfRequestsFailed(long failed, List<Stop> stops) {
    Optional<UserError> outcome = outcome(failed, stops);
    if (outcome.isPresent()) {
      throw outcome.get();
    }
  }

  /** The error {@link #failIfRequestsFailed} throws, if any: one case per kind of {@link Stop}. */
  static Optional<UserError> outcome(long failed, List<Stop> stops) {
    boolean unreachable = false;
    Optional<Stop.BudgetReached> budget = Optional.empty();
    Optional<Stop.BatchesInFlight> inFlight = Optional.empty();
    for (Stop stop : stops) {
      switch (stop) {
        case Stop.CredentialsRefused refused -> {
          return Optional.of(credentialsRefused(refused));
        }
        case Stop.Unreachable u -> unreachable = true;
        case Stop.BudgetReached reached -> budget = Optional.of(reached);
        case Stop.BatchesInFlight b -> inFlight = Optional.of(b);
        case Stop.None n -> {}
      }
    }
    if (budget.isPresent()) {
      return Optional.of(budgetReached(budget.get(), failed));
    }
    if (inFlight.isPresent()) {
      return Optional.of(
          new BatchesInFlightException(
              "batches in flight: " + inFlight.get().message() + "; outputs were written", null));
    }
    return failed > 0 ? Optional.of(someFailed(failed, unreachable)) : Optional.empty();
  }

  private static UserError credentialsRefused(Stop.CredentialsRefused refused) {
    return new CredentialsRefusedException(
        "stopped: "
            + refused.message()
            + " — check the API key and its permissions; the other requests of that model"
            + " were not sent");
  }

  private static UserError budgetReached(Stop.BudgetReached reached, long failed) {
    return new RequestsFailedException(
        "stopped: "
            + reached.message()
            + "; "
            + failed
            + " request"
            + (failed == 1 ? " was" : "s were")
            + " not sent or failed (see the *_error columns); outputs were written. Run again"
            + " with a higher --max-cost to send the rest.");
  }

  private static UserError someFailed(long failed, boolean unreachable) {
    return new RequestsFailedException(
        failed
            + " request"
            + (failed == 1 ? "" : "s")
            + (unreachable
                ? " failed or were not sent because the model server could not be reached"
                    + " (check that it is up and the --inference-url)"
                : " failed after retries")
            + " (see the *_error columns); outputs were written. Run the same command again to"
            + " retry only those.");
  }

  static String relative(Path workDir, Path path) {
    return workDir.toAbsolutePath().relativize(path.toAbsolutePath()).toString();
  }
}
