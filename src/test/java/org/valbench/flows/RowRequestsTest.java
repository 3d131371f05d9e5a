package org.valbench.flows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.valbench.inference.GenerationSettings;
import org.valbench.inference.ModelRequest;
import org.valbench.inference.Progress;

/** A step's rows to the requests that go out: rows with nothing to send are skipped and counted. */
class RowRequestsTest {
  private final StringWriter log = new StringWriter();
  private final Progress progress =
      new Progress("test", 5, new PrintWriter(log, true), false, () -> 0L, Long.MAX_VALUE);

  private static Optional<ModelRequest> request(String id) {
    GenerationSettings settings = new GenerationSettings(0.1, 0.9, 100, false, false);
    return Optional.of(ModelRequest.of(id, "m", "s", "q " + id, settings));
  }

  @Test
  void rowsWithNothingToSendAreSkippedAndLeaveTheProgressTotal() {
    RowRequests requests =
        new RowRequests(
            List.<Optional<ModelRequest>>of(
                    Optional.empty(),
                    request("a"),
                    Optional.empty(),
                    request("b"),
                    Optional.empty())
                .iterator(),
            progress);

    List<String> ids = new ArrayList<>();
    requests.forEachRemaining(r -> ids.add(r.id()));
    progress.finish();

    assertThat(ids).containsExactly("a", "b");
    assertThat(log.toString()).contains("test: done").contains(" 0/2 ");
    assertThatThrownBy(requests::next).isInstanceOf(NoSuchElementException.class);
  }

  @Test
  void hasNextAsksOnceAndNextHandsOutEachRequestOnce() {
    RowRequests requests = new RowRequests(List.of(request("a")).iterator(), progress);

    assertThat(requests.hasNext()).isTrue();
    assertThat(requests.hasNext()).isTrue();
    assertThat(requests.next().id()).isEqualTo("a");
    assertThat(requests.hasNext()).isFalse();
  }

  @Test
  void onlyEmptyRowsGiveNoRequestsAndATotalOfZero() {
    RowRequests requests =
        new RowRequests(
            List.<Optional<ModelRequest>>of(Optional.empty(), Optional.empty()).iterator(),
            progress);

    assertThat(requests.hasNext()).isFalse();
    progress.finish();
    assertThat(log.toString()).contains(" 0/3 ");
  }
}
