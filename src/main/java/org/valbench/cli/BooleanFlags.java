package org.valbench.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Boolean flags that also take a value, as the reference implementation's command lines write them
 * ({@code --enable_thinking True}, {@code --reverse-pair-order false}). The options are declared
 * with an optional value ({@code arity = "0..1"}) and {@link Converters.Bool}; picocli itself only
 * takes a separate value when it is literally true or false, so {@link #attachValues} first joins a
 * flag and its separate value into {@code --flag=value}.
 */
final class BooleanFlags {
  private BooleanFlags() {}

  /**
   * {@code args} with each boolean flag's separate value attached to it. A following word is the
   * flag's value when it is a boolean word (true/false, 1/0, yes/no), or when the command takes no
   * positional parameters and no subcommand, so that a wrong word is reported against the flag.
   * Anything else (an option, a subcommand) stays as it is: the bare flag still means true.
   */
  static String[] attachValues(CommandLine cli, String[] args) {
    CommandSpec command = cli.getCommandSpec();
    List<String> joined = new ArrayList<>(args.length);
    boolean optionsEnded = false;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (optionsEnded || arg.equals("--")) {
        optionsEnded = true;
        joined.add(arg);
        continue;
      }
      CommandLine sub = command.subcommands().get(arg);
      if (sub != null) {
        command = sub.getCommandSpec();
      } else if (i + 1 < args.length
          && isBooleanWithOptionalValue(command, arg)
          && takesValue(command, args[i + 1])) {
        joined.add(arg + "=" + args[++i]);
        continue;
      }
      joined.add(arg);
    }
    return joined.toArray(String[]::new);
  }

  /**
   * Whether {@code --verbose} is on: the bare flag, or with a true value ({@code --verbose=yes},
   * {@code --verbose 1}). Read before parsing, since it decides how parse errors are shown.
   */
  static boolean verbose(String... args) {
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (arg.equals("--")) {
        return false;
      }
      if (arg.equals("--verbose")) {
        Optional<Boolean> value =
            i + 1 < args.length ? Converters.parseBoolean(args[i + 1]) : Optional.empty();
        return value.orElse(true);
      }
      if (arg.startsWith("--verbose=")) {
        return Converters.parseBoolean(arg.substring("--verbose=".length())).orElse(true);
      }
    }
    return false;
  }

  private static boolean isBooleanWithOptionalValue(CommandSpec command, String arg) {
    if (!arg.startsWith("--") || arg.contains("=")) {
      return false;
    }
    OptionSpec option = command.findOption(arg);
    return option != null
        && option.typeInfo().isBoolean()
        && option.arity().min() == 0
        && option.arity().max() == 1;
  }

  private static boolean takesValue(CommandSpec command, String next) {
    if (Converters.parseBoolean(next).isPresent()) {
      return true;
    }
    return !next.startsWith("-")
        && command.positionalParameters().isEmpty()
        && command.subcommands().isEmpty();
  }
}
