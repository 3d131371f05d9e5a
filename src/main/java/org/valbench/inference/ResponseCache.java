package org.valbench.inference;

import java.util.Optional;

/** Answers stored per request key. Only successful answers are ever stored. */
public interface ResponseCache extends AutoCloseable {
  Optional<ModelAnswer> get(String key);

  /** Stores an answer; it is durable within about 50 ms. */
  void put(String key, String provider, String model, ModelAnswer answer);

  @Override
  void close();

  /** Answers this cache has made durable since it was opened. */
  default long written() {
    return 0;
  }

  /** For {@code --no-cache}: reads nothing, writes nothing. */
  ResponseCache NONE =
      new ResponseCache() {
        @Override
        public Optional<ModelAnswer> get(String key) {
          return Optional.empty();
        }

        @Override
        public void put(String key, String provider, String model, ModelAnswer answer) {}

        @Override
        public void close() {}
      };
}
