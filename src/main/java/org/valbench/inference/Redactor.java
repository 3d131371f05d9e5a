package org.valbench.inference;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;
import org.valbench.common.Env;

/**
 * Removes secrets from text before it is logged, stored or shown: the values of every key-like
 * environment variable, and anything shaped like a common API key.
 */
public final class Redactor {
  private static final Pattern KEY_NAMES =
      Pattern.compile(".*(KEY|TOKEN|SECRET|PASSWORD|CREDENTIAL).*", Pattern.CASE_INSENSITIVE);
  private static final Pattern KEY_SHAPES =
      Pattern.compile(
          "(sk-[A-Za-z0-9_-]{8,}|sk-ant-[A-Za-z0-9_-]{8,}|hf_[A-Za-z0-9]{8,}|AKIA[0-9A-Z]{12,}"
              + "|(?i:bearer)\\s+[A-Za-z0-9._~+/=-]{8,})");

  private final List<String> secrets;

  private Redactor(List<String> secrets) {
    this.secrets = secrets;
  }

  public static Redactor from(Env env) {
    List<String> secrets = new ArrayList<>();
    env.variables()
        .forEach(
            (name, value) -> {
              if (KEY_NAMES.matcher(name).matches() && value != null && value.length() >= 4) {
                secrets.add(value);
              }
            });
    secrets.sort(Comparator.comparingInt(String::length).reversed());
    return new Redactor(List.copyOf(secrets));
  }

  public String redact(String text) {
    if (text == null) {
      return null;
    }
    String out = text;
    for (String secret : secrets) {
      out = out.replace(secret, "[redacted]");
    }
    return KEY_SHAPES.matcher(out).replaceAll("[redacted]");
  }
}
