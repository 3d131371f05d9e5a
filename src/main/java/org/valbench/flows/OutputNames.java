package org.valbench.flows;

/** Output names, as the reference implementation forms them so existing scripts keep working. */
public final class OutputNames {
  private OutputNames() {}

  /** A model id safe in a folder name: {@code /}, {@code :} and {@code .} become {@code -}. */
  public static String safeModelId(String modelId) {
    return modelId.replace('/', '-').replace(':', '-').replace('.', '-');
  }

  /** A judge id for names: its last {@code /} segment, {@code :} and {@code .} become {@code -}. */
  public static String safeJudgeId(String judgeId) {
    String last = judgeId.substring(judgeId.lastIndexOf('/') + 1);
    return last.replace(':', '-').replace('.', '-');
  }

  /** {@code <prefix>-<safe model id>[-thinking][-websearch]}. */
  public static String responsesDataset(
      String prefix, String modelId, boolean thinking, boolean webSearch) {
    return prefix
        + "-"
        + safeModelId(modelId)
        + (thinking ? "-thinking" : "")
        + (webSearch ? "-websearch" : "");
  }

  /** {@code <prefix>-<safe judge id>-evaluation}. */
  public static String judgedDataset(String prefix, String judgeId) {
    return prefix + "-" + safeJudgeId(judgeId) + "-evaluation";
  }

  /** {@code evaluation_results/<last segment of prefix>-<safe judge id>}. */
  public static String reportDir(String prefix, String judgeId) {
    String trimmed = prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
    String last = trimmed.substring(trimmed.lastIndexOf('/') + 1);
    return "evaluation_results/" + last + "-" + safeJudgeId(judgeId);
  }
}
