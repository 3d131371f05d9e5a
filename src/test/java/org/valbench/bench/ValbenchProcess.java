package org.valbench.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs one valbench command as its own JVM (so its CPU time and memory are its own) and measures
 * it: wall time; CPU time exactly, from this process's {@code cutime + cstime} in {@code
 * /proc/self/stat} (the JDK reaps the child, which adds its whole CPU time there), with the last
 * {@code /proc/<pid>/stat} sample as a fallback; peak RSS from {@code VmHWM} in {@code
 * /proc/<pid>/status}, sampled every 50 ms (a high-water mark, so only growth in the last 50 ms
 * before exit could be missed); and the {@code step <name>: ran|cached, N rows, X s} lines it
 * prints on stderr.
 */
final class ValbenchProcess {
  private static final long CLOCK_TICKS = 100; // USER_HZ on Linux
  private static final Pattern STEP =
      Pattern.compile("^step (\\S+): (ran|cached), (\\d+) rows, ([0-9.]+) s", Pattern.MULTILINE);

  /**
   * The last progress line of an inference run: "judge: done in 1m30s. 115000/115000 (100%) ..."
   */
  static final Pattern DONE =
      Pattern.compile(
          "^(\\S+): done in \\S+\\. (\\d+)/\\d+ \\([0-9.]+%\\) ([0-9.]+) req/s", Pattern.MULTILINE);

  /** One step line: name, reused from a checkpoint or not, rows, seconds. */
  record Step(String name, boolean cached, long rows, double seconds) {}

  /** What one command did and cost. {@code peakRssKb} is -1 when it could not be read. */
  record Measured(
      String label,
      int exitCode,
      double wallSeconds,
      double cpuSeconds,
      long peakRssKb,
      double machineBusySeconds,
      List<Step> steps,
      long maxHeapAfterGcMb,
      Map<String, Double> inferenceWindows,
      Map<String, Double> stepCpuSeconds,
      Path stdout,
      Path stderr) {
    Optional<Step> step(String name) {
      return steps.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    /** Seconds of the named steps that ran (e.g. generate-for + generate-against). */
    double seconds(List<String> names) {
      return steps.stream().filter(s -> names.contains(s.name())).mapToDouble(Step::seconds).sum();
    }

    /**
     * Seconds from the first request to the last answer of the named steps' inference runs (from
     * their final progress lines: requests / req/s); a step without one counts its step time.
     */
    double inferenceSeconds(List<String> names) {
      double total = 0;
      for (String name : names) {
        Double window = inferenceWindows.get(name);
        total += window != null ? window : seconds(List.of(name));
      }
      return total;
    }

    /** CPU seconds of the named steps (sampled at their start and end lines); NaN if unknown. */
    double cpuSeconds(List<String> names) {
      double total = 0;
      for (String name : names) {
        Double cpu = stepCpuSeconds.get(name);
        if (cpu == null) {
          return Double.NaN;
        }
        total += cpu;
      }
      return total;
    }
  }

  private final String java;
  private final List<String> jvmFlags;
  private final String classpath;

  ValbenchProcess(String java, List<String> jvmFlags, String classpath) {
    this.java = java;
    this.jvmFlags = List.copyOf(jvmFlags);
    this.classpath = classpath;
  }

  /**
   * Runs {@code valbench args...} in {@code workDir}; stdout and stderr go to {@code <label>.out} /
   * {@code <label>.err} there. {@code extraFlags} are added to the JVM flags (JFR).
   */
  Measured run(Path workDir, String label, List<String> extraFlags, String... args)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(java);
    command.addAll(jvmFlags);
    command.addAll(extraFlags);
    Path gcLog = workDir.resolve(label + ".gc.log");
    command.add("-Xlog:gc:file=" + gcLog);
    command.add("-cp");
    command.add(classpath);
    command.add("org.valbench.cli.Main");
    command.addAll(List.of(args));
    Path stdout = workDir.resolve(label + ".out");
    Path stderr = workDir.resolve(label + ".err");
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(workDir.toFile())
            .redirectOutput(stdout.toFile())
            .redirectError(stderr.toFile());
    Map<String, String> env = builder.environment();
    env.remove("OPENAI_BASE_URL");
    env.remove("OPENAI_API_KEY");

    long childCpuBefore = childrenCpuTicks();
    long machineBefore = machineBusyTicks();
    long start = System.nanoTime();
    Process process = builder.start();
    Sampler sampler = new Sampler(process.pid(), stderr);
    Thread sampling =
        Thread.ofPlatform().daemon(true).name("rss-sampler").start(() -> sampler.loop(process));
    int exit = process.waitFor();
    double wall = (System.nanoTime() - start) / 1e9;
    double machineBusy = (machineBusyTicks() - machineBefore) / (double) CLOCK_TICKS;
    sampling.join();
    long reaped = childrenCpuTicks() - childCpuBefore;
    double cpu = (reaped > 0 ? reaped : sampler.cpuTicks) / (double) CLOCK_TICKS;
    String err = Files.readString(stderr, StandardCharsets.UTF_8);
    return new Measured(
        label,
        exit,
        wall,
        cpu,
        sampler.peakKb,
        machineBusy,
        steps(err),
        maxHeapAfterGcMb(gcLog),
        inferenceWindows(err),
        Map.copyOf(sampler.stepCpu),
        stdout,
        stderr);
  }

