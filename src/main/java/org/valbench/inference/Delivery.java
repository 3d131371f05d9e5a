package org.valbench.inference;

import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Where a {@link Transport}'s results go and when it must stop sending: {@code total} requests are
 * expected, {@code progress} counts them, {@code sink} receives each result, {@code earlier} is the
 * stop of an earlier run of the same model (when it is not {@link Stop#NONE} nothing is sent),
 * {@code cancelled} turns true on interruption (e.g. SIGTERM), and {@code budget} counts the fresh
 * answers' cost against {@code --max-cost} (a reached budget is a stop like the others).
 */
public record Delivery(
    long total,
    Progress progress,
    Consumer<RequestResult> sink,
    Stop earlier,
    BooleanSupplier cancelled,
    Budget budget) {
  public Delivery {
    if (total < 0) {
      throw new IllegalArgumentException("total must be >= 0");
    }
    Objects.requireNonNull(progress, "progress");
    Objects.requireNonNull(sink, "sink");
    Objects.requireNonNull(earlier, "earlier");
    Objects.requireNonNull(cancelled, "cancelled");
    Objects.requireNonNull(budget, "budget");
  }

  /** A delivery without a spending limit. */
  public Delivery(
      long total,
      Progress progress,
      Consumer<RequestResult> sink,
      Stop earlier,
      BooleanSupplier cancelled) {
    this(total, progress, sink, earlier, cancelled, Budget.NONE);
  }

  /** A fresh run that is never cancelled. */
  public static Delivery of(long total, Progress progress, Consumer<RequestResult> sink) {
    return new Delivery(total, progress, sink, Stop.NONE, () -> false);
  }
}
