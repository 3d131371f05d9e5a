package org.valbench.inference;

import java.util.Objects;

/** How one request ended: answered (maybe from the cache) or failed with its error text. */
public sealed interface RequestResult permits RequestResult.Answered, RequestResult.Failed {
  ModelRequest request();

  int attempts();

  /** An answer, fresh from the model or from the cache (then {@code attempts} is 0). */
  record Answered(ModelRequest request, ModelAnswer answer, boolean cached, int attempts)
      implements RequestResult {
    public Answered {
      Objects.requireNonNull(request, "request");
      Objects.requireNonNull(answer, "answer");
    }
  }

  /** A request that still failed after retries, or that was not sent because the run stopped. */
  record Failed(ModelRequest request, String error, int attempts) implements RequestResult {
    public Failed {
      Objects.requireNonNull(request, "request");
      Objects.requireNonNull(error, "error");
    }
  }
}
