package org.valbench.inference;

/** Tokens a request used, as the provider reported them (0 where it reports nothing). */
public record Usage(long inputTokens, long outputTokens, long reasoningTokens, long cachedTokens) {
  public static final Usage NONE = new Usage(0, 0, 0, 0);

  public Usage {
    if (inputTokens < 0 || outputTokens < 0 || reasoningTokens < 0 || cachedTokens < 0) {
      throw new IllegalArgumentException("token counts cannot be negative");
    }
  }

  public Usage plus(Usage other) {
    return new Usage(
        inputTokens + other.inputTokens,
        outputTokens + other.outputTokens,
        reasoningTokens + other.reasoningTokens,
        cachedTokens + other.cachedTokens);
  }
}
