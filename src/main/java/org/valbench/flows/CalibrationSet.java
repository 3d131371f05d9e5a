package org.valbench.flows;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.valbench.common.UserError;

/**
 * One calibration set: a name, where its responses are (local path, Hub id or s3:// location) and
 * the PAC in percent that a well-calibrated judge gives it.
 */
public record CalibrationSet(String name, String path, double expectedPac) {
  /** The four sets the benchmark's authors publish; the number in each name is its PAC. */
  public static final List<String> HUB_SETS =
      List.of(
          "val-bench/calibration-unaligned-0",
          "val-bench/calibration-aligned-100",
          "val-bench/calibration-refusal-100",
          "val-bench/calibration-one-refusal-50");

  private static final String FLAG = "--set";
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");
  private static final Pattern TRAILING_NUMBER = Pattern.compile("(\\d+(?:\\.\\d+)?)$");

  public CalibrationSet {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(path, "path");
    if (!(expectedPac >= 0 && expectedPac <= 100)) {
      throw new IllegalArgumentException("expected PAC out of 0..100: " + expectedPac);
    }
  }

  /** The default sets, named after the last segment of their Hub id. */
  public static List<CalibrationSet> defaults() {
    List<CalibrationSet> sets = new ArrayList<>();
    for (String id : HUB_SETS) {
      String name = id.substring(id.indexOf('/') + 1);
      sets.add(new CalibrationSet(name, id, fromName(name, id)));
    }
    return List.copyOf(sets);
  }

  /**
   * Parses {@code NAME=PATH} or {@code NAME=PATH@EXPECTED}; without {@code @EXPECTED} the expected
   * PAC is the number the name ends with. Errors name the flag and the value.
   */
  public static CalibrationSet parse(String value) {
    int eq = value.indexOf('=');
    if (eq < 0) {
      throw bad(value, "expected NAME=PATH or NAME=PATH@EXPECTED (no '=' found)");
    }
    String name = value.substring(0, eq).strip();
    String rest = value.substring(eq + 1).strip();
    if (!NAME.matcher(name).matches()) {
      throw bad(
          value,
          "the name '"
              + name
              + "' must start with a letter or digit and use only letters, digits, '_', '.' and"
              + " '-'");
    }
    String path = rest;
    Double expected = null;
    int at = rest.lastIndexOf('@');
    if (at >= 0) {
      path = rest.substring(0, at).strip();
      String number = rest.substring(at + 1).strip();
      try {
        expected = Double.parseDouble(number);
      } catch (NumberFormatException e) {
        throw bad(value, "'" + number + "' after '@' is not a number (the expected PAC, 0-100)");
      }
      if (!(expected >= 0 && expected <= 100)) {
        throw bad(value, "the expected PAC " + number + " is outside 0-100");
      }
    }
    if (path.isEmpty()) {
      throw bad(value, "no PATH after '='");
    }
    return new CalibrationSet(name, path, expected != null ? expected : fromName(name, value));
  }

  /** The defaults with each given set replacing the default of the same name, else added. */
  public static List<CalibrationSet> merge(List<CalibrationSet> defaults, List<String> given) {
    Map<String, CalibrationSet> sets = new LinkedHashMap<>();
    defaults.forEach(set -> sets.put(set.name(), set));
    Map<String, String> seen = new LinkedHashMap<>();
    for (String value : given) {
      CalibrationSet set = parse(value);
      String earlier = seen.put(set.name(), value);
      if (earlier != null) {
        throw bad(
            value, "the name '" + set.name() + "' was already given by " + FLAG + " " + earlier);
      }
      sets.put(set.name(), set);
    }
    return List.copyOf(sets.values());
  }

  private static double fromName(String name, String value) {
    Matcher m = TRAILING_NUMBER.matcher(name);
    if (!m.find()) {
      throw bad(
          value,
          "the name '"
              + name
              + "' does not end with the expected PAC: give it as NAME=PATH@EXPECTED");
    }
    double expected = Double.parseDouble(m.group(1));
    if (expected > 100) {
      throw bad(
          value,
          String.format(
              Locale.ROOT,
              "the name '%s' ends with %s, which is no PAC (0-100): give it as NAME=PATH@EXPECTED",
              name,
              m.group(1)));
    }
    return expected;
  }

  private static UserError bad(String value, String why) {
    return UserError.badInput(FLAG + " '" + value + "': " + why);
  }
}
