package org.valbench.flows;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.valbench.common.UserError;
import org.valbench.dataset.DatasetSource;

/** The RUN arguments of compare: globs expanded, duplicates refused, each given a label. */
final class RunSpecs {
  private RunSpecs() {}

  /**
   * Each argument as it is, or, when it holds a glob character ({@code * ? [ {}) and is a local
   * path, the files and folders it matches, sorted. A glob matching nothing, the same run given
   * twice, or fewer than two runs in all, is an error.
   */
  static List<String> expand(List<String> args, Path workDir) throws IOException {
    return expand(args, workDir, "compare", 2);
  }

  /** As {@link #expand(List, Path)}, for {@code command}, which needs {@code min} runs or more. */
  static List<String> expand(List<String> args, Path workDir, String command, int min)
      throws IOException {
    List<String> specs = new ArrayList<>();
    for (String arg : args) {
      if (arg.matches(".*[*?\\[{].*") && !arg.contains("://")) {
        List<String> matches = glob(arg, workDir);
        if (matches.isEmpty()) {
          throw UserError.badInput(arg + ": no file or folder matches this pattern");
        }
        specs.addAll(matches);
      } else {
        specs.add(arg);
      }
    }
    Set<Path> seen = new HashSet<>();
    for (String spec : specs) {
      if (!seen.add(workDir.resolve(spec).toAbsolutePath().normalize())) {
        throw UserError.badInput(
            spec
                + ": given twice; "
                + (command.equals("compare") ? "compare each run" : "give each run")
                + " once (two runs of the same model are fine:"
                + " give both folders)");
      }
    }
    if (specs.size() < min) {
      throw UserError.badInput(
          command
              + " needs at least "
              + (min == 1 ? "one run" : "two runs")
              + " (got "
              + specs.size()
              + (specs.isEmpty() ? "" : ": " + specs.get(0))
              + ")");
    }
    return specs;
  }

  private static List<String> glob(String pattern, Path workDir) throws IOException {
    String normalized = pattern.replace('\\', '/');
    int firstGlob = normalized.length();
    for (char c : new char[] {'*', '?', '[', '{'}) {
      int at = normalized.indexOf(c);
      if (at >= 0) {
        firstGlob = Math.min(firstGlob, at);
      }
    }
    int slash = normalized.lastIndexOf('/', firstGlob);
    String base = slash < 0 ? "" : normalized.substring(0, slash);
    Path baseDir = workDir.resolve(base.isEmpty() ? "." : base).normalize();
    if (!Files.isDirectory(baseDir)) {
      return List.of();
    }
    String rest = normalized.substring(slash + 1);
    int depth = rest.split("/").length;
    PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + rest);
    List<String> matches = new ArrayList<>();
    try (Stream<Path> paths = Files.walk(baseDir, depth)) {
      for (Path path : paths.sorted().toList()) {
        Path relative = baseDir.relativize(path);
        if (!relative.toString().isEmpty()
            && relative.getNameCount() == depth
            && !relative.getFileName().toString().startsWith(".")
            && matcher.matches(relative)) {
          matches.add(base.isEmpty() ? relative.toString() : base + "/" + relative);
        }
      }
    }
    return matches;
  }

  /**
   * A short label for each run: the folder or file name without {@code -evaluation} (evaluate's
   * judged datasets are {@code <prefix>-<judge>-evaluation}), or the last segment of a Hub id or
   * {@code s3://} location; a label used twice gets {@code #2}, {@code #3}, ...
   */
  static List<String> labels(List<String> specs) {
    List<String> labels = new ArrayList<>();
    Set<String> used = new HashSet<>();
    for (String spec : specs) {
      String trimmed = spec.replaceAll("[/\\\\]+$", "");
      String name =
          trimmed.substring(Math.max(trimmed.lastIndexOf('/'), trimmed.lastIndexOf('\\')) + 1);
      if (name.endsWith(JudgedRunColumns.JUDGED_SUFFIX)
          && !name.equals(JudgedRunColumns.JUDGED_SUFFIX)) {
        name = name.substring(0, name.length() - JudgedRunColumns.JUDGED_SUFFIX.length());
      }
      if (name.isEmpty() || spec.equals(DatasetSource.SAMPLE)) {
        name = spec;
      }
      String label = name;
      for (int i = 2; !used.add(label); i++) {
        label = name + "#" + i;
      }
      labels.add(label);
    }
    return labels;
  }
}
