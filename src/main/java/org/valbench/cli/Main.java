package org.valbench.cli;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import org.valbench.common.Env;
import org.valbench.common.Interruption;
import org.valbench.common.StorageException;
import org.valbench.common.UserError;
import org.valbench.inference.Redactor;
import org.valbench.protocol.ReferencePin;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;

/**
 * Entry point. {@link #run} does all the work and returns the exit code; only {@link #main} calls
 * {@code System.exit}.
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    boolean verbose = BooleanFlags.verbose(args);
    System.setProperty("java.awt.headless", "true");
    if (verbose) {
      System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "info");
    }
    Path workDir = Path.of("").toAbsolutePath();
    // Libraries log to System.err directly: route it through the same redaction as our own lines.
    System.setErr(
        new PrintStream(
            new RedactingWriter.Bytes(
                new FileOutputStream(FileDescriptor.err),
                consoleRedactor(workDir, System.getenv(), args)),
            true,
            StandardCharsets.UTF_8));
    PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
    PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
    boolean terminal = isTerminal();
    Interruption interruption = new Interruption();
    AtomicBoolean finished = new AtomicBoolean();
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  if (!finished.get()) {
                    interrupted(err, interruption);
                  }
                },
                "valbench-interrupt"));
    int code =
        run(
            new Invocation(
                out,
                err,
                workDir,
                System.getenv(),
                System::nanoTime,
                terminal,
                interruption,
                ReferencePin.VAL_BENCH),
            args);
    finished.set(true);
    out.flush();
    err.flush();
    System.exit(code);
  }

  /**
   * SIGINT or SIGTERM: the JVM runs this hook while the command is still working. The command stops
   * sending, the answers that already arrived are committed to the request cache, and one line says
   * how many; the JVM then ends with 130 (SIGINT) or 143 (SIGTERM).
   */
  static void interrupted(PrintWriter err, Interruption interruption) {
    long saved = interruption.request();
    err.println(
        "valbench: interrupted; "
            + saved
            + (saved == 1 ? " answer" : " answers")
            + " saved, run the same command again to continue");
    err.flush();
  }

  /**
   * True when the process talks to a person at a terminal (live progress line), false under cron or
   * a pipe (periodic log lines). JDK 22+ returns a Console even when redirected and adds {@code
   * Console.isTerminal()}; it is called reflectively because the build targets Java 21.
   */
  @SuppressWarnings("SystemConsoleNull") // handled: isTerminal() is asked where it exists
  static boolean isTerminal() {
    java.io.Console console = System.console();
    if (console == null) {
      return false;
    }
    try {
      return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
    } catch (ReflectiveOperationException e) {
      return true; // Java 21: a console exists only for a terminal
    }
  }

  /**
   * The secrets to keep off the console: those of the environment and {@code .env} (when it reads),
   * and the credentials of any URL among the arguments.
   */
  static Redactor consoleRedactor(Path workDir, Map<String, String> processEnv, String... args) {
    Env env;
    try {
      env = Env.load(workDir, processEnv);
    } catch (UserError e) {
      env = Env.of(processEnv);
    }
    return Redactor.from(env).withCredentialsOf(List.of(args)).withSecrets(keysNamedBy(env, args));
  }

  /** The values of the variables that {@code --api-key-env} names among {@code args}. */
  private static List<String> keysNamedBy(Env env, String... args) {
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i].replace('_', '-');
      Optional<String> name =
          arg.equals("--api-key-env") && i + 1 < args.length
              ? Optional.of(args[i + 1])
              : arg.startsWith("--api-key-env=")
                  ? Optional.of(args[i].substring("--api-key-env=".length()))
                  : Optional.empty();
      name.map(String::strip).flatMap(env::get).ifPresent(keys::add);
    }
    return keys;
  }

  /**
   * What a run of valbench gets from its process: where it prints ({@code out}, {@code err}), the
   * working directory and environment variables it runs with, a clock, whether stderr is a
   * terminal, the flag a signal sets, and the pin of the reference protocol's files (tests pin a
   * synthetic file written for this project).
   */
  public record Invocation(
      PrintWriter out,
      PrintWriter err,
      Path workDir,
      Map<String, String> processEnv,
      LongSupplier nanoTime,
      boolean terminal,
      Interruption interruption,
      ReferencePin referencePin) {
    public Invocation {
      Objects.requireNonNull(out, "out");
      Objects.requireNonNull(err, "err");
      Objects.requireNonNull(workDir, "workDir");
      processEnv = Map.copyOf(processEnv);
      Objects.requireNonNull(nanoTime, "nanoTime");
      Objects.requireNonNull(interruption, "interruption");
      Objects.requireNonNull(referencePin, "referencePin");
    }

    /**
     * A run in {@code workDir} with {@code processEnv}, printing to {@code out} and {@code err}:
     * the system clock, not a terminal, no signal, the reference protocol's real pin.
     */
    public static Invocation of(
        PrintWriter out, PrintWriter err, Path workDir, Map<String, String> processEnv) {
      return new Invocation(
          out,
          err,
          workDir,
          processEnv,
          System::nanoTime,
          false,
          new Interruption(),
          ReferencePin.VAL_BENCH);
    }

    /** The same run with the reference protocol's files pinned by {@code pin}. */
    public Invocation withReferencePin(ReferencePin pin) {
      return new Invocation(out, err, workDir, processEnv, nanoTime, terminal, interruption, pin);
    }

    Invocation printingTo(PrintWriter out, PrintWriter err) {
      return new Invocation(
          out, err, workDir, processEnv, nanoTime, terminal, interruption, referencePin);
    }
  }

  /**
   * Runs valbench with {@code args} as {@code invocation} describes. Everything printed to its
   * {@code out} and {@code err} passes through a {@link RedactingWriter}.
   */
  public static int run(Invocation invocation, String... args) {
    Redactor redactor = consoleRedactor(invocation.workDir(), invocation.processEnv(), args);
    PrintWriter safeOut = new PrintWriter(new RedactingWriter(invocation.out(), redactor), true);
    PrintWriter safeErr = new PrintWriter(new RedactingWriter(invocation.err(), redactor), true);
    try {
      return runRedacted(invocation.printingTo(safeOut, safeErr), args);
    } finally {
      safeOut.flush();
      safeErr.flush();
    }
  }

  private static int runRedacted(Invocation invocation, String... args) {
    PrintWriter out = invocation.out();
    PrintWriter err = invocation.err();
    Path workDir = invocation.workDir();
    Interruption interruption = invocation.interruption();
    boolean verbose = BooleanFlags.verbose(args);
    Env env;
    try {
      env = Env.load(workDir, invocation.processEnv());
    } catch (UserError e) {
      return report(err, e, verbose, workDir);
    }
    CommandLine cli =
        commandLine(
            new CliContext(
                workDir,
                env,
                invocation.nanoTime(),
                invocation.terminal(),
                interruption,
                invocation.referencePin()));
    cli.setOut(out);
    cli.setErr(err);
    cli.setParameterExceptionHandler(
        (ParameterException e, String[] ignored) -> {
          CommandLine failed = e.getCommandLine();
          String command = failed.getCommandSpec().qualifiedName();
          err.println(command + ": " + oneLine(e.getMessage()) + " (see '" + command + " --help')");
          if (verbose) {
            e.printStackTrace(err);
          }
          err.flush();
          return ExitCodes.BAD_INPUT;
        });
    cli.setExecutionExceptionHandler(
        (e, failed, parseResult) ->
            interruption.requested()
                ? ExitCodes.UNEXPECTED // the signal's own exit code and line win; stay quiet
                : report(err, e, verbose, workDir));
    return cli.execute(BooleanFlags.attachValues(cli, withDashedNames(cli, args)));
  }

  static CommandLine commandLine(CliContext context) {
    CommandLine cli = new CommandLine(new RootCommand());
    cli.addSubcommand(new CommandLine(new ResponsesCommand(context)));
    cli.addSubcommand(new CommandLine(new EvaluateCommand(context)));
    cli.addSubcommand(new CommandLine(new DemoCommand(context)));
    cli.addSubcommand(new CommandLine(new CompareCommand(context)));
    cli.addSubcommand(new CommandLine(new AgreementCommand(context)));
    cli.addSubcommand(
        new CommandLine(new BatchCommand())
            .addSubcommand(new CommandLine(new BatchCommand.Status(context)))
            .addSubcommand(new CommandLine(new BatchCommand.Cancel(context))));
    cli.addSubcommand(new CommandLine(new CalibrateCommand(context)));
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    cli.setUsageHelpWidth(110); // examples are full command lines; a terminal narrows it
    cli.setUsageHelpAutoWidth(true);
    return cli;
  }

  private static int report(PrintWriter err, Throwable e, boolean verbose, Path workDir) {
    int code = ExitCodes.of(e);
    Optional<StorageException> storage =
        e instanceof UserError ? Optional.empty() : StorageException.of(workDir, e);
    String message =
        e instanceof UserError
            ? e.getMessage()
            : storage.isPresent()
                ? storageMessage(storage.get(), workDir)
                : "unexpected error: "
                    + e.getClass().getSimpleName()
                    + ": "
                    + e.getMessage()
                    + (verbose ? "" : " (run again with --verbose for details)");
    err.println("valbench: " + oneLine(message));
    if (verbose) {
      e.printStackTrace(err);
    }
    err.flush();
    return code;
  }

  /** "local_data/cache.sqlite: no space left on device; free some space, then ..." */
  private static String storageMessage(StorageException e, Path workDir) {
    Path path = e.path().toAbsolutePath().normalize();
    String shown =
        path.startsWith(workDir.toAbsolutePath()) && !path.equals(workDir.toAbsolutePath())
            ? workDir.toAbsolutePath().relativize(path).toString()
            : path.toString();
    String fix =
        e.reason().startsWith("no space") || e.reason().startsWith("disk quota")
            ? "free some space"
            : "make it accessible (or run from a folder you can write to)";
    return shown
        + ": "
        + e.reason()
        + "; "
        + fix
        + ", then run the same command again (finished steps and saved answers are kept)";
  }

  private static String oneLine(String message) {
    // Control and invisible formatting characters (escape sequences, a right-to-left override)
    // from names or file contents must not reach the terminal or forge a line.
    return message == null
        ? ""
        : message.replaceAll("\\s*\\R\\s*", " ").replaceAll("[\\p{Cntrl}\\p{Cf}]", "?").strip();
  }

  /**
   * Accepts the reference implementation's spellings ({@code --model_id}, {@code
   * --output_dataset_path=...}) by rewriting them to the dashed names before parsing, so they work
   * without cluttering {@code --help}. Only names a command knows are rewritten; option values are
   * left alone.
   */
  static String[] withDashedNames(CommandLine cli, String[] args) {
    Set<String> known = new java.util.HashSet<>();
    collectOptionNames(cli.getCommandSpec(), known);
    List<String> rewritten = new ArrayList<>(args.length);
    boolean optionsEnded = false;
    for (String arg : args) {
      if (!optionsEnded && arg.equals("--")) {
        optionsEnded = true;
      }
      if (!optionsEnded && arg.startsWith("--") && arg.indexOf('_') > 0) {
        int eq = arg.indexOf('=');
        String name = eq < 0 ? arg : arg.substring(0, eq);
        String dashed = name.replace('_', '-');
        if (known.contains(dashed)) {
          arg = dashed + (eq < 0 ? "" : arg.substring(eq));
        }
      }
      rewritten.add(arg);
    }
    return rewritten.toArray(String[]::new);
  }

  private static void collectOptionNames(CommandSpec spec, Set<String> names) {
    for (OptionSpec option : spec.options()) {
      names.addAll(List.of(option.names()));
    }
    for (CommandLine sub : spec.subcommands().values()) {
      collectOptionNames(sub.getCommandSpec(), names);
    }
  }
}
