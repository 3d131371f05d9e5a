package org.valbench.flows;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.valbench.cost.Price;
import org.valbench.inference.CacheKey;
import org.valbench.inference.ChatMessage;
import org.valbench.inference.ModelAnswer;
import org.valbench.inference.ModelRequest;
import org.valbench.inference.ResponseCache;
import org.valbench.inference.Usage;

/**
 * What an inference step would send, without sending it: the requests that miss the cache (the same
 * lookup a run makes), their input tokens estimated as the characters of the system prompt and
 * messages divided by 4 (rounded up, per request), their output tokens bounded by {@code
 * --max-tokens} and, when the cache holds answers of the same model and settings, estimated as the
 * mean output of those answers.
 */
final class DryRun {
  /** Characters per token of the input estimate: a common rule of thumb for English text. */
  static final int CHARS_PER_TOKEN = 4;

  /** One step's estimate; {@code cachedOutput} sums the output tokens of its cached answers. */
  record Estimate(
      String step,
      String model,
      long requests,
      long toSend,
      long inputTokens,
      long maxOutputTokens,
      long cachedAnswers,
      long cachedOutput) {
    /** Output tokens of the requests to send, from the cached answers' mean; empty without any. */
    Optional<Long> expectedOutputTokens() {
      return cachedAnswers == 0
          ? Optional.empty()
          : Optional.of(Math.round((double) cachedOutput / cachedAnswers * toSend));
    }
  }

  private DryRun() {}

  /** Counts {@code rows}' requests ({@code maxTokens} each at most) against {@code cache}. */
  static Estimate estimate(
      String step,
      String model,
      int maxTokens,
      Map<String, Object> provider,
      ResponseCache cache,
      Iterator<Optional<ModelRequest>> rows) {
    long requests = 0;
    long toSend = 0;
    long input = 0;
    long cachedAnswers = 0;
    long cachedOutput = 0;
    while (rows.hasNext()) {
      Optional<ModelRequest> next = rows.next();
      if (next.isEmpty()) {
        continue;
      }
      ModelRequest request = next.get();
      requests++;
      Optional<ModelAnswer> hit = cache.get(CacheKey.of(provider, request));
      if (hit.isPresent()) {
        cachedAnswers++;
        cachedOutput += hit.get().usage().outputTokens();
      } else {
        toSend++;
        input += inputTokens(request);
      }
    }
    return new Estimate(
        step, model, requests, toSend, input, toSend * maxTokens, cachedAnswers, cachedOutput);
  }

  /** The input estimate of one request: its system prompt's and messages' characters / 4. */
  static long inputTokens(ModelRequest request) {
    long chars = request.systemPrompt().length();
    for (ChatMessage message : request.messages()) {
      chars += message.content().length();
    }
    return (chars + CHARS_PER_TOKEN - 1) / CHARS_PER_TOKEN;
  }

  /** The lines printed for {@code estimates}, priced by {@code spending} (or "no price"). */
  static List<String> lines(List<Estimate> estimates, Spending spending) {
    List<String> lines = new ArrayList<>();
    for (Estimate e : estimates) {
      lines.add(
          String.format(
              Locale.ROOT,
              "%s (%s): %d requests, %d in the cache, %d to send; about %d input tokens, at most"
                  + " %d output tokens%s",
              e.step(),
              e.model(),
              e.requests(),
              e.requests() - e.toSend(),
              e.toSend(),
              e.inputTokens(),
              e.maxOutputTokens(),
              e.expectedOutputTokens()
                  .map(t -> " (about " + t + " by the cached answers of this model)")
                  .orElse("")));
      Optional<Price> price = spending.price(e.model());
      if (price.isEmpty()) {
        lines.add("  no price for model '" + e.model() + "' (add it with --prices FILE)");
        continue;
      }
      Usage upper = new Usage(e.inputTokens(), e.maxOutputTokens(), 0, 0);
      String expected =
          e.expectedOutputTokens()
              .map(
                  t -> {
                    Usage likely = new Usage(e.inputTokens(), t, 0, 0);
                    return String.format(
                        Locale.ROOT,
                        "; expected $%.4f live, $%.4f batch",
                        Spending.cost(price.get(), likely, false),
                        Spending.cost(price.get(), likely, true));
                  })
              .orElse("");
      lines.add(
          String.format(
              Locale.ROOT,
              "  cost at most $%.4f live, $%.4f batch%s (prices as of %s; check before relying)",
              Spending.cost(price.get(), upper, false),
              Spending.cost(price.get(), upper, true),
              expected,
              spending.prices().asOf()));
    }
    lines.add("dry run: nothing was sent and no dataset was written");
    return lines;
  }
}
