package org.valbench.inference;

import java.util.Map;

/**
 * One provider, on its official SDK. Sends one request per call with the SDK's own retries turned
 * off (valbench retries), classifies failures, and describes itself for the cache key. SDK types
 * never leave the implementing class. Implementations are safe for concurrent use.
 */
public interface ModelClient extends AutoCloseable {
  /** Sends one attempt and blocks until the answer arrives or the attempt fails. */
  ModelAnswer send(ModelRequest request) throws Exception;

  /** Whether to retry, fail this request, or stop the run after {@code error}. */
  RetryDecision classify(Throwable error);

  /**
   * What identifies where answers come from, for the cache key: provider name, endpoint, API
   * flavour. Never the API key.
   */
  Map<String, Object> describe();

  @Override
  default void close() {}
}
