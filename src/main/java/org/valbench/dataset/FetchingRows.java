package org.valbench.dataset;

import java.util.Map;
import java.util.NoSuchElementException;

/**
 * A {@link RowStream} over a source that can only say "next row, or none": {@link #fetch()} is
 * called once per row, ahead of {@link #next()}, and the end is remembered.
 */
abstract class FetchingRows implements RowStream {
  private Map<String, Object> next;
  private boolean ended;

  /** The next row, or null at the end. */
  protected abstract Map<String, Object> fetch();

  @Override
  public final boolean hasNext() {
    if (next == null && !ended) {
      next = fetch();
      ended = next == null;
    }
    return next != null;
  }

  @Override
  public final Map<String, Object> next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    Map<String, Object> row = next;
    next = null;
    return row;
  }
}
