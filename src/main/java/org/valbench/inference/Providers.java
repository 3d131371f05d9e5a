package org.valbench.inference;

/** Builds the client for a provider: the one place that maps a provider to its class. */
public final class Providers {
  private Providers() {}

  public static ModelClient create(ProviderConfig config) {
    return switch (config.kind()) {
      case MOCK -> new MockClient();
      case OPENAI, OPENAI_COMPATIBLE -> new OpenAiClient(config);
      case ANTHROPIC -> new AnthropicClient(config);
      case BEDROCK -> new BedrockClient(config);
    };
  }
}