  /**
   * The largest heap occupancy right after a collection, in MiB, from a {@code -Xlog:gc} file ("...
   * 617M->226M(708M) ..."): an upper bound of the live data (old garbage may remain until a
   * concurrent cycle); -1 when the log has no collection.
   */
  static long maxHeapAfterGcMb(Path gcLog) throws IOException {
    if (!Files.isRegularFile(gcLog)) {
      return -1;
    }
    long max = -1;
    Matcher m = GC_AFTER.matcher(Files.readString(gcLog));
    while (m.find()) {
      max = Math.max(max, Long.parseLong(m.group(1)));
    }
    return max;
  }

  private static final Pattern GC_AFTER = Pattern.compile("\\d+M->(\\d+)M\\(\\d+M\\)");

  /** Per inference label, its requests divided by its final req/s: the inference window. */
  static Map<String, Double> inferenceWindows(String stderr) {
    Map<String, Double> windows = new HashMap<>();
    Matcher m = DONE.matcher(stderr);
    while (m.find()) {
      double rate = Double.parseDouble(m.group(3));
      if (rate > 0) {
        windows.put(m.group(1), Long.parseLong(m.group(2)) / rate);
      }
    }
    return Map.copyOf(windows);
  }

  static List<Step> steps(String stderr) {
    List<Step> steps = new ArrayList<>();
    Matcher m = STEP.matcher(stderr);
    while (m.find()) {
      steps.add(
          new Step(
              m.group(1),
              m.group(2).equals("cached"),
              Long.parseLong(m.group(3)),
              Double.parseDouble(m.group(4))));
    }
    return steps;
  }

  /**
   * Samples a process's VmHWM and CPU until it exits, and follows its stderr: the CPU used between
   * a {@code step X: started} line and that step's end line is the step's CPU (to the 50 ms of the
   * sampling).
   */
  private static final class Sampler {
    private static final Pattern STARTED = Pattern.compile("^step (\\S+): started");
    private static final Pattern ENDED = Pattern.compile("^step (\\S+): (ran|cached),");

    private final long pid;
    private final Path stderr;
    private final Map<String, Long> stepStart = new HashMap<>();
    final Map<String, Double> stepCpu = new ConcurrentHashMap<>();
    private long stderrRead;
    private final StringBuilder partial = new StringBuilder();
    volatile long peakKb = -1;
    volatile long cpuTicks;

    Sampler(long pid, Path stderr) {
      this.pid = pid;
      this.stderr = stderr;
    }

    /** Reads the stderr written since the last call and times the steps it starts and ends. */
    private void followSteps() throws IOException {
      long size = Files.size(stderr);
      if (size <= stderrRead) {
        return;
      }
      try (var channel = Files.newByteChannel(stderr)) {
        channel.position(stderrRead);
        ByteBuffer buffer = ByteBuffer.allocate((int) (size - stderrRead));
        while (buffer.hasRemaining() && channel.read(buffer) > 0) {
          // Read up to what was there.
        }
        stderrRead += buffer.position();
        partial.append(new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8));
      }
      int newline;
      while ((newline = partial.indexOf("\n")) >= 0) {
        String line = partial.substring(0, newline);
        partial.delete(0, newline + 1);
        Matcher started = STARTED.matcher(line);
        Matcher ended = ENDED.matcher(line);
        if (started.find()) {
          stepStart.put(started.group(1), cpuTicks);
        } else if (ended.find() && stepStart.containsKey(ended.group(1))) {
          stepCpu.put(
              ended.group(1), (cpuTicks - stepStart.get(ended.group(1))) / (double) CLOCK_TICKS);
        }
      }
    }

