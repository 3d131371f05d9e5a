package org.valbench.inference;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Progress of an inference run on stderr: on a terminal a live line redrawn in place (done/total,
 * rate, ETA, failures, retries, concurrency, tokens); elsewhere (cron, CI) one plain line every
 * {@code interval} and a final summary line. Thread-safe; the clock is injected.
 */
public final class Progress {
  private final String label;
  private final AtomicLong total;
  private final PrintWriter err;
  private final boolean terminal;
  private final LongSupplier nanoTime;
  private final long intervalNanos;
  private final long start;
  private final AtomicLong done = new AtomicLong();
  private final AtomicLong cached = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicLong retries = new AtomicLong();
  private final AtomicLong tokens = new AtomicLong();
  private final java.util.concurrent.atomic.AtomicReference<Usage> spent =
      new java.util.concurrent.atomic.AtomicReference<>(Usage.NONE);
  private final java.util.concurrent.atomic.AtomicReference<Usage> reused =
      new java.util.concurrent.atomic.AtomicReference<>(Usage.NONE);
  private volatile int concurrency;
  private long lastPrint;

  public Progress(
      String label,
      long total,
      PrintWriter err,
      boolean terminal,
      LongSupplier nanoTime,
      long intervalNanos) {
    this.label = label;
    this.total = new AtomicLong(total);
    this.err = err;
    this.terminal = terminal;
    this.nanoTime = nanoTime;
    this.intervalNanos = intervalNanos;
    this.start = nanoTime.getAsLong();
    this.lastPrint = start;
  }

  /** One of the {@code total} rows turned out to need no request (it had no prompt). */
  public void notNeeded() {
    total.decrementAndGet();
  }

  /**
   * One answer: from the cache (its tokens were spent by an earlier run) or fresh (spent now). The
   * live line counts the spent input and output tokens; the final line breaks both down.
   */
  void answered(boolean fromCache, Usage usage) {
    (fromCache ? reused : spent).accumulateAndGet(usage, Usage::plus);
    answered(fromCache, fromCache ? 0 : usage.inputTokens() + usage.outputTokens());
  }

  void answered(boolean fromCache, long tokenCount) {
    done.incrementAndGet();
    if (fromCache) {
      cached.incrementAndGet();
    }
    tokens.addAndGet(tokenCount);
    maybePrint();
  }

  void failed() {
    done.incrementAndGet();
    failed.incrementAndGet();
    maybePrint();
  }

  void retried() {
    retries.incrementAndGet();
  }

  void concurrency(int value) {
    concurrency = value;
  }

  /** Prints a line when the interval has passed (called by a ticker and on every completion). */
  public synchronized void maybePrint() {
    long now = nanoTime.getAsLong();
    long every = terminal ? Math.min(intervalNanos, 200_000_000L) : intervalNanos;
    if (now - lastPrint >= every) {
      lastPrint = now;
      print(now, false);
    }
  }

  /** The final summary line. */
  public synchronized void finish() {
    print(nanoTime.getAsLong(), true);
  }

  /** Writes a note on its own line (e.g. a concurrency change), without breaking the bar. */
  public synchronized void note(String text) {
    err.print(terminal ? "\r\033[2K" : "");
    err.println(label + ": " + text);
    err.flush();
  }

  private void print(long now, boolean last) {
    double seconds = Math.max(1e-9, (now - start) / 1e9);
    long d = done.get();
    long total = this.total.get();
    double rate = d / seconds;
    String eta = rate > 0 && d < total ? formatDuration((total - d) / rate) : "-";
    String line =
        String.format(
            Locale.ROOT,
            "%s: %d/%d (%.0f%%) %.1f req/s, ETA %s, %d cached, %d failed, %d retries,"
                + " concurrency %d, %s tokens",
            label,
            d,
            total,
            total == 0 ? 100.0 : 100.0 * d / total,
            rate,
            eta,
            cached.get(),
            failed.get(),
            retries.get(),
            concurrency,
            compact(tokens.get()));
    if (last) {
      line =
          String.format(Locale.ROOT, "%s: done in %s. ", label, formatDuration(seconds))
              + line.substring(label.length() + 2)
              + tokenBreakdown(spent.get(), reused.get());
    }
    if (terminal && !last) {
      err.print("\r\033[2K" + line);
    } else {
      err.println((terminal ? "\r\033[2K" : "") + line);
    }
    err.flush();
  }

  /**
   * The final line's token detail: what the answers of this run spent (input, of which cached by
   * the provider, output, of which reasoning), and what the answers taken from the cache had spent
   * when they were stored (not spent again).
   */
  static String tokenBreakdown(Usage spent, Usage reused) {
    String text =
        String.format(
            Locale.ROOT,
            " (spent: %d input, %d cached input, %d output, %d reasoning",
            spent.inputTokens(),
            spent.cachedTokens(),
            spent.outputTokens(),
            spent.reasoningTokens());
    if (!reused.equals(Usage.NONE)) {
      text +=
          String.format(
              Locale.ROOT,
              "; from the cache, not spent: %d input, %d output",
              reused.inputTokens(),
              reused.outputTokens());
    }
    return text + ")";
  }

  static String formatDuration(double seconds) {
    long s = Math.round(seconds);
    return s >= 3600
        ? String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60)
        : s >= 60 ? String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60) : s + "s";
  }

  static String compact(long n) {
    return n >= 1_000_000
        ? String.format(Locale.ROOT, "%.1fM", n / 1e6)
        : n >= 10_000 ? String.format(Locale.ROOT, "%.0fk", n / 1e3) : Long.toString(n);
  }
}
