package org.valbench.flows;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import org.valbench.inference.ModelRequest;
import org.valbench.inference.Progress;

/**
 * The requests of a step's rows, in row order: a row with nothing to send (empty) is skipped and
 * counted in {@code progress} as not needed, so progress totals only the requests that go out.
 */
final class RowRequests implements Iterator<ModelRequest> {
  private final Iterator<Optional<ModelRequest>> rows;
  private final Progress progress;
  private ModelRequest next;

  RowRequests(Iterator<Optional<ModelRequest>> rows, Progress progress) {
    this.rows = Objects.requireNonNull(rows, "rows");
    this.progress = Objects.requireNonNull(progress, "progress");
  }

  @Override
  public boolean hasNext() {
    while (next == null && rows.hasNext()) {
      Optional<ModelRequest> row = rows.next();
      if (row.isPresent()) {
        next = row.get();
      } else {
        progress.notNeeded();
      }
    }
    return next != null;
  }

  @Override
  public ModelRequest next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    ModelRequest request = next;
    next = null;
    return request;
  }
}
