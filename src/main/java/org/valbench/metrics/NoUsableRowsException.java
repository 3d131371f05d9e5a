package org.valbench.metrics;

/** Thrown instead of reporting NaN when not a single judged row can be scored. */
public final class NoUsableRowsException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public NoUsableRowsException(long unusableJudge, long failed) {
    super(
        "no usable judged rows to score ("
            + unusableJudge
            + " unusable judge answers, "
            + failed
            + " failed requests)");
  }
}
