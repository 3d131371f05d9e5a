package org.valbench.flows;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import org.valbench.inference.ModelAnswer;
import org.valbench.inference.ResponseCache;

/**
 * The request cache seen through a filter: a cached answer that {@code reusable} rejects (a judge
 * answer that cannot be scored) counts as missing, so the request is sent again and its new answer
 * replaces the old one. Every other answer is reused as usual.
 */
final class ReaskingCache implements ResponseCache {
  private final ResponseCache cache;
  private final Predicate<ModelAnswer> reusable;

  ReaskingCache(ResponseCache cache, Predicate<ModelAnswer> reusable) {
    this.cache = Objects.requireNonNull(cache, "cache");
    this.reusable = Objects.requireNonNull(reusable, "reusable");
  }

  @Override
  public Optional<ModelAnswer> get(String key) {
    return cache.get(key).filter(reusable);
  }

  @Override
  public void put(String key, String provider, String model, ModelAnswer answer) {
    cache.put(key, provider, model, answer);
  }

  @Override
  public long written() {
    return cache.written();
  }

  @Override
  public void close() {
    cache.close();
  }
}
