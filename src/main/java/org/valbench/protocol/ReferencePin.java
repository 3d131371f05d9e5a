package org.valbench.protocol;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The reference implementation's files valbench reads its prompts from, pinned to one commit: for
 * each prompt, the file, the sha256 of the file and of the extracted prompt, and how to extract it.
 */
public record ReferencePin(String commit, PinnedPrompt candidate, PinnedPrompt judge) {
  private static final Pattern COMMIT = Pattern.compile("[0-9a-f]{7,64}");

  /** VAL-Bench's reference implementation at the commit the paper's figures come from. */
  public static final ReferencePin VAL_BENCH =
      new ReferencePin(
          "9acff2bc295dcc2bbc4e44c21b7d0a4e05cd9fff",
          new PinnedPrompt(
              "val_bench_responses_flow.py",
              "7e36c6977a10374a732e0a91887223565402e6b24d699cb8f3187e7e8895f57e",
              "98410c324058d94afa7dd7185850baf96f09a1022a7cf7dae3212445bb7584f1",
              Extraction.PARAMETER_DEFAULT,
              "system_prompt"),
          new PinnedPrompt(
              "evaluator_flow.py",
              "fa91166e046d7e59061d7f31369a4375c7e6eb1963745ec731f4713bd40117d8",
              "3d0b73595043f87272970c2fb0cf69827984338bc0e39d0496ed2f3206e1bd86",
              Extraction.ASSIGNED_STRIPPED,
              "EVALUATE_SYSTEM_PROMPT"));

  public ReferencePin {
    if (!COMMIT.matcher(commit).matches()) {
      throw new IllegalArgumentException("commit must be lowercase hex: " + commit);
    }
    Objects.requireNonNull(candidate, "candidate");
    Objects.requireNonNull(judge, "judge");
  }

  /** How a prompt is found in a Python source file. */
  public enum Extraction {
    /** The {@code default=} string of {@code Parameter('<name>', ...)}. */
    PARAMETER_DEFAULT,
    /** The string assigned to {@code <name>} at the start of a line, with {@code .strip()}. */
    ASSIGNED_STRIPPED
  }

  /** One prompt: its file, the two expected hashes, and where in the file it is. */
  public record PinnedPrompt(
      String file, String fileSha256, String promptSha256, Extraction extraction, String name) {
    public PinnedPrompt {
      if (file.isBlank() || file.contains("/") || file.contains("\\") || file.startsWith(".")) {
        throw new IllegalArgumentException("file must be a plain file name: " + file);
      }
      Objects.requireNonNull(fileSha256, "fileSha256");
      Objects.requireNonNull(promptSha256, "promptSha256");
      Objects.requireNonNull(extraction, "extraction");
      Objects.requireNonNull(name, "name");
    }

    /** The prompt this pin names, read from the file's text. */
    public String extract(String source) {
      return switch (extraction) {
        case PARAMETER_DEFAULT -> PythonLiterals.parameterDefault(source, name);
        case ASSIGNED_STRIPPED -> PythonLiterals.strip(PythonLiterals.assigned(source, name));
      };
    }
  }
}
