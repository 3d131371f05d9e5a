package org.valbench.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.valbench.common.UserError;
import org.valbench.flows.EvaluateFlow;
import org.valbench.flows.ResponsesFlow;
import org.valbench.metrics.EvaluationMetrics;

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
              + ")");
    }
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
    out.println("judged dataset: " + relative(workDir, outputs.judgedDataset()));
    out.println("reports: " + relative(workDir, outputs.reportDir()) + "/");
    for (Path report : outputs.reports()) {
      out.println("  " + report.getFileName());
    }
    out.flush();
  }

  /** Exit 3 (after everything was written) when requests failed: a rerun retries only those. */
  static void failIfRequestsFailed(long failed) {
    if (failed > 0) {
      throw new UserError(
          UserError.Kind.SOME_FAILED,
          failed
              + " request"
              + (failed == 1 ? "" : "s")
              + " failed after retries (see the *_error"
              + " columns); outputs were written. Run the same command again to retry only those.");
    }
  }

  static String relative(Path workDir, Path path) {
    return workDir.toAbsolutePath().relativize(path.toAbsolutePath()).toString();
  }
}
