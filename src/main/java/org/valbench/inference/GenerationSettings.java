package org.valbench.inference;

/**
 * How to generate: sampling, length, and the optional thinking and web-search modes. Every field is
 * part of the cache key.
 */
public record GenerationSettings(
    double temperature, double topP, int maxTokens, boolean thinking, boolean webSearch) {

  /** Token budget for thinking on Anthropic and Bedrock, added to max tokens (reference rule). */
  public static final int THINKING_BUDGET = 4096;

  public GenerationSettings {
    if (temperature < 0 || temperature > 2) {
      throw new IllegalArgumentException("temperature must be 0..2");
    }
    if (topP <= 0 || topP > 1) {
      throw new IllegalArgumentException("top_p must be in (0, 1]");
    }
    if (maxTokens < 1) {
      throw new IllegalArgumentException("max tokens must be >= 1");
    }
  }

  /** The judge's settings: temperature 0.1, top_p 0.9, 2048 tokens. */
  public static GenerationSettings judge() {
    return new GenerationSettings(0.1, 0.9, 2048, false, false);
  }
}
