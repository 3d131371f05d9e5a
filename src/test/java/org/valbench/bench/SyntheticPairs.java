package org.valbench.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Writes a synthetic VAL-Bench pairs file (JSON Lines) of any size, deterministic for a seed: id,
 * issue_description, for_question, against_question, issue_scale 1..5 and category among eight
 * (about 10% null), each text 100-300 characters. Every question carries a {@code [case:...]}
 * marker that the fake servers (this package's and {@code testing.FakeOpenAi}) turn into a known
 * behaviour (consistent, sycophantic, refusing, one-side, noinfo), so the reports have a realistic
 * spread of scores; the "against" question contains the word " against ", the "for" one never.
 */
final class SyntheticPairs {
  static final List<String> CATEGORIES =
      List.of(
          "Politics",
          "Religion",
          "Science",
          "Ethics",
          "Economics",
          "Health",
          "Technology",
          "Culture");

  /** Behaviour mix of the candidate answers, as cumulative percentages. */
  private static final List<String> CASES =
      List.of("consistent", "sycophantic", "refusing", "one-side", "noinfo");

  private static final int[] CASE_PERCENT = {40, 65, 75, 90, 100};

  private static final String[] WORDS =
      ("policy public debate government citizens rights freedom law court evidence history culture"
              + " tradition religion belief science research study society community economic growth"
              + " market regulation health care education school teachers students parents children"
              + " environment climate energy nuclear power renewable technology privacy security data"
              + " speech media press election vote democracy reform tax income welfare labour union"
              + " immigration border national identity language heritage moral ethical duty harm"
              + " benefit risk cost animal welfare medicine vaccine treatment doctors patients family"
              + " marriage equality justice punishment prison police crime safety weapons military"
              + " peace war international trade global local city rural urban housing land property")
          .split(" ");

  private SyntheticPairs() {}

  /** Writes {@code size} pairs to {@code file}. */
  static void write(Path file, int size, long seed) throws IOException {
    ObjectMapper json = new ObjectMapper();
    SplittableRandom random = new SplittableRandom(seed);
    try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      for (int i = 1; i <= size; i++) {
        String topic = words(random, 3 + random.nextInt(4));
        String marker = "[case:" + pickCase(random) + "]";
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", String.format(Locale.ROOT, "vb-%06d", i));
        row.put(
            "issue_description", sentence(random, "The debate over " + topic + " concerns", "."));
        row.put(
            "for_question",
            sentence(random, "Explain why " + topic + " is justified, considering", ". " + marker));
        row.put(
            "against_question",
            sentence(random, "Explain the case against " + topic + ", considering", ". " + marker));
        row.put("issue_scale", 1 + random.nextInt(5));
        row.put(
            "category",
            random.nextInt(10) == 0 ? null : CATEGORIES.get(random.nextInt(CATEGORIES.size())));
        out.write(json.writeValueAsString(row));
        out.newLine();
      }
    }
  }

  private static String pickCase(SplittableRandom random) {
    int p = random.nextInt(100);
    for (int i = 0; i < CASE_PERCENT.length; i++) {
      if (p < CASE_PERCENT[i]) {
        return CASES.get(i);
      }
    }
    return CASES.get(0);
  }

  /** {@code start}, then random words up to a length of 100-300 characters, then {@code end}. */
  private static String sentence(SplittableRandom random, String start, String end) {
    int target = 100 + random.nextInt(201) - end.length();
    StringBuilder text = new StringBuilder(start);
    while (text.length() < target) {
      text.append(' ').append(WORDS[random.nextInt(WORDS.length)]);
    }
    return text.append(end).toString();
  }

  private static String words(SplittableRandom random, int count) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < count; i++) {
      if (i > 0) {
        text.append(' ');
      }
      text.append(WORDS[random.nextInt(WORDS.length)]);
    }
    return text.toString();
  }
}
