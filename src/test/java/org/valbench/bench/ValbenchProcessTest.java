package org.valbench.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.valbench.inference.Progress;

/** The benchmark reads valbench's own output lines; these tests keep both sides in step. */
class ValbenchProcessTest {
  @Test
  void inferenceWindowIsReadFromTheFinalProgressLine() {
    StringWriter text = new StringWriter();
    long[] now = {0};
    Progress progress =
        new Progress("judge", 3, new PrintWriter(text, true), false, () -> now[0], Long.MAX_VALUE);
    progress.notNeeded();
    now[0] = 4_000_000_000L;
    progress.finish();
    String stderr = "step judge: started\n" + text + "step judge: ran, 3 rows, 5.00 s\n";

    assertThat(ValbenchProcess.steps(stderr))
        .containsExactly(new ValbenchProcess.Step("judge", false, 3, 5.0));
    // The final line has the shape the benchmark reads; one row needed no request.
    assertThat(ValbenchProcess.DONE.matcher(stderr).find()).isTrue();
    assertThat(text.toString()).contains("judge: done in 4s. 0/2 (0%) 0.0 req/s");
    // Nothing was answered, so there is no rate and no window.
    assertThat(ValbenchProcess.inferenceWindows(stderr)).isEmpty();
  }

  @Test
  void windowIsRequestsOverRate() {
    String stderr =
        "judge: done in 1m30s. 115000/115000 (100%) 1250.0 req/s, ETA -, 0 cached, 0 failed,"
            + " 0 retries, concurrency 128, 1.2M tokens\n";

    assertThat(ValbenchProcess.inferenceWindows(stderr).get("judge")).isCloseTo(92.0, within(1e-9));
  }
}
