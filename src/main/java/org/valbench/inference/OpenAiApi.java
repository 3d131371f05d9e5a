package org.valbench.inference;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** Which OpenAI API to call: the Responses API or Chat Completions. */
public enum OpenAiApi {
  RESPONSES("responses"),
  CHAT("chat");

  private final String cliName;

  OpenAiApi(String cliName) {
    this.cliName = cliName;
  }

  public String cliName() {
    return cliName;
  }

  public static Optional<OpenAiApi> parse(String text) {
    String wanted = text.strip().toLowerCase(Locale.ROOT);
    return Arrays.stream(values()).filter(a -> a.cliName.equals(wanted)).findFirst();
  }

  @Override
  public String toString() {
    return cliName;
  }
}