    void loop(Process process) {
      Path status = Path.of("/proc", Long.toString(pid), "status");
      Path stat = Path.of("/proc", Long.toString(pid), "stat");
      while (process.isAlive()) {
        try {
          Map<String, Long> values = statusKb(Files.readString(status));
          long hwm = values.getOrDefault("VmHWM", values.getOrDefault("VmRSS", -1L));
          if (hwm > peakKb) {
            peakKb = hwm;
          }
          long[] fields = statFields(Files.readString(stat));
          cpuTicks = fields[13] + fields[14]; // utime + stime
          followSteps();
        } catch (IOException | RuntimeException e) {
          // The process is exiting; keep the last sample.
        }
        try {
          Thread.sleep(50);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  private static Map<String, Long> statusKb(String status) {
    Map<String, Long> values = new LinkedHashMap<>();
    for (String line : status.split("\n")) {
      if (line.startsWith("Vm") && line.endsWith(" kB")) {
        int colon = line.indexOf(':');
        values.put(
            line.substring(0, colon),
            Long.parseLong(line.substring(colon + 1, line.length() - 3).trim()));
      }
    }
    return values;
  }

  /** The numeric fields of a {@code /proc/.../stat} line, indexed from 0 as in proc(5) minus 1. */
  private static long[] statFields(String stat) {
    // The command name (field 2) may hold spaces; everything after its ')' is space-separated.
    String[] rest = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
    long[] fields = new long[rest.length + 2];
    for (int i = 0; i < rest.length; i++) {
      try {
        fields[i + 2] = Long.parseLong(rest[i]);
      } catch (NumberFormatException e) {
        fields[i + 2] = 0; // the state letter
      }
    }
    return fields;
  }

  /** CPU ticks of this JVM's reaped children (cutime + cstime). */
  private static long childrenCpuTicks() throws IOException {
    long[] fields = statFields(Files.readString(Path.of("/proc/self/stat")));
    return fields[15] + fields[16];
  }

  /**
   * CPU ticks all CPUs of the machine spent busy so far (user, nice, system, irq, softirq, steal
   * from the first line of {@code /proc/stat}); with this JVM's and valbench's own CPU it tells how
   * much other processes took during a measurement.
   */
  static long machineBusyTicks() throws IOException {
    String cpu = Files.readAllLines(Path.of("/proc/stat")).get(0);
    String[] f = cpu.trim().split("\\s+");
    long busy = 0;
    for (int i : new int[] {1, 2, 3, 6, 7, 8}) {
      busy += i < f.length ? Long.parseLong(f[i]) : 0;
    }
    return busy;
  }

  /**
   * Waits until the machine has been nearly idle (below {@code maxCores} busy) for three seconds in
   * a row, or {@code timeoutSeconds} have passed; returns the seconds waited. Other work on a
   * shared machine (builds, test suites) takes CPU from the process being measured.
   */
  static double waitForQuiet(double maxCores, double timeoutSeconds)
      throws IOException, InterruptedException {
    long start = System.nanoTime();
    int quiet = 0;
    while (quiet < 3 && (System.nanoTime() - start) / 1e9 < timeoutSeconds) {
      long before = machineBusyTicks();
      Thread.sleep(1000);
      double cores = (machineBusyTicks() - before) / (double) CLOCK_TICKS;
      quiet = cores < maxCores ? quiet + 1 : 0;
    }
    return (System.nanoTime() - start) / 1e9;
  }

  /** CPU seconds of this JVM itself (the in-process fake server, mostly). */
  static double ownCpuSeconds() throws IOException {
    long[] fields = statFields(Files.readString(Path.of("/proc/self/stat")));
    return (fields[13] + fields[14]) / (double) CLOCK_TICKS;
  }
}
