package org.valbench.common;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A request from outside (SIGINT, SIGTERM) to stop the run now. Long work asks {@link #requested()}
 * and stops sending; whatever holds answers that arrived but are not yet durable registers a {@link
 * Saver}, which {@link #request()} runs so that those answers are saved before the process ends.
 */
public final class Interruption {
  /** Makes answers durable when the process is about to end; returns how many it saved. */
  @FunctionalInterface
  public interface Saver {
    long save();
  }

  private volatile boolean requested;
  private final List<Saver> savers = new CopyOnWriteArrayList<>();
  private final AtomicLong saved = new AtomicLong();

  /** True once {@link #request()} was called. */
  public boolean requested() {
    return requested;
  }

  /**
   * Marks the run as interrupted and runs every registered saver (each at most once).
   *
   * @return the answers saved by this process so far, by every saver registered now or before
   */
  public long request() {
    requested = true;
    for (Saver saver : savers) {
      if (savers.remove(saver)) {
        saved.addAndGet(saver.save());
      }
    }
    return saved.get();
  }

  /**
   * Registers {@code saver} until the returned handle is closed; closing it runs the saver one last
   * time (unless {@link #request()} already did) and counts what it saved.
   */
  public AutoCloseable register(Saver saver) {
    savers.add(saver);
    return () -> {
      if (savers.remove(saver)) {
        saved.addAndGet(saver.save());
      }
    };
  }
}
