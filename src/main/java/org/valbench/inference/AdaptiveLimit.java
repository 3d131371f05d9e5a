package org.valbench.inference;

import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A concurrency limit that backs off when the server signals rate limiting and recovers after
 * sustained success (AIMD, as TCP does): a rate limit halves it, but only once per round trip — a
 * 429 from an attempt that started before the last decrease is ignored, so one burst counts once
 * whatever the latency; every {@code limit} successes in a row raise it by one, never above the
 * maximum ({@code --batch-size}).
 */
final class AdaptiveLimit {
  /** Listens to limit changes (for one log line each). */
  interface Listener {
    void changed(int from, int to, boolean rateLimited);
  }

  private final int max;
  private final Listener listener;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition freed = lock.newCondition();
  private int limit;
  private int inUse;
  private int successes;
  private long epoch;

  AdaptiveLimit(int max, Listener listener) {
    if (max < 1) {
      throw new IllegalArgumentException("max must be >= 1");
    }
    this.max = max;
    this.limit = max;
    this.listener = listener;
  }

  void acquire() throws InterruptedException {
    lock.lock();
    try {
      while (inUse >= limit) {
        freed.await();
      }
      inUse++;
    } finally {
      lock.unlock();
    }
  }

  void release() {
    lock.lock();
    try {
      inUse--;
      freed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  void onSuccess() {
    int from;
    int to;
    lock.lock();
    try {
      if (limit >= max || ++successes < limit) {
        return;
      }
      successes = 0;
      from = limit;
      to = ++limit;
      freed.signalAll();
    } finally {
      lock.unlock();
    }
    listener.changed(from, to, false);
  }

  /** The current epoch; an attempt notes it when it starts. */
  long epoch() {
    lock.lock();
    try {
      return epoch;
    } finally {
      lock.unlock();
    }
  }

  /** A rate limit seen by an attempt that started in {@code startedEpoch}. */
  void onRateLimit(long startedEpoch) {
    int from;
    int to;
    lock.lock();
    try {
      successes = 0;
      if (startedEpoch < epoch) {
        return;
      }
      epoch++;
      from = limit;
      to = Math.max(1, limit / 2);
      limit = to;
    } finally {
      lock.unlock();
    }
    if (from != to) {
      listener.changed(from, to, true);
    }
  }

  int limit() {
    lock.lock();
    try {
      return limit;
    } finally {
      lock.unlock();
    }
  }
}
