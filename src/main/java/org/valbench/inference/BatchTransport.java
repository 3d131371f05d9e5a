package org.valbench.inference;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * The {@link Transport} for {@code --batch}: delivers cache hits at once, merges requests with the
 * same {@link CacheKey}, and sends the rest through the provider's batch API in chunks of {@link
 * BatchMode#chunkSize()} requests, each recorded in the {@link BatchJournal} before its create
 * call. A rerun first adopts the journal's chunks in flight that hold requests it needs (polling
 * them, or searching the provider for a chunk whose create call may have happened before a crash),
 * so nothing is paid twice. Polls every {@link BatchMode#poll()}; each answer is cached as it is
 * read under the same key a live call uses; a 4xx is a failed request like a live one; expired,
 * cancelled, 5xx and missing results are resubmitted in a later chunk up to {@link
 * BatchMode#resubmissions()} times.
 */
public final class BatchTransport implements Transport {
  private static final Duration SLICE = Duration.ofSeconds(1);

  private final ModelClient client;
  private final BatchApi api;
  private final ResponseCache cache;
  private final BatchJournal journal;
  private final BatchMode mode;
  private final Redactor redactor;
  private final Sleeper sleeper;
  private final LongSupplier nanoTime;

  BatchTransport(
      ModelClient client,
      BatchApi api,
      ResponseCache cache,
      BatchJournal journal,
      BatchMode mode,
      Redactor redactor,
      Sleeper sleeper,
      LongSupplier nanoTime) {
    this.client = Objects.requireNonNull(client, "client");
    this.api = Objects.requireNonNull(api, "api");
    this.cache = Objects.requireNonNull(cache, "cache");
    this.journal = Objects.requireNonNull(journal, "journal");
    this.mode = Objects.requireNonNull(mode, "mode");
    this.redactor = Objects.requireNonNull(redactor, "redactor");
    this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
  }

  /**
   * The batch transport for {@code client}'s provider; a provider without a batch API here is a
   * {@link BatchesUnsupportedException}.
   */
  public static BatchTransport of(
      ModelClient client,
      ResponseCache cache,
      BatchJournal journal,
      BatchMode mode,
      Redactor redactor,
      Sleeper sleeper,
      LongSupplier nanoTime) {
    BatchApi api = batchApi(client);
    return new BatchTransport(client, api, cache, journal, mode, redactor, sleeper, nanoTime);
  }

  /** The batch API of {@code client}'s provider. */
  static BatchApi batchApi(ModelClient client) {
    return switch (client) {
      case OpenAiClient openAi -> openAi.batchApi();
      default ->
          throw new BatchesUnsupportedException(
              "--batch: "
                  + client.describe().getOrDefault("provider", "this provider")
                  + " has no batch mode in valbench yet; run without --batch",
              null);
    };
  }

  /**
   * Asks the provider to cancel every batch of {@code model} in flight for {@code scope} (every
   * scope when empty); returns their ids. The chunks stay in the journal, so the next run of the
   * command collects the answers the batches gave before they ended and sends the rest again.
   */
  public static List<String> cancelInFlight(
      ModelClient client, BatchJournal journal, String scope, String model) throws Exception {
    BatchApi api = batchApi(client);
    List<String> cancelled = new ArrayList<>();
    for (BatchJournal.Chunk chunk : journal.chunks(scope)) {
      if (chunk.state() == BatchJournal.State.SUBMITTED
          && chunk.model().equals(model)
          && chunk.batchId().isPresent()) {
        api.cancel(chunk.batchId().get());
        journal.note(chunk.chunkId(), "cancel requested");
        cancelled.add(chunk.batchId().get());
      }
    }
    return cancelled;
  }

  @Override
  public RunSummary run(Iterator<ModelRequest> requests, Delivery delivery)
      throws InterruptedException {
    Progress progress = delivery.progress();
    RunTally tally = new RunTally(progress, delivery.sink(), delivery.earlier(), delivery.budget());
    Map<String, Object> provider = client.describe();
    Map<String, List<ModelRequest>> waiting = new LinkedHashMap<>();
    while (requests.hasNext()) {
      ModelRequest request = requests.next();
      if (tally.stopped() || delivery.cancelled().getAsBoolean()) {
        tally.notSent(request);
        continue;
      }
      String key = CacheKey.of(provider, request);
      Optional<ModelAnswer> hit = cache.get(key);
      if (hit.isPresent()) {
        tally.answered(request, redactor.redact(hit.get()), true, 0);
      } else {
        waiting.computeIfAbsent(key, k -> new ArrayList<>()).add(request);
      }
    }
    if (!waiting.isEmpty()) {
      new Session(tally, delivery, progress, provider, waiting).run();
    }
    progress.finish();
    tally.rethrowStorageFailure();
    return tally.summary(delivery.total(), 1);
  }

  /** A chunk the provider holds (or may hold), and the last status shown for it. */
  private static final class Flight {
    final BatchJournal.Chunk chunk;
    Optional<String> batchId;
    String shownState = "";
    BatchApi.Status status;

    Flight(BatchJournal.Chunk chunk, Optional<String> batchId) {
      this.chunk = chunk;
      this.batchId = batchId;
    }
  }

  /** The batches of one run: adopt, submit, poll, collect, resubmit. */
  private final class Session {
    private final RunTally tally;
    private final Delivery delivery;
    private final Progress progress;
    private final String providerName;
    private final Map<String, List<ModelRequest>> waiting;
    private final Map<String, Integer> submissions = new HashMap<>();
    private final Map<String, String> requeue = new LinkedHashMap<>();
    private final List<Flight> flights = new ArrayList<>();
    private final long started = nanoTime.getAsLong();
    private int round;
    private long submitted;
    private long completed;
    private long failedChunks;
    private long requeued;
    private long polls;

    Session(
        RunTally tally,
        Delivery delivery,
        Progress progress,
        Map<String, Object> provider,
        Map<String, List<ModelRequest>> waiting) {
      this.tally = tally;
      this.delivery = delivery;
      this.progress = progress;
      this.providerName = String.valueOf(provider.getOrDefault("provider", "unknown"));
      this.waiting = waiting;
    }

    void run() throws InterruptedException {
      Set<String> covered = adopt();
      List<String> fresh = new ArrayList<>();
      for (String key : waiting.keySet()) {
        if (!covered.contains(key)) {
          fresh.add(key);
        }
      }
      submit(fresh);
      while (true) {
        if (!flights.isEmpty()) {
          pollOnce();
        }
        resubmit();
        if (flights.isEmpty()
            || tally.stopped()
            || mode.noWait()
            || delivery.cancelled().getAsBoolean()) {
          break;
        }
        waitForNextPoll();
      }
      finish();
    }

    /** Sleeps one poll interval, in slices of at most a second so an interruption ends it. */
    private void waitForNextPoll() throws InterruptedException {
      Duration left = mode.poll();
      while (left.isPositive() && !delivery.cancelled().getAsBoolean()) {
        Duration slice = left.compareTo(SLICE) < 0 ? left : SLICE;
        sleeper.sleep(slice);
        left = left.minus(slice);
      }
    }

    /** The journal's chunks in flight that hold requests of this run; their keys are covered. */
    private Set<String> adopt() {
      Set<String> covered = new HashSet<>();
      for (BatchJournal.Chunk chunk : journal.inFlight()) {
        if (chunk.keys().stream().noneMatch(waiting::containsKey)) {
          continue;
        }
        Optional<String> id = chunk.batchId();
        if (id.isEmpty()) {
          try {
            id = api.find(chunk.chunkId(), chunk.createdAt(), chunk.keys().size());
          } catch (Exception e) {
            // Unknown whether the provider holds it: keep the intent, send nothing twice.
            String message = redactor.redact(client.classify(e).message());
            for (String key : chunk.keys()) {
              covered.add(key);
              fail(key, "could not look for the batch of an interrupted run (" + message + ")");
            }
            continue;
          }
          id.ifPresent(
              found -> progress.note("found batch " + found + " created before an interruption"));
          if (id.isEmpty()) {
            journal.finish(chunk.chunkId(), BatchJournal.State.ABANDONED, "never created");
            continue;
          }
          journal.submitted(chunk.chunkId(), id.get());
        }
        progress.note("resuming batch " + id.get() + " (" + chunk.keys().size() + " requests)");
        flights.add(new Flight(chunk, id));
        round = Math.max(round, chunk.round() + 1);
        for (String key : chunk.keys()) {
          covered.add(key);
          submissions.merge(key, 1, Integer::sum);
        }
      }
      return covered;
    }

    /** Sends {@code keys} (grouped by model) as chunks of at most the chunk size. */
    private void submit(List<String> keys) {
      Map<String, List<String>> byModel = new LinkedHashMap<>();
      for (String key : keys) {
        byModel.computeIfAbsent(waiting.get(key).get(0).model(), m -> new ArrayList<>()).add(key);
      }
      for (Map.Entry<String, List<String>> group : byModel.entrySet()) {
        List<String> all = group.getValue();
        for (int from = 0; from < all.size() && !tally.stopped(); from += mode.chunkSize()) {
          create(group.getKey(), all.subList(from, Math.min(all.size(), from + mode.chunkSize())));
        }
      }
      round++;
    }

    private void create(String model, List<String> keys) {
      BatchJournal.Chunk chunk =
          journal.plan(mode.scope(), providerName, model, api.endpoint(), keys, round);
      List<BatchApi.Keyed> lines = new ArrayList<>();
      for (String key : keys) {
        lines.add(new BatchApi.Keyed(key, redactor.redact(waiting.get(key).get(0))));
        submissions.merge(key, 1, Integer::sum);
      }
      String id;
      try {
        id = api.create(chunk.chunkId(), lines);
      } catch (BatchesUnsupportedException e) {
        journal.finish(chunk.chunkId(), BatchJournal.State.ABANDONED, "no batch API");
        throw e;
      } catch (Exception e) {
        RetryDecision d = client.classify(e);
        String message = redactor.redact(d.message());
        if (d.kind() == RetryDecision.Kind.STOP) {
          tally.stopWith(new Stop.CredentialsRefused(message));
        }
        // The create call may have reached the provider before failing: look before giving up.
        Optional<String> found =
            d.kind() == RetryDecision.Kind.STOP ? Optional.empty() : find(chunk);
        if (found.isEmpty()) {
          journal.finish(chunk.chunkId(), BatchJournal.State.ABANDONED, message);
          for (String key : keys) {
            fail(key, "batch not created: " + message);
          }
          return;
        }
        id = found.get();
      }
      journal.submitted(chunk.chunkId(), id);
      submitted++;
      Flight flight = new Flight(chunk, Optional.of(id));
      flights.add(flight);
      progress.note("batch " + id + " submitted (" + keys.size() + " requests)");
    }

    private Optional<String> find(BatchJournal.Chunk chunk) {
      try {
        return api.find(chunk.chunkId(), chunk.createdAt(), chunk.keys().size());
      } catch (Exception e) {
        return Optional.empty();
      }
    }

    /** Polls every batch in flight once; collects the ended ones; one summary line. */
    private void pollOnce() {
      polls++;
      for (Iterator<Flight> it = flights.iterator(); it.hasNext(); ) {
        Flight f = it.next();
        String id = f.batchId.orElseThrow();
        BatchApi.Status status;
        try {
          status = api.status(id);
        } catch (Exception e) {
          RetryDecision d = client.classify(e);
          String message = redactor.redact(d.message());
          if (d.kind() == RetryDecision.Kind.STOP) {
            tally.stopWith(new Stop.CredentialsRefused(message));
            return;
          }
          if (d.kind() == RetryDecision.Kind.FAIL) {
            // The provider no longer knows the batch (e.g. deleted): send its requests again.
            journal.finish(f.chunk.chunkId(), BatchJournal.State.ABANDONED, message);
            requeueAll(f.chunk, "batch " + id + " is gone: " + message);
            it.remove();
            failedChunks++;
          } else {
            progress.note("poll of batch " + id + " failed (" + message + "); trying again");
          }
          continue;
        }
        f.status = status;
        if (!status.state().equals(f.shownState)) {
          f.shownState = status.state();
          progress.note(
              "batch "
                  + id
                  + ": "
                  + status.state()
                  + " ("
                  + status.done()
                  + "/"
                  + status.total()
                  + " done, "
                  + status.failed()
                  + " failed)"
                  + (status.detail().isEmpty() ? "" : " " + status.detail()));
        }
        switch (status.phase()) {
          case RUNNING -> {}
          case ENDED -> {
            if (collect(f)) {
              it.remove();
              completed++;
            }
          }
          case QUOTA -> {
            journal.finish(f.chunk.chunkId(), BatchJournal.State.ABANDONED, status.detail());
            requeueAll(f.chunk, "batch refused for quota: " + status.detail());
            it.remove();
            failedChunks++;
          }
          case REFUSED -> {
            journal.finish(f.chunk.chunkId(), BatchJournal.State.COLLECTED, status.detail());
            for (String key : f.chunk.keys()) {
              fail(key, "batch " + id + " refused: " + redactor.redact(status.detail()));
            }
            it.remove();
            failedChunks++;
          }
        }
      }
      summaryLine();
    }

    /** Reads an ended batch's results; false when they could not be read yet (poll again). */
    private boolean collect(Flight f) {
      String id = f.batchId.orElseThrow();
      Set<String> chunkKeys = new HashSet<>(f.chunk.keys());
      Set<String> seen = new HashSet<>();
      try {
        api.results(id, (key, outcome) -> take(f.chunk, chunkKeys, seen, key, outcome));
      } catch (org.valbench.common.StorageException e) {
        throw e;
      } catch (Exception e) {
        RetryDecision d = client.classify(e);
        if (d.kind() == RetryDecision.Kind.RETRY) {
          progress.note("results of batch " + id + " not read yet (" + d.message() + ")");
          return false;
        }
        progress.note("results of batch " + id + " are gone (" + d.message() + ")");
      }
      for (String key : f.chunk.keys()) {
        if (!seen.contains(key)) {
          requeue(key, "missing from the results of batch " + id);
        }
      }
      journal.finish(
          f.chunk.chunkId(),
          BatchJournal.State.COLLECTED,
          f.status == null ? "" : f.status.state());
      return true;
    }

    private void take(
        BatchJournal.Chunk chunk,
        Set<String> chunkKeys,
        Set<String> seen,
        String key,
        BatchApi.Outcome outcome) {
      if (!chunkKeys.contains(key) || !seen.add(key)) {
        return; // not ours, or a repeated line: results are matched by id only
      }
      switch (outcome) {
        case BatchApi.Outcome.Answer a -> {
          ModelAnswer answer = redactor.redact(a.answer());
          cache.put(key, providerName, chunk.model(), answer);
          List<ModelRequest> asked = waiting.remove(key);
          if (asked != null) {
            for (ModelRequest r : asked) {
              tally.answered(r, answer, false, submissions.getOrDefault(key, 1));
            }
          }
        }
        case BatchApi.Outcome.Failed failed -> fail(key, redactor.redact(failed.message()));
        case BatchApi.Outcome.Requeue r -> requeue(key, redactor.redact(r.reason()));
      }
    }

    private void requeueAll(BatchJournal.Chunk chunk, String reason) {
      for (String key : chunk.keys()) {
        requeue(key, reason);
      }
    }

    private void requeue(String key, String reason) {
      if (waiting.containsKey(key)) {
        requeue.put(key, reason);
      }
    }

    /** Sends again what the last poll requeued, unless a request has been sent too often. */
    private void resubmit() {
      if (requeue.isEmpty() || tally.stopped() || delivery.cancelled().getAsBoolean()) {
        return;
      }
      List<String> again = new ArrayList<>();
      for (Map.Entry<String, String> e : requeue.entrySet()) {
        int sent = submissions.getOrDefault(e.getKey(), 0);
        if (sent > mode.resubmissions()) {
          fail(e.getKey(), e.getValue() + " (gave up after " + sent + " batches)");
        } else if (waiting.containsKey(e.getKey())) {
          again.add(e.getKey());
        }
      }
      requeue.clear();
      requeued += again.size();
      if (!again.isEmpty()) {
        progress.note("resubmitting " + again.size() + " requests");
        submit(again);
      }
    }

    private void fail(String key, String message) {
      List<ModelRequest> asked = waiting.remove(key);
      if (asked != null) {
        for (ModelRequest r : asked) {
          tally.failed(r, message, submissions.getOrDefault(key, 0));
        }
      }
    }

    /** Delivers what is still waiting: in flight (no-wait), or not sent (stop, interruption). */
    private void finish() {
      if (waiting.isEmpty()) {
        return;
      }
      if (!flights.isEmpty() && !tally.stopped() && !delivery.cancelled().getAsBoolean()) {
        long requests = waiting.values().stream().mapToLong(List::size).sum();
        String message =
            requests
                + " requests in "
                + flights.size()
                + " provider batches are still in flight; run the same command again later to"
                + " collect them";
        for (String key : List.copyOf(waiting.keySet())) {
          fail(key, "in flight in a provider batch; run the same command again later");
        }
        tally.stopWith(new Stop.BatchesInFlight(message));
        return;
      }
      for (List<ModelRequest> asked : waiting.values()) {
        asked.forEach(tally::notSent);
      }
      waiting.clear();
    }

    private void summaryLine() {
      long done = 0;
      long failed = 0;
      long total = 0;
      for (Flight f : flights) {
        if (f.status != null) {
          done += f.status.done();
          failed += f.status.failed();
          total += f.status.total();
        }
      }
      double seconds = (nanoTime.getAsLong() - started) / 1e9;
      progress.note(
          "batches: "
              + submitted
              + " submitted, "
              + flights.size()
              + " in progress, "
              + completed
              + " completed, "
              + failedChunks
              + " failed, "
              + requeued
              + " requeued; provider counts in flight "
              + done
              + "/"
              + total
              + " done, "
              + failed
              + " failed; "
              + Progress.formatDuration(seconds)
              + " elapsed, poll "
              + polls);
      progress.maybePrint();
    }
  }
}
