package org.valbench.inference;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.valbench.common.Env;
import org.valbench.common.HubToken;
import org.valbench.common.Urls;

/**
 * Removes the user's secrets from text. The secrets are the values of every variable of the
 * environment or {@code .env} whose name contains KEY, TOKEN, SECRET, PASSWORD or CREDENTIAL (AWS
 * secret keys and session tokens, Hugging Face tokens, provider keys...), the Hugging Face token
 * saved by {@code huggingface-cli login} (see {@link HubToken}), and the credentials of every URL
 * valbench was given (flags and variables; see {@link Urls}); each is replaced by {@value #MARK}
 * wherever it appears. A value counts when it has at least {@value #MIN_SECRET_LENGTH} characters
 * and is not a plain number or a yes/no word, so that settings such as {@code
 * TOKENIZERS_PARALLELISM=false} or {@code MAX_TOKENS=4096} do not blank words out of answers.
 *
 * <p>{@link #redact(String)} is for messages and log lines: it also removes anything shaped like a
 * common API key. {@link #redactValues(String)} and the record overloads are for data (answers,
 * prompts): only the exact secret values, never ordinary words that happen to look like a key.
 */
public final class Redactor {
  public static final String MARK = "[redacted]";
  static final int MIN_SECRET_LENGTH = 6;

  private static final Pattern KEY_NAMES =
      Pattern.compile(".*(KEY|TOKEN|SECRET|PASSWORD|CREDENTIAL).*", Pattern.CASE_INSENSITIVE);
  private static final Pattern KEY_SHAPES =
      Pattern.compile(
          // At the start of a word only, so that "desk-assistant-v2" keeps its name.
          "\\b(sk-[A-Za-z0-9_-]{8,}|sk-ant-[A-Za-z0-9_-]{8,}|hf_[A-Za-z0-9]{8,}|AKIA[0-9A-Z]{12,}"
              + "|(?i:bearer)\\s+[A-Za-z0-9._~+/=-]{8,})");
  private static final Pattern NOT_SECRET =
      Pattern.compile(
          "[0-9.+-]+|(?i:true|false|yes|no|on|off|none|null|enabled|disabled|enable|disable)");

  /** No secrets: leaves text as it is (for tests and offline runs). */
  public static final Redactor NONE = new Redactor(List.of());

  private final List<String> secrets;

  private Redactor(Collection<String> secrets) {
    List<String> sorted = new ArrayList<>(new LinkedHashSet<>(secrets));
    // Longest first, so a secret that contains another is replaced whole.
    sorted.sort(Comparator.comparingInt(String::length).reversed());
    this.secrets = List.copyOf(sorted);
  }

  /**
   * The secrets of {@code env}: values of secret-named variables, and the credentials of every URL
   * found in any variable's value (e.g. {@code OPENAI_BASE_URL=https://host/v1?key=...} or a proxy
   * with {@code user:password@}).
   */
  public static Redactor from(Env env) {
    Set<String> secrets = new LinkedHashSet<>();
    env.variables()
        .forEach(
            (name, value) -> {
              if (value == null) {
                return;
              }
              if (KEY_NAMES.matcher(name).matches()) {
                add(secrets, value);
              }
              Urls.credentials(value).forEach(v -> add(secrets, v));
            });
    // Secrets kept in files the environment points to: the token huggingface-cli login saved.
    HubToken.fromFileQuietly(env).ifPresent(v -> add(secrets, v));
    return new Redactor(secrets);
  }

  /** This redactor plus the credentials of {@code texts} (URLs given on the command line). */
  public Redactor withCredentialsOf(Collection<String> texts) {
    Set<String> more = new LinkedHashSet<>(secrets);
    for (String text : texts) {
      Urls.credentials(text).forEach(v -> add(more, v));
    }
    return more.size() == secrets.size() ? this : new Redactor(more);
  }

  /** This redactor plus {@code values} (keys found elsewhere than in a secret-named variable). */
  public Redactor withSecrets(Collection<String> values) {
    Set<String> more = new LinkedHashSet<>(secrets);
    values.forEach(v -> add(more, v));
    return more.size() == secrets.size() ? this : new Redactor(more);
  }

  /** This redactor plus the credentials of {@code url}, when there is one. */
  public Redactor withCredentialsOf(Optional<String> url) {
    return url.map(u -> withCredentialsOf(List.of(u))).orElse(this);
  }

  private static void add(Set<String> secrets, String value) {
    String v = value.strip();
    if (v.length() >= MIN_SECRET_LENGTH && !NOT_SECRET.matcher(v).matches()) {
      secrets.add(v);
      if (!v.equals(value) && value.length() >= MIN_SECRET_LENGTH) {
        secrets.add(value);
      }
    }
  }

  /** True when there is nothing to remove (then every method returns its input). */
  public boolean isEmpty() {
    return secrets.isEmpty();
  }

  /** For messages and log lines: the secret values and anything shaped like an API key. */
  public String redact(String text) {
    if (text == null) {
      return null;
    }
    return KEY_SHAPES.matcher(redactValues(text)).replaceAll(MARK);
  }

  /** For data: every occurrence of a secret value, and nothing else. */
  public String redactValues(String text) {
    if (text == null || secrets.isEmpty()) {
      return text;
    }
    String out = text;
    for (String secret : secrets) {
      if (out.contains(secret)) {
        out = out.replace(secret, MARK);
      }
    }
    return out;
  }

  /** {@code answer} with the secret values removed from every text field. */
  public ModelAnswer redact(ModelAnswer answer) {
    if (secrets.isEmpty()) {
      return answer;
    }
    List<Citation> citations = new ArrayList<>(answer.citations().size());
    for (Citation c : answer.citations()) {
      citations.add(
          new Citation(redactValues(c.url()), redactValues(c.title()), redactValues(c.text())));
    }
    return new ModelAnswer(
        redactValues(answer.content()),
        answer.reasoning().map(this::redactValues),
        citations,
        answer.usage(),
        redactValues(answer.finishReason()),
        redactValues(answer.reportedModel()));
  }

  /**
   * {@code request} with the secret values removed from its prompts (system prompt and messages),
   * so that a secret that reached the prompts is not forwarded; the same object when there is
   * nothing to remove.
   */
  public ModelRequest redact(ModelRequest request) {
    if (secrets.isEmpty() || !mentionsSecret(request)) {
      return request;
    }
    List<ChatMessage> messages = new ArrayList<>(request.messages().size());
    for (ChatMessage m : request.messages()) {
      messages.add(new ChatMessage(m.role(), redactValues(m.content())));
    }
    return new ModelRequest(
        request.id(),
        request.model(),
        redactValues(request.systemPrompt()),
        messages,
        request.settings(),
        request.jsonSchema());
  }

  private boolean mentionsSecret(ModelRequest request) {
    if (!redactValues(request.systemPrompt()).equals(request.systemPrompt())) {
      return true;
    }
    for (ChatMessage m : request.messages()) {
      if (!redactValues(m.content()).equals(m.content())) {
        return true;
      }
    }
    return false;
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "Redactor[%d secrets]", secrets.size());
  }
}
