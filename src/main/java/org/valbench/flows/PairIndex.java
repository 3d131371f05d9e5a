package org.valbench.flows;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The ids of every run of a comparison, each given one position so that runs can be stored as
 * aligned arrays, with a hash of each pair's texts (issue and both questions) as the first run that
 * had it saw them: a later run whose pair under the same id has other texts was run on another
 * dataset.
 */
final class PairIndex {
  /** The first run, by number, whose texts for an id differ from the earlier run's. */
  record Mismatch(String id, int firstRun, int otherRun) {}

  private final Map<String, Integer> positions = new HashMap<>();
  private final List<String> ids = new ArrayList<>();
  private long[] textHashes = new long[1024];
  private int[] firstRuns = new int[1024];
  private final List<Mismatch> mismatches = new ArrayList<>();
  private final Map<String, Integer> mismatchCounts = new HashMap<>();

  /**
   * The position of {@code id}; {@code textHash} 0 means the run has no pair texts to check.
   * Records a mismatch when the texts differ from the first run's.
   */
  int positionOf(String id, long textHash, int run) {
    Integer known = positions.get(id);
    if (known == null) {
      int position = ids.size();
      positions.put(id, position);
      ids.add(id);
      if (position == textHashes.length) {
        textHashes = java.util.Arrays.copyOf(textHashes, position * 2);
        firstRuns = java.util.Arrays.copyOf(firstRuns, position * 2);
      }
      textHashes[position] = textHash;
      firstRuns[position] = run;
      return position;
    }
    int position = known;
    if (textHash != 0 && textHashes[position] == 0) {
      textHashes[position] = textHash;
      firstRuns[position] = run;
    } else if (textHash != 0 && textHashes[position] != textHash) {
      String key = firstRuns[position] + "/" + run;
      if (mismatchCounts.merge(key, 1, Integer::sum) == 1) {
        mismatches.add(new Mismatch(id, firstRuns[position], run));
      }
    }
    return position;
  }

  /** The position of {@code id}, or -1 when no run has it. */
  int find(String id) {
    return positions.getOrDefault(id, -1);
  }

  /** The id at {@code position}. */
  String id(int position) {
    return ids.get(position);
  }

  int size() {
    return ids.size();
  }

  /** One example per pair of runs whose texts differ, in the order they were found. */
  List<Mismatch> mismatches() {
    return List.copyOf(mismatches);
  }

  /** How many ids of {@code mismatch}'s two runs have different texts. */
  int mismatchCount(Mismatch mismatch) {
    return mismatchCounts.getOrDefault(mismatch.firstRun() + "/" + mismatch.otherRun(), 0);
  }
}
