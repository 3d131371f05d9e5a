package org.valbench.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Measures valbench at scale and prints the figures (a program, not a test): for each run (pairs,
 * server latency L, batch size N) it writes a synthetic pairs file, starts a fake OpenAI-compatible
 * server in this JVM, runs {@code valbench responses} and {@code valbench evaluate} as separate
 * JVMs (same flags as {@code scripts/valbench}), then both again fully cached, and prints wall
 * time, requests, requests/s and efficiency against N / L (over the generate/judge steps' own
 * times), CPU per 1,000 requests, peak RSS, the cache size and the report step's time, then checks
 * the targets listed in {@link #targets}. Run it with {@code scripts/bench}; see {@link #USAGE}.
 */
public final class ScaleBenchmark {
  static final String USAGE =
      """
      usage: scripts/bench [options] [RUN...]

      RUN is SIZE[:LATENCY_MS[:BATCH]], SIZE in pairs with an optional K suffix (115K = 115,000).
      Default runs: 1K 10K 115K 10K:0 (L = 100 ms unless given, N = 128).

      options:
        --sizes LIST         comma-separated sizes, run at the default latency and batch size
        --latency-ms MS      default server latency L (100)
        --batch-size N       default --batch-size for responses and evaluate (128)
        --server fast|jdk    fast: this package's minimal HTTP/1.1 fake (default);
                             jdk: testing.FakeHttpServer + FakeOpenAi (keeps every request: small sizes)
        --jfr                record each valbench command with JFR (kept in the work dir)
        --keep               keep the work dirs (default: only the logs and JFR files stay)
        --work-root DIR      where work dirs are made (default /tmp)
        --results FILE       also write the results as Markdown to FILE (e.g. bench/RESULTS.md)
        --seed N             seed of the synthetic pairs (1)
        --compare [RUNSxSIZE] only the compare case: RUNS judged datasets of SIZE pairs
                             (default 20x115K) compared by 'valbench compare'
        --answer-chars C     pad each candidate answer to C characters (default 0: short answers),
                             to measure memory with answers of realistic length
        --quiet-wait S       before each command, wait up to S seconds (default 120; 0: never)
                             for the machine to be idle: other processes skew the figures
      """;

  static final int EFFICIENCY_BATCH = 128;
  static final long EFFICIENCY_LATENCY = 100;
  static final int FULL_SIZE = 115_000;
  static final long GIB_KB = 1024L * 1024L;
  static final double FLAT_RATIO = 1.5;
  static final double QUIET_CORES = 0.25;

  private static final String MODEL = "bench-model";
  private static final String JUDGE = "bench/judge";
  private static final List<String> GENERATE_STEPS = List.of("generate-for", "generate-against");
  private static final List<String> JUDGE_STEPS = List.of("judge");

  private ScaleBenchmark() {}

  /** One run to measure. */
  record RunSpec(int size, long latencyMillis, int batchSize) {
    String name() {
      return sizeName(size) + " pairs, L=" + latencyMillis + " ms, N=" + batchSize;
    }
  }

  /** A command measured, with the requests the server received while it ran. */
  record Command(
      ValbenchProcess.Measured measured,
      long requests,
      double serverCpuSeconds,
      List<String> inferenceSteps,
      long[] perSecond) {
    /**
     * Steady-state requests/s: the median of the requests the server answered per second while the
     * command ran, over the full seconds only (not the first and last second of each burst of
     * traffic, which are partial); NaN with fewer than 3 such seconds.
     */
    double steadyRequestsPerSecond() {
      List<Long> full = new ArrayList<>();
      for (int i = 1; i + 1 < perSecond.length; i++) {
        if (perSecond[i] > 0 && perSecond[i - 1] > 0 && perSecond[i + 1] > 0) {
          full.add(perSecond[i]);
        }
      }
      if (full.size() < 3) {
        return Double.NaN;
      }
      full.sort(null);
      int mid = full.size() / 2;
      return full.size() % 2 == 1 ? full.get(mid) : (full.get(mid - 1) + full.get(mid)) / 2.0;
    }

    /** CPU cores that other processes (not valbench, not this JVM) used on average meanwhile. */
    double otherCores() {
      double other = measured.machineBusySeconds() - measured.cpuSeconds() - serverCpuSeconds;
      return Math.max(0, other) / measured.wallSeconds();
    }

    double inferenceSeconds() {
      return measured.inferenceSeconds(inferenceSteps);
    }

    double requestsPerSecond() {
      double s = inferenceSeconds();
      return s > 0 ? requests / s : Double.NaN;
    }

    double cpuPerThousand() {
      return requests > 0 ? measured.cpuSeconds() * 1000.0 / requests : Double.NaN;
    }

    /** CPU seconds per 1,000 requests during the generate/judge steps only. */
    double stepCpuPerThousand() {
      return requests > 0 ? measured.cpuSeconds(inferenceSteps) * 1000.0 / requests : Double.NaN;
    }
  }

  /** Everything measured for one run. */
  record RunResult(
      RunSpec spec,
      Command responses,
      Command evaluate,
      Command responsesRerun,
      Command evaluateRerun,
      long cacheBytes,
      int maxInFlight,
      long serverErrors,
      List<String> problems) {
    double efficiency(Command c) {
      return efficiency(c.requestsPerSecond());
    }

    double efficiency(double requestsPerSecond) {
      if (spec.latencyMillis() == 0) {
        return Double.NaN;
      }
      return requestsPerSecond / (spec.batchSize() * 1000.0 / spec.latencyMillis());
    }

    /** The highest peak RSS of the four commands (the cached reruns load whole checkpoints too). */
    long peakRssKb() {
      return Stream.of(responses, evaluate, responsesRerun, evaluateRerun)
          .mapToLong(c -> c.measured().peakRssKb())
          .max()
          .orElse(-1);
    }

    double rerunSeconds() {
      return responsesRerun.measured().wallSeconds() + evaluateRerun.measured().wallSeconds();
    }

    long rerunRequests() {
      return responsesRerun.requests() + evaluateRerun.requests();
    }

    Optional<Double> reportSeconds() {
      return evaluate.measured().step("report").map(ValbenchProcess.Step::seconds);
    }
  }

  /** Settings from the command line. */
  private record Options(
      List<RunSpec> runs,
      String server,
      boolean jfr,
      boolean keep,
      Path workRoot,
      Optional<Path> results,
      long seed,
      double quietWait,
      int answerChars) {}

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("--compare")) {
      compare(Arrays.copyOfRange(args, 1, args.length));
      return;
    }
    Options options;
    try {
      options = parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("bench: " + e.getMessage());
      System.err.print(USAGE);
      System.exit(2);
      return;
    }
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String flags = System.getProperty("valbench.bench.jvmFlags", "");
    List<String> jvmFlags =
        Arrays.stream(flags.trim().split("\\s+")).filter(s -> !s.isEmpty()).toList();
    String classpath =
        System.getProperty("valbench.bench.classpath", System.getProperty("java.class.path"));
    ValbenchProcess valbench = new ValbenchProcess(java, jvmFlags, classpath);

    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    String machine = machine();
    out.println("valbench scale benchmark");
    out.println(machine);
    out.println("valbench JVM: " + java + " " + String.join(" ", jvmFlags));
    out.println(
        "runs: "
            + options.runs().stream().map(RunSpec::name).toList()
            + ", server "
            + options.server()
            + (options.answerChars() > 0
                ? ", candidate answers padded to " + options.answerChars() + " characters"
                : ""));
    out.println();

    List<RunResult> results = new ArrayList<>();
    for (RunSpec spec : options.runs()) {
      RunResult result = run(spec, options, valbench);
      results.add(result);
      out.print(table(result));
      out.println();
    }
    String summary = targets(results);
    out.print(summary);
    if (options.results().isPresent()) {
      Path file = options.results().get();
      if (file.toAbsolutePath().getParent() != null) {
        Files.createDirectories(file.toAbsolutePath().getParent());
      }
      Files.writeString(file, markdown(results, machine, args, summary), StandardCharsets.UTF_8);
      out.println("results written to " + file);
    }
    boolean failed = results.stream().anyMatch(r -> !r.problems().isEmpty());
    System.exit(failed ? 1 : 0);
  }

  /** {@code scripts/bench --compare [RUNSxSIZE]}: the compare case alone (see CompareBenchmark). */
  private static void compare(String[] args) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> jvmFlags =
        Arrays.stream(System.getProperty("valbench.bench.jvmFlags", "").trim().split("\\s+"))
            .filter(s -> !s.isEmpty())
            .toList();
    String classpath =
        System.getProperty("valbench.bench.classpath", System.getProperty("java.class.path"));
    CompareBenchmark.main(
        args,
        new ValbenchProcess(java, jvmFlags, classpath),
        Path.of(System.getProperty("java.io.tmpdir", "/tmp")));
  }

  private static RunResult run(RunSpec spec, Options options, ValbenchProcess valbench)
      throws IOException, InterruptedException {
    Files.createDirectories(options.workRoot());
    Path work =
        Files.createTempDirectory(
            options.workRoot(),
            "valbench-bench-" + sizeName(spec.size()) + "-L" + spec.latencyMillis() + "-");
    log("[" + spec.name() + "] work dir " + work);
    long genStart = System.nanoTime();
    SyntheticPairs.write(work.resolve("pairs.jsonl"), spec.size(), options.seed());
    log(
        String.format(
            Locale.ROOT,
            "[%s] wrote pairs.jsonl (%s) in %.1f s",
            spec.name(),
            mib(Files.size(work.resolve("pairs.jsonl"))),
            (System.nanoTime() - genStart) / 1e9));
    List<String> problems = new ArrayList<>();
    try (BenchServer server =
        BenchServer.start(options.server(), spec.latencyMillis(), options.answerChars())) {
      String url = server.baseUrl();
      String batch = Integer.toString(spec.batchSize());
      String[] responses = {
        "responses",
        "--protocol",
        "valbench",
        "--model-id",
        MODEL,
        "--inference-url",
        url,
        "--dataset-id",
        "pairs.jsonl",
        "--batch-size",
        batch,
        "--output-dataset-path",
        "out"
      };
      String[] evaluate = {
        "evaluate",
        "--protocol",
        "valbench",
        "--responses-ds-path",
        "out-" + MODEL,
        "--judge-model-id",
        JUDGE,
        "--inference-url",
        url,
        "--batch-size",
        batch,
        "--output-dataset-path",
        "out-" + MODEL
      };
      Command r1 =
          command(valbench, server, work, "responses", GENERATE_STEPS, options, spec, responses);
      Command e1 =
          command(valbench, server, work, "evaluate", JUDGE_STEPS, options, spec, evaluate);
      long cacheBytes = cacheBytes(work.resolve("local_data"));
      Command r2 =
          command(
              valbench, server, work, "responses-rerun", GENERATE_STEPS, options, spec, responses);
      Command e2 =
          command(valbench, server, work, "evaluate-rerun", JUDGE_STEPS, options, spec, evaluate);
      for (Command c : List.of(r1, e1, r2, e2)) {
        if (c.measured().exitCode() != 0) {
          problems.add(
              c.measured().label()
                  + " exited "
                  + c.measured().exitCode()
                  + ": "
                  + tail(c.measured().stderr()));
        }
      }
      expect(problems, "responses requests", r1.requests(), 2L * spec.size());
      expect(problems, "evaluate requests", e1.requests(), spec.size());
      expect(problems, "requests of the cached rerun", r2.requests() + e2.requests(), 0);
      expect(problems, "server errors", server.errors(), 0);
      RunResult result =
          new RunResult(
              spec, r1, e1, r2, e2, cacheBytes, server.maxInFlight(), server.errors(), problems);
      if (!options.keep() && problems.isEmpty()) {
        deleteOutputs(work);
        log(
            "["
                + spec.name()
                + "] deleted the outputs; the logs"
                + (options.jfr() ? " and JFR files" : "")
                + " stay in "
                + work);
      } else {
        log("[" + spec.name() + "] kept " + work);
      }
      return result;
    }
  }

  private static Command command(
      ValbenchProcess valbench,
      BenchServer server,
      Path work,
      String label,
      List<String> inferenceSteps,
      Options options,
      RunSpec spec,
      String... args)
      throws IOException, InterruptedException {
    List<String> extra =
        options.jfr()
            ? List.of(
                "-XX:StartFlightRecording=filename="
                    + work.resolve(label + ".jfr")
                    + ",dumponexit=true,settings=profile")
            : List.of();
    if (options.quietWait() > 0) {
      double waited = ValbenchProcess.waitForQuiet(QUIET_CORES, options.quietWait());
      if (waited >= options.quietWait()) {
        log(
            String.format(
                Locale.ROOT,
                "[%s] the machine is still busy after %.0f s; measuring anyway",
                spec.name(),
                waited));
      } else if (waited > 4) {
        log(
            String.format(
                Locale.ROOT, "[%s] waited %.0f s for the machine to be idle", spec.name(), waited));
      }
    }
    long before = server.candidateRequests() + server.judgeRequests();
    int firstSecond = server.second();
    double serverCpuBefore = ValbenchProcess.ownCpuSeconds();
    log("[" + spec.name() + "] " + label + " ...");
    ValbenchProcess.Measured m = valbench.run(work, label, extra, args);
    long requests = server.candidateRequests() + server.judgeRequests() - before;
    double serverCpu = ValbenchProcess.ownCpuSeconds() - serverCpuBefore;
    long[] all = server.answeredPerSecond();
    long[] perSecond = all.length == 0 ? all : Arrays.copyOfRange(all, firstSecond, all.length);
    Command c = new Command(m, requests, serverCpu, inferenceSteps, perSecond);
    log(
        String.format(
            Locale.ROOT,
            "[%s] %s: exit %d, %.1f s, %d requests, CPU %.1f s, peak RSS %s, other load %.2f cores",
            spec.name(),
            label,
            m.exitCode(),
            m.wallSeconds(),
            requests,
            m.cpuSeconds(),
            rss(m.peakRssKb()),
            c.otherCores()));
    return c;
  }

  private static void expect(List<String> problems, String what, long actual, long expected) {
    if (actual != expected) {
      problems.add(what + ": " + actual + ", expected " + expected);
    }
  }

  // ---------------------------------------------------------------- output

  static String table(RunResult r) {
    StringBuilder t = new StringBuilder();
    RunSpec s = r.spec();
    t.append("== ").append(s.name()).append(" ==\n");
    t.append(
        String.format(
            Locale.ROOT,
            "%-16s %4s %7s %8s %8s %7s %7s %7s %7s %7s %7s %8s %9s %9s %6s%n",
            "command",
            "exit",
            "wall s",
            "requests",
            "infer s",
            "req/s",
            "eff",
            "steady",
            "eff",
            "CPU s",
            "CPU/1k",
            "infer/1k",
            "peak RSS",
            "heap/GC",
            "other"));
    for (Command c : List.of(r.responses(), r.evaluate(), r.responsesRerun(), r.evaluateRerun())) {
      ValbenchProcess.Measured m = c.measured();
      boolean rerun = m.label().endsWith("rerun");
      t.append(
          String.format(
              Locale.ROOT,
              "%-16s %4d %7.1f %8d %8s %7s %7s %7s %7s %7.1f %7s %8s %9s %9s %6.2f%n",
              m.label(),
              m.exitCode(),
              m.wallSeconds(),
              c.requests(),
              rerun ? "-" : fmt("%.1f", c.inferenceSeconds()),
              rerun ? "-" : fmt("%.0f", c.requestsPerSecond()),
              rerun ? "-" : percent(r.efficiency(c)),
              rerun ? "-" : fmt("%.0f", c.steadyRequestsPerSecond()),
              rerun ? "-" : percent(r.efficiency(c.steadyRequestsPerSecond())),
              m.cpuSeconds(),
              rerun ? "-" : fmt("%.2f", c.cpuPerThousand()),
              rerun ? "-" : fmt("%.2f", c.stepCpuPerThousand()),
              rss(m.peakRssKb()),
              heap(m.maxHeapAfterGcMb()),
              c.otherCores()));
    }
    t.append(
        String.format(
            Locale.ROOT,
            "N/L = %s req/s; \"infer s\" = the inference windows (first request to last answer,"
                + " from each run's final progress line) of generate-for + generate-against"
                + " (responses) or judge (evaluate); steady = median req/s over full seconds"
                + " at the server; CPU, CPU/1k = the whole command's JVM; infer/1k = CPU s per 1,000"
                + " requests in the generate/judge steps only; other = CPU cores other processes used"
                + " meanwhile.%n",
            s.latencyMillis() == 0
                ? "unbounded"
                : fmt("%.0f", s.batchSize() * 1000.0 / s.latencyMillis())));
    t.append(
        String.format(
            Locale.ROOT,
            "cache.sqlite %s; fully cached rerun of both commands %.1f s (%d requests sent);"
                + " step report %s (rerun %s)%n",
            mib(r.cacheBytes()),
            r.rerunSeconds(),
            r.rerunRequests(),
            r.reportSeconds().map(x -> fmt("%.2f s", x)).orElse("-"),
            r.evaluateRerun()
                .measured()
                .step("report")
                .map(x -> fmt("%.2f s", x.seconds()))
                .orElse("-")));
    t.append(
        String.format(
            Locale.ROOT,
            "server: max %d requests in flight, %d errors, CPU %.1f s (responses) + %.1f s (evaluate)%n",
            r.maxInFlight(),
            r.serverErrors(),
            r.responses().serverCpuSeconds(),
            r.evaluate().serverCpuSeconds()));
    for (Command c : List.of(r.responses(), r.evaluate(), r.responsesRerun(), r.evaluateRerun())) {
      t.append("steps ").append(c.measured().label()).append(": ");
      t.append(
          String.join(
              ", ",
              c.measured().steps().stream()
                  .map(
                      st ->
                          st.name()
                              + (st.cached() ? " (cached) " : " ")
                              + fmt("%.2f", st.seconds()))
                  .toList()));
      t.append('\n');
    }
    for (Command c : List.of(r.responses(), r.evaluate())) {
      t.append("req/s by second, ")
          .append(c.measured().label())
          .append(": ")
          .append(ramp(c.perSecond()))
          .append('\n');
    }
    for (String problem : r.problems()) {
      t.append("PROBLEM: ").append(problem).append('\n');
    }
    return t.toString();
  }

  /**
   * The targets, PASS/MISS with the figure measured: >= 95% of N/L at N=128 and L=100 ms; >= 1,000
   * req/s against a 0 ms server; peak RSS flat across sizes and <= 1 GiB at 115K; a fully cached
   * rerun of 115K in < 30 s sending nothing; reports for 115K judged rows in < 15 s.
   */
  static String targets(List<RunResult> results) {
    StringBuilder t = new StringBuilder("== targets ==\n");
    // 1. >= 95% of N/L at N=128, L=100 ms.
    for (RunResult r : results) {
      if (r.spec().batchSize() == EFFICIENCY_BATCH
          && r.spec().latencyMillis() == EFFICIENCY_LATENCY) {
        double er = r.efficiency(r.responses());
        double ee = r.efficiency(r.evaluate());
        line(
            t,
            ">= 95% of N/L (N=128, L=100 ms), " + sizeName(r.spec().size()),
            "responses " + percent(er) + ", evaluate " + percent(ee),
            Math.min(er, ee) >= 0.95);
      }
    }
    // 2. >= 1,000 req/s against a 0 ms server with the cache on.
    for (RunResult r : results) {
      if (r.spec().latencyMillis() == 0) {
        double rr = r.responses().requestsPerSecond();
        double re = r.evaluate().requestsPerSecond();
        line(
            t,
            ">= 1,000 req/s at L=0, " + sizeName(r.spec().size()) + " N=" + r.spec().batchSize(),
            "responses " + fmt("%.0f", rr) + ", evaluate " + fmt("%.0f", re),
            Math.min(rr, re) >= 1000);
      }
    }
    // 3. Peak RSS flat from the smallest to the largest size (same L and N), <= 1 GiB at 115K.
    List<RunResult> bySize =
        results.stream().sorted(Comparator.comparingInt((RunResult r) -> r.spec().size())).toList();
    for (RunResult large : bySize) {
      Optional<RunResult> small =
          bySize.stream()
              .filter(
                  r ->
                      r.spec().latencyMillis() == large.spec().latencyMillis()
                          && r.spec().batchSize() == large.spec().batchSize()
                          && r.spec().size() < large.spec().size())
              .findFirst();
      boolean largest =
          bySize.stream()
              .noneMatch(
                  r ->
                      r.spec().size() > large.spec().size()
                          && r.spec().latencyMillis() == large.spec().latencyMillis()
                          && r.spec().batchSize() == large.spec().batchSize());
      if (small.isPresent() && largest) {
        double ratio = large.peakRssKb() / (double) small.get().peakRssKb();
        line(
            t,
            "peak RSS flat "
                + sizeName(small.get().spec().size())
                + " -> "
                + sizeName(large.spec().size())
                + " (<= "
                + FLAT_RATIO
                + "x)",
            rss(small.get().peakRssKb()) + " -> " + rss(large.peakRssKb()) + fmt(" (%.2fx)", ratio),
            ratio <= FLAT_RATIO);
      }
    }
    List<RunResult> full = results.stream().filter(r -> r.spec().size() >= FULL_SIZE).toList();
    for (RunResult r : full) {
      line(
          t,
          "peak RSS <= 1 GiB at " + sizeName(r.spec().size()),
          rss(r.peakRssKb()),
          r.peakRssKb() > 0 && r.peakRssKb() <= GIB_KB);
    }
    // 4. Fully cached rerun of 115K < 30 s (and nothing sent).
    for (RunResult r : results) {
      line(
          t,
          "cached rerun sends nothing, " + sizeName(r.spec().size()),
          r.rerunRequests() + " requests",
          r.rerunRequests() == 0);
    }
    for (RunResult r : full) {
      line(
          t,
          "fully cached rerun < 30 s, " + sizeName(r.spec().size()),
          fmt("%.1f s", r.rerunSeconds()),
          r.rerunSeconds() < 30);
    }
    // 5. Reports for 115K judged rows < 15 s.
    for (RunResult r : full) {
      double report = r.reportSeconds().orElse(Double.NaN);
      line(
          t,
          "step report < 15 s, " + sizeName(r.spec().size()),
          fmt("%.2f s", report),
          report < 15);
    }
    if (full.isEmpty()) {
      t.append(
          "(no run of >= 115K pairs: the RSS ceiling, cached-rerun and report targets are not"
              + " checked)\n");
    }
    return t.toString();
  }

  /** The requests answered in each second, from the first busy one: 12 shown, then the rest. */
  static String ramp(long[] perSecond) {
    int first = 0;
    while (first < perSecond.length && perSecond[first] == 0) {
      first++;
    }
    int last = perSecond.length - 1;
    while (last >= first && perSecond[last] == 0) {
      last--;
    }
    if (first > last) {
      return "-";
    }
    StringBuilder text = new StringBuilder();
    for (int i = first; i <= Math.min(last, first + 11); i++) {
      text.append(perSecond[i]).append(' ');
    }
    if (last > first + 11) {
      long rest = 0;
      for (int i = first + 12; i <= last; i++) {
        rest += perSecond[i];
      }
      text.append(
          String.format(
              Locale.ROOT,
              "... then %d more seconds at %.0f/s on average",
              last - first - 11,
              rest / (double) (last - first - 11)));
    }
    return text.toString().strip();
  }

  private static void line(StringBuilder t, String target, String measured, boolean pass) {
    t.append(
        String.format(Locale.ROOT, "%-48s %-36s %s%n", target, measured, pass ? "PASS" : "MISS"));
  }

  static String markdown(List<RunResult> results, String machine, String[] args, String summary) {
    StringBuilder md = new StringBuilder("# valbench scale benchmark: last results\n\n");
    md.append("Written by `scripts/bench")
        .append(args.length == 0 ? "" : " " + String.join(" ", args))
        .append("` (see `src/test/java/org/valbench/bench/ScaleBenchmark.java`).\n\n");
    md.append("Machine: ").append(machine.replace("\n", "; ")).append("\n\n");
    md.append(
        "| run | command | wall s | requests | infer s | req/s | eff vs N/L | steady req/s |"
            + " steady eff | CPU s | CPU s / 1k req | infer CPU s / 1k req | peak RSS | heap after GC |"
            + " other load |\n");
    md.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (RunResult r : results) {
      for (Command c :
          List.of(r.responses(), r.evaluate(), r.responsesRerun(), r.evaluateRerun())) {
        ValbenchProcess.Measured m = c.measured();
        boolean rerun = m.label().endsWith("rerun");
        md.append(
            String.format(
                Locale.ROOT,
                "| %s | %s | %.1f | %d | %s | %s | %s | %s | %s | %.1f | %s | %s | %s | %s | %.2f |%n",
                r.spec().name(),
                m.label(),
                m.wallSeconds(),
                c.requests(),
                rerun ? "-" : fmt("%.1f", c.inferenceSeconds()),
                rerun ? "-" : fmt("%.0f", c.requestsPerSecond()),
                rerun ? "-" : percent(r.efficiency(c)),
                rerun ? "-" : fmt("%.0f", c.steadyRequestsPerSecond()),
                rerun ? "-" : percent(r.efficiency(c.steadyRequestsPerSecond())),
                m.cpuSeconds(),
                rerun ? "-" : fmt("%.2f", c.cpuPerThousand()),
                rerun ? "-" : fmt("%.2f", c.stepCpuPerThousand()),
                rss(m.peakRssKb()),
                heap(m.maxHeapAfterGcMb()),
                c.otherCores()));
      }
    }
    md.append(
        "\n| run | cache.sqlite | cached rerun (both commands) | step report | max in flight |\n");
    md.append("|---|---:|---:|---:|---:|\n");
    for (RunResult r : results) {
      md.append(
          String.format(
              Locale.ROOT,
              "| %s | %s | %.1f s, %d requests | %s | %d |%n",
              r.spec().name(),
              mib(r.cacheBytes()),
              r.rerunSeconds(),
              r.rerunRequests(),
              r.reportSeconds().map(x -> fmt("%.2f s", x)).orElse("-"),
              r.maxInFlight()));
    }
    md.append(
        "\n\"infer s\" is the sum of the inference windows of generate-for and generate-against"
            + " (responses) or judge (evaluate): from the first request to the last answer, i.e."
            + " requests divided by the req/s of each run's final progress line; req/s and"
            + " efficiency use it (the targets are checked on these). The steps' reading of their"
            + " input and writing of their output are outside it and listed under Step times. \"steady\" is the median of the"
            + " requests the fake server answered per full second during the command (a median, so"
            + " the slow first seconds of a cold JVM barely move it). CPU and peak RSS (VmHWM) are"
            + " the whole valbench JVM's, for the whole command; \"heap after GC\" is the largest"
            + " heap occupancy right after a collection (from -Xlog:gc), an upper bound of the"
            + " live data; \"infer CPU\" counts only the"
            + " generate/judge steps (CPU sampled at their start and end lines). \"other load\" is the CPU (in cores, averaged over the command) that"
            + " processes other than valbench and the benchmark's fake server used: on a shared"
            + " machine it explains slow figures.\n\n");
    md.append("Step times:\n\n");
    for (RunResult r : results) {
      for (Command c :
          List.of(r.responses(), r.evaluate(), r.responsesRerun(), r.evaluateRerun())) {
        md.append("- ")
            .append(r.spec().name())
            .append(", ")
            .append(c.measured().label())
            .append(": ")
            .append(
                String.join(
                    ", ",
                    c.measured().steps().stream()
                        .map(
                            st ->
                                st.name()
                                    + (st.cached() ? " (cached) " : " ")
                                    + fmt("%.2f", st.seconds()))
                        .toList()))
            .append('\n');
      }
    }
    md.append("\n## Targets\n\n```\n").append(summary).append("```\n");
    return md.toString();
  }

  // ---------------------------------------------------------------- helpers

  static String machine() {
    String cpu = "unknown CPU";
    String mem = "unknown RAM";
    try {
      cpu =
          Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
              .filter(l -> l.startsWith("model name"))
              .findFirst()
              .map(l -> l.substring(l.indexOf(':') + 1).trim())
              .orElse(cpu);
      mem =
          Files.readAllLines(Path.of("/proc/meminfo")).stream()
              .filter(l -> l.startsWith("MemTotal:"))
              .findFirst()
              .map(
                  l ->
                      fmt(
                          "%.1f GiB RAM",
                          Long.parseLong(l.replaceAll("[^0-9]", "")) / (1024.0 * 1024.0)))
              .orElse(mem);
    } catch (IOException e) {
      // Not Linux: keep the placeholders.
    }
    return String.format(
        Locale.ROOT,
        "%d CPUs (nproc), %s, %s; JDK %s (%s); %s %s; %s",
        Runtime.getRuntime().availableProcessors(),
        mem,
        cpu,
        System.getProperty("java.runtime.version"),
        System.getProperty("java.vendor"),
        System.getProperty("os.name"),
        System.getProperty("os.version"),
        ZonedDateTime.now()
            .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME)
            .replaceAll("\\.\\d+", ""));
  }

  private static Options parse(String[] args) {
    long latency = 100;
    int batch = 128;
    String server = "fast";
    boolean jfr = false;
    boolean keep = false;
    Path workRoot = Path.of(System.getProperty("java.io.tmpdir", "/tmp"));
    Optional<Path> results = Optional.empty();
    long seed = 1;
    double quietWait = 120;
    int answerChars = 0;
    List<String> runSpecs = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      switch (a) {
        case "--sizes" -> runSpecs.addAll(Arrays.asList(value(args, ++i, a).split(",")));
        case "--latency-ms" -> latency = Long.parseLong(value(args, ++i, a));
        case "--batch-size" -> batch = Integer.parseInt(value(args, ++i, a));
        case "--server" -> server = value(args, ++i, a);
        case "--jfr" -> jfr = true;
        case "--keep" -> keep = true;
        case "--work-root" -> workRoot = Path.of(value(args, ++i, a));
        case "--results" -> results = Optional.of(Path.of(value(args, ++i, a)));
        case "--seed" -> seed = Long.parseLong(value(args, ++i, a));
        case "--quiet-wait" -> quietWait = Double.parseDouble(value(args, ++i, a));
        case "--answer-chars" -> answerChars = Integer.parseInt(value(args, ++i, a));
        case "-h", "--help" -> {
          System.out.print(USAGE);
          System.exit(0);
        }
        default -> {
          if (a.startsWith("-")) {
            throw new IllegalArgumentException("unknown option " + a);
          }
          runSpecs.add(a);
        }
      }
    }
    if (!server.equals("fast") && !server.equals("jdk")) {
      throw new IllegalArgumentException("--server must be fast or jdk");
    }
    if (runSpecs.isEmpty()) {
      runSpecs = List.of("1K", "10K", "115K", "10K:0");
    }
    List<RunSpec> runs = new ArrayList<>();
    for (String spec : runSpecs) {
      String[] parts = spec.trim().split(":");
      int size = size(parts[0]);
      long l = parts.length > 1 ? Long.parseLong(parts[1]) : latency;
      int n = parts.length > 2 ? Integer.parseInt(parts[2]) : batch;
      if (size < 1 || l < 0 || n < 1 || parts.length > 3) {
        throw new IllegalArgumentException("bad run " + spec + " (SIZE[:LATENCY_MS[:BATCH]])");
      }
      runs.add(new RunSpec(size, l, n));
    }
    return new Options(runs, server, jfr, keep, workRoot, results, seed, quietWait, answerChars);
  }

  private static String value(String[] args, int i, String option) {
    if (i >= args.length) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return args[i];
  }

  static int size(String text) {
    String t = text.trim().toUpperCase(Locale.ROOT).replace("_", "").replace(",", "");
    try {
      return t.endsWith("K")
          ? Math.toIntExact(Math.round(Double.parseDouble(t.substring(0, t.length() - 1)) * 1000))
          : Integer.parseInt(t);
    } catch (NumberFormatException | ArithmeticException e) {
      throw new IllegalArgumentException("bad size " + text, e);
    }
  }

  static String sizeName(int size) {
    return size % 1000 == 0 ? size / 1000 + "K" : Integer.toString(size);
  }

  private static long cacheBytes(Path localData) throws IOException {
    long total = 0;
    for (String name : List.of("cache.sqlite", "cache.sqlite-wal", "cache.sqlite-shm")) {
      Path file = localData.resolve(name);
      if (Files.exists(file)) {
        total += Files.size(file);
      }
    }
    return total;
  }

  private static String tail(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    return String.join(" | ", lines.subList(Math.max(0, lines.size() - 3), lines.size()));
  }

  /**
   * Deletes everything in a work dir but the commands' logs ({@code *.out}, {@code *.err}) and JFR
   * files.
   */
  private static void deleteOutputs(Path root) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        String name = p.getFileName().toString();
        boolean log =
            p.getParent().equals(root)
                && (name.endsWith(".out") || name.endsWith(".err") || name.endsWith(".jfr"));
        if (!p.equals(root) && !log) {
          Files.delete(p);
        }
      }
    }
  }

  private static void log(String message) {
    System.err.println(message);
  }

  static String fmt(String format, double value) {
    return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, format, value);
  }

  static String percent(double fraction) {
    return Double.isNaN(fraction) ? "-" : String.format(Locale.ROOT, "%.1f%%", fraction * 100);
  }

  static String heap(long mb) {
    return mb < 0 ? "-" : mb + " MiB";
  }

  static String rss(long kb) {
    return kb < 0 ? "-" : String.format(Locale.ROOT, "%.0f MiB", kb / 1024.0);
  }

  static String mib(long bytes) {
    return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024.0));
  }
}
