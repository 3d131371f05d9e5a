package org.valbench.inference;

import java.util.Objects;

/**
 * Why an inference run stopped sending requests early, if it did. The caller maps each case to an
 * outcome (exit code, message); the compiler checks that every case is handled.
 */
public sealed interface Stop {
  /** The run sent everything it had to send. */
  record None() implements Stop {}

  /** A provider refused the credentials, the permission or the quota: nothing else will pass. */
  record CredentialsRefused(String message) implements Stop {
    public CredentialsRefused {
      Objects.requireNonNull(message, "message");
    }
  }

  /**
   * The model server could not be reached (connection refused, unknown host, connect timeout, TLS
   * handshake) for a request's whole retry window, with no attempt of any request reaching it in
   * that time.
   */
  record Unreachable(String message) implements Stop {
    public Unreachable {
      Objects.requireNonNull(message, "message");
    }
  }

  /**
   * The command's spending limit ({@code --max-cost}) was reached by the answers it paid for
   * (answers from the cache are free); requests in flight finish, no new one is sent.
   */
  record BudgetReached(String message) implements Stop {
    public BudgetReached {
      Objects.requireNonNull(message, "message");
    }
  }

  /**
   * A {@code --batch --no-wait} run submitted provider batches and did not wait for them: the same
   * command run again later collects them. Later steps still submit theirs.
   */
  record BatchesInFlight(String message) implements Stop {
    public BatchesInFlight {
      Objects.requireNonNull(message, "message");
    }
  }

  Stop NONE = new None();

  /** True unless this is {@link None}. */
  default boolean stopped() {
    return !(this instanceof None);
  }

  /** The reason in one line; empty for {@link None}. */
  default String reason() {
    return switch (this) {
      case None n -> "";
      case CredentialsRefused c -> c.message();
      case Unreachable u -> u.message();
      case BudgetReached b -> b.message();
      case BatchesInFlight b -> b.message();
    };
  }
}
