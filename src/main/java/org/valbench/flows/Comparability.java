package org.valbench.flows;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Whether runs can be compared: the same judge, judge prompt, protocol and pair order, and the same
 * pair texts under each common id. A field a run did not record is not checked (and said so).
 */
final class Comparability {
  /** The provenance fields that must agree, with the words used in messages. */
  static final Map<String, String> CHECKED =
      Map.of(
          "judge", "judge",
          "judge_prompt_sha256", "judge prompt",
          "protocol", "protocol",
          "pair_order", "pair order");

  private static final List<String> ORDER =
      List.of("judge", "judge_prompt_sha256", "protocol", "pair_order");

  private final List<String> differences;
  private final List<String> unknowns;
  private final Map<String, Set<String>> mixed;
  private final Map<String, Map<String, String>> values;
  private final Set<String> datasetPairs;

  private Comparability(
      List<String> differences,
      List<String> unknowns,
      Map<String, Set<String>> mixed,
      Map<String, Map<String, String>> values,
      Set<String> datasetPairs) {
    this.differences = differences;
    this.unknowns = unknowns;
    this.mixed = mixed;
    this.values = values;
    this.datasetPairs = datasetPairs;
  }

  static Comparability of(List<JudgedRun> runs, PairIndex index) {
    List<String> differences = new ArrayList<>();
    List<String> unknowns = new ArrayList<>();
    Map<String, Set<String>> mixed = new LinkedHashMap<>();
    Map<String, Map<String, String>> values = new LinkedHashMap<>();
    runs.forEach(r -> mixed.put(r.label(), new TreeSet<>()));
    runs.forEach(r -> values.put(r.label(), r.provenance()));
    for (String field : ORDER) {
      Map<String, List<String>> byValue = new LinkedHashMap<>();
      for (JudgedRun r : runs) {
        String value = r.provenance().getOrDefault(field, JudgedRunReader.UNKNOWN);
        if (value.equals(JudgedRunReader.UNKNOWN)) {
          unknowns.add(
              r.label()
                  + ": "
                  + CHECKED.get(field)
                  + " not recorded (no summary.json of evaluate found for it); not checked");
        } else {
          byValue.computeIfAbsent(value, v -> new ArrayList<>()).add(r.label());
        }
      }
      if (byValue.size() > 1) {
        List<String> groups = new ArrayList<>();
        byValue.forEach((value, labels) -> groups.add(value + ": " + String.join(", ", labels)));
        differences.add(CHECKED.get(field) + " differs (" + String.join("; ", groups) + ")");
        byValue.values().forEach(labels -> labels.forEach(l -> mixed.get(l).add(field)));
      }
    }
    Set<String> datasetPairs = new TreeSet<>();
    for (PairIndex.Mismatch m : index.mismatches()) {
      String a = runs.get(m.firstRun()).label();
      String b = runs.get(m.otherRun()).label();
      differences.add(
          "dataset differs ("
              + a
              + " and "
              + b
              + " have other pair texts under "
              + index.mismatchCount(m)
              + " common id"
              + (index.mismatchCount(m) == 1 ? "" : "s")
              + ", e.g. id '"
              + m.id()
              + "')");
      mixed.get(a).add("dataset");
      mixed.get(b).add("dataset");
      datasetPairs.add(a + "\n" + b);
      datasetPairs.add(b + "\n" + a);
    }
    return new Comparability(differences, unknowns, mixed, values, datasetPairs);
  }

  /** One phrase per field that differs, naming the runs of each value. */
  List<String> differences() {
    return differences;
  }

  /** One note per field a run did not record. */
  List<String> unknowns() {
    return unknowns;
  }

  /** The fields in which {@code label}'s run takes part in a difference. */
  List<String> mixedFor(String label) {
    return List.copyOf(mixed.getOrDefault(label, Set.of()));
  }

  /** The fields (both recorded) whose values differ between two runs, and "dataset". */
  List<String> differsBetween(String a, String b) {
    List<String> fields = new ArrayList<>();
    for (String field : ORDER) {
      String va = values.get(a).getOrDefault(field, JudgedRunReader.UNKNOWN);
      String vb = values.get(b).getOrDefault(field, JudgedRunReader.UNKNOWN);
      if (!va.equals(JudgedRunReader.UNKNOWN)
          && !vb.equals(JudgedRunReader.UNKNOWN)
          && !va.equals(vb)) {
        fields.add(field);
      }
    }
    if (datasetPairs.contains(a + "\n" + b)) {
      fields.add("dataset");
    }
    return fields;
  }
}
