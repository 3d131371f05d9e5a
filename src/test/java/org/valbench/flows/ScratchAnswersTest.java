package org.valbench.flows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.valbench.inference.GenerationSettings;
import org.valbench.inference.ModelAnswer;
import org.valbench.inference.ModelRequest;
import org.valbench.inference.RequestResult;
import org.valbench.inference.Usage;

class ScratchAnswersTest {
  @TempDir Path dir;

  private static ModelRequest request(long row) {
    return ModelRequest.of(
        "row-" + row + "/for", "m", "system", "question " + row, GenerationSettings.judge());
  }

  private static ModelAnswer answer(String text) {
    return new ModelAnswer(
        text, Optional.of("thought"), List.of(), new Usage(3, 4, 1, 0), "stop", "m");
  }

  private static List<ScratchAnswers.Outcome> readBack(ScratchAnswers answers, long rows) {
    List<ScratchAnswers.Outcome> outcomes = new ArrayList<>();
    answers.forEachInOrder(rows, outcomes::add);
    return outcomes;
  }

  @Test
  void resultsArrivingOutOfOrderAreReadBackInRowOrderWithUnaskedRowsInTheirPlace() {
    try (ScratchAnswers answers = ScratchAnswers.create(dir.resolve("a.sqlite"))) {
      ModelRequest r1 = request(1);
      ModelRequest r3 = request(3);
      ModelRequest r4 = request(4);
      answers.asked(1, r1);
      answers.asked(3, r3);
      answers.asked(4, r4);
      answers.record(new RequestResult.Failed(r4, "HTTP 500", 3));
      answers.record(new RequestResult.Answered(r3, answer("three"), false, 1));
      answers.record(new RequestResult.Answered(r1, answer("one"), true, 0));

      assertThat(readBack(answers, 6))
          .containsExactly(
              new ScratchAnswers.Outcome.NotAsked(),
              new ScratchAnswers.Outcome.Answered(answer("one")),
              new ScratchAnswers.Outcome.NotAsked(),
              new ScratchAnswers.Outcome.Answered(answer("three")),
              new ScratchAnswers.Outcome.Failed("HTTP 500"),
              new ScratchAnswers.Outcome.NotAsked());
      assertThat(answers.anyFailed()).isTrue();
    }
  }

  @Test
  void allAnsweredMeansNoFailure() {
    try (ScratchAnswers answers = ScratchAnswers.create(dir.resolve("a.sqlite"))) {
      ModelRequest r0 = request(0);
      answers.asked(0, r0);
      answers.record(new RequestResult.Answered(r0, answer("zero"), false, 1));
      assertThat(answers.anyFailed()).isFalse();
      assertThat(readBack(answers, 1))
          .containsExactly(new ScratchAnswers.Outcome.Answered(answer("zero")));
    }
  }

  @Test
  void twoEqualRequestsOfDifferentRowsKeepTheirOwnRows() {
    // Records are equal by value; the row is found by the request object handed out.
    ModelRequest first = request(7);
    ModelRequest second = request(7);
    try (ScratchAnswers answers = ScratchAnswers.create(dir.resolve("a.sqlite"))) {
      answers.asked(0, first);
      answers.asked(1, second);
      answers.record(new RequestResult.Failed(second, "second failed", 1));
      answers.record(new RequestResult.Answered(first, answer("first"), false, 1));
      assertThat(readBack(answers, 2))
          .containsExactly(
              new ScratchAnswers.Outcome.Answered(answer("first")),
              new ScratchAnswers.Outcome.Failed("second failed"));
    }
  }

  @Test
  void resultOfARequestNeverAskedIsRefused() {
    try (ScratchAnswers answers = ScratchAnswers.create(dir.resolve("a.sqlite"))) {
      assertThatThrownBy(
              () -> answers.record(new RequestResult.Failed(request(0), "no such request", 1)))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("did not ask");
    }
  }

  @Test
  void manyResultsFromConcurrentThreadsComeBackInRowOrder() throws Exception {
    int rows = 5_000;
    List<Integer> order = new ArrayList<>();
    List<ModelRequest> requests = new ArrayList<>();
    try (ScratchAnswers answers = ScratchAnswers.create(dir.resolve("a.sqlite"))) {
      for (int i = 0; i < rows; i++) {
        ModelRequest r = request(i);
        requests.add(r);
        if (i % 10 != 9) {
          answers.asked(i, r);
          order.add(i);
        }
      }
      Collections.shuffle(order, new Random(7));
      try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
        for (int i : order) {
          pool.submit(
              () ->
                  answers.record(
                      i % 10 == 3
                          ? new RequestResult.Failed(requests.get(i), "failed " + i, 1)
                          : new RequestResult.Answered(
                              requests.get(i), answer("answer " + i), false, 1)));
        }
      }
      List<ScratchAnswers.Outcome> back = readBack(answers, rows);
      assertThat(back).hasSize(rows);
      for (int i = 0; i < rows; i++) {
        ScratchAnswers.Outcome expected =
            i % 10 == 9
                ? new ScratchAnswers.Outcome.NotAsked()
                : i % 10 == 3
                    ? new ScratchAnswers.Outcome.Failed("failed " + i)
                    : new ScratchAnswers.Outcome.Answered(answer("answer " + i));
        assertThat(back.get(i)).as("row " + i).isEqualTo(expected);
      }
    }
  }
}
