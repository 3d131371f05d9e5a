package org.valbench.inference;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** The model providers valbench can talk to, by their command-line names. */
public enum ProviderKind {
  OPENAI("openai"),
  OPENAI_COMPATIBLE("openai-compatible"),
  ANTHROPIC("anthropic"),
  BEDROCK("bedrock"),
  MOCK("mock");

  private final String cliName;

  ProviderKind(String cliName) {
    this.cliName = cliName;
  }

  public String cliName() {
    return cliName;
  }

  public static Optional<ProviderKind> parse(String text) {
    String wanted = text.strip().toLowerCase(Locale.ROOT).replace('_', '-');
    return Arrays.stream(values()).filter(p -> p.cliName.equals(wanted)).findFirst();
  }

  public static String names() {
    return Arrays.stream(values()).map(ProviderKind::cliName).collect(Collectors.joining(", "));
  }

  /**
   * The reference implementation's rule when {@code --provider} is not given: an inference URL
   * means an OpenAI-compatible server; else a model id containing "bedrock" means Bedrock, one
   * containing "claude" means Anthropic, anything else OpenAI.
   */
  public static ProviderKind infer(String modelId, Optional<String> inferenceUrl) {
    if (inferenceUrl.isPresent()) {
      return OPENAI_COMPATIBLE;
    }
    String id = modelId.toLowerCase(Locale.ROOT);
    if (id.contains("bedrock")) {
      return BEDROCK;
    }
    if (id.contains("claude")) {
      return ANTHROPIC;
    }
    return OPENAI;
  }

  @Override
  public String toString() {
    return cliName;
  }
}
