package org.valbench.inference;

import java.util.Iterator;

/**
 * How a run's requests reach a model and their results come back: reads a stream of requests and
 * delivers exactly one {@link RequestResult} per request to {@link Delivery#sink()}, in any order,
 * one at a time, then returns what the run did. The steps see only this interface.
 *
 * <p>Today's transport is live ({@link InferenceEngine}: one call per request, bounded concurrency,
 * retries, adaptive rate control). A provider batch transport fits the same contract: it reads the
 * requests, delivers cache hits at once, submits the rest as jobs whose per-request id is the
 * request's {@link CacheKey} (unique within a job once duplicates are merged), polls, and delivers
 * each collected result by that id, storing answers in the same {@link ResponseCache}. Requests a
 * job did not finish are delivered as {@link RequestResult.Failed}, so a rerun sends only those; a
 * refused credential or an unreachable service ends the run with the matching {@link Stop}.
 */
public interface Transport {
  /**
   * Sends every request of {@code requests} (read lazily) and hands each result to {@code
   * delivery}'s sink. After {@link Delivery#earlier()} is a stop, or once {@link
   * Delivery#cancelled()} says so, the requests not yet sent are delivered as failed, not sent.
   */
  RunSummary run(Iterator<ModelRequest> requests, Delivery delivery) throws InterruptedException;
}
