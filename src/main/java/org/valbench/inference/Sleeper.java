package org.valbench.inference;

import java.time.Duration;

/** Waits; injected so tests can check backoff and retry-after without waiting. */
@FunctionalInterface
public interface Sleeper {
  void sleep(Duration duration) throws InterruptedException;

  Sleeper REAL = duration -> Thread.sleep(duration.toMillis());
}
