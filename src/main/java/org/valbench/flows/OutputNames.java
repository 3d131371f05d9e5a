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

  /**
   * Checks an output prefix before anything runs: no control characters, and a name after its last
   * {@code /} (an empty or {@code /} prefix would write {@code ./-model} or {@code /-model}).
   */
  public static void checkPrefix(String flag, String prefix) {
    if (org.valbench.s3.S3Store.isS3(prefix)) {
      checkText(flag, prefix);
      if (org.valbench.s3.S3Store.parse(flag, prefix).prefix().isEmpty()) {
        throw org.valbench.common.UserError.badInput(
            flag
                + " '"
                + prefix
                + "': needs a key prefix after the bucket (e.g. s3://bucket/runs/vb); the model"
                + " id is appended to it");
      }
      return;
    }
    checkLocal(flag, prefix);
    String trimmed = prefix.strip();
    String last = trimmed.substring(trimmed.lastIndexOf('/') + 1);
    if (last.isEmpty() || last.equals(".") || last.equals("..")) {
      throw org.valbench.common.UserError.badInput(
          flag
              + " '"
              + prefix
              + "': needs a name after the last '/' (e.g. local_results/vb); the model id is"
              + " appended to it");
    }
  }

  /** {@code scheme://...}: a URL-like location (s3://, gs://, hf://, https://, file://). */
  private static final java.util.regex.Pattern URL_LIKE =
      java.util.regex.Pattern.compile("^\\s*([A-Za-z][A-Za-z0-9+.-]*)://");

  /**
   * Checks a dataset location given on the command line: plain text ({@link #checkText}), and a
   * local path or Hub id rather than a URL such as {@code s3://bucket/key}. Without this a URL
   * would silently become a local folder named after its scheme ({@code s3:/bucket/key}).
   */
  public static void checkLocal(String flag, String value) {
    checkText(flag, value);
    java.util.regex.Matcher url = URL_LIKE.matcher(value);
    if (url.find()) {
      String scheme = url.group(1).toLowerCase(java.util.Locale.ROOT);
      throw org.valbench.common.UserError.badInput(
          flag
              + " '"
              + value
              + "': "
              + scheme
              + ":// locations are not supported; give a local path or a Hub id owner/name"
              + (scheme.startsWith("s3") ? " (copy the data with e.g. 'aws s3 sync' first)" : ""));
    }
  }

  /**
   * Checks a dataset location to read: as {@link #checkLocal}, except that {@code
   * s3://bucket/prefix} is accepted (its bucket name and prefix checked here).
   */
  public static void checkReadable(String flag, String value) {
    if (org.valbench.s3.S3Store.isS3(value.strip())) {
      checkText(flag, value);
      org.valbench.s3.S3Store.parse(flag, value);
      return;
    }
    checkLocal(flag, value);
  }

  /**
   * Refuses a name given on the command line that holds control or invisible formatting characters
   * (a newline, an escape sequence, a right-to-left override): such a name would end up in folder
   * names and could forge the lines valbench prints.
   */
  public static void checkText(String flag, String value) {
    for (int i = 0; i < value.length(); ) {
      int cp = value.codePointAt(i);
      int type = Character.getType(cp);
      if (Character.isISOControl(cp) || type == Character.FORMAT) {
        throw org.valbench.common.UserError.badInput(
            String.format(
                java.util.Locale.ROOT,
                "%s: the value holds the invisible or control character U+%04X at position %d;"
                    + " use plain text",
                flag,
                cp,
                value.codePointCount(0, i) + 1));
      }
      i += Character.charCount(cp);
    }
  }
}
