package org.valbench.hub;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpClient.Redirect;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.valbench.common.Env;
import org.valbench.common.HubToken;
import org.valbench.common.UserError;

/**
 * The Hugging Face Hub as the environment names it, shared by download and upload: the base URL
 * ({@code HF_ENDPOINT}), the bearer token and the variable it came from, the dataset-id rule, and
 * the rule that the token goes only to the base URL's own origin.
 */
final class HubEndpoint {
  static final String DEFAULT_URL = "https://huggingface.co";
  // Looked up in this order, as huggingface_hub does; then the file huggingface-cli login writes.
  static final List<String> TOKEN_VARIABLES = HubToken.VARIABLES;

  /** The fix named in every refused-token message, e.g. "set HF_TOKEN (or ...)". */
  static final String SET_TOKEN =
      "set "
          + TOKEN_VARIABLES.get(0)
          + " (or "
          + String.join(", ", TOKEN_VARIABLES.subList(1, TOKEN_VARIABLES.size()))
          + ", or the token file huggingface-cli login writes)";

  private static final Pattern REPO_ID = Pattern.compile("\\w[\\w.-]*/\\w[\\w.-]*");

  private final URI base;
  private final Optional<String> tokenVariable;
  private final Optional<String> token;

  private HubEndpoint(URI base, Optional<String> tokenVariable, Optional<String> token) {
    this.base = base;
    this.tokenVariable = tokenVariable;
    this.token = token;
  }

  /**
   * {@code HF_ENDPOINT} (trailing slashes dropped, as huggingface_hub does) and the token ({@link
   * HubToken}: the variables, then the token file).
   */
  static HubEndpoint from(Env env) {
    String value = env.get("HF_ENDPOINT").orElse(DEFAULT_URL);
    URI base =
        httpUri(value.replaceAll("/+$", ""))
            .orElseThrow(() -> UserError.badInput("HF_ENDPOINT=" + value + ": not an http(s) URL"));
    Optional<HubToken> token = HubToken.find(env);
    return new HubEndpoint(base, token.map(HubToken::source), token.map(HubToken::value));
  }

  /** Rejects a client that follows redirects, since it would carry the token to other hosts. */
  static void checkNoRedirects(HttpClient http) {
    if (http.followRedirects() != Redirect.NEVER) {
      throw new IllegalArgumentException("the HttpClient must not follow redirects itself");
    }
  }

  /** Rejects anything but a dataset id of the form owner/name. */
  static void checkRepoId(String repoId) {
    if (!REPO_ID.matcher(repoId).matches()) {
      throw UserError.badInput(repoId + ": not a Hugging Face Hub dataset id (owner/name)");
    }
  }

  /** How messages name a dataset. */
  static String dataset(String repoId) {
    return "Hugging Face Hub dataset " + repoId;
  }

  /** {@code text} as an absolute http(s) URI, if it is one. */
  static Optional<URI> httpUri(String text) {
    try {
      URI uri = new URI(text);
      boolean http = "http".equals(uri.getScheme()) || "https".equals(uri.getScheme());
      return http && uri.getHost() != null ? Optional.of(uri) : Optional.empty();
    } catch (URISyntaxException e) {
      return Optional.empty();
    }
  }

  /** The base URL, without a trailing slash. */
  URI base() {
    return base;
  }

  /** The base URL followed by {@code pathAndQuery}, which starts with '/'. */
  URI at(String pathAndQuery) {
    return URI.create(base + pathAndQuery);
  }

  boolean hasToken() {
    return token.isPresent();
  }

  /**
   * "{base} refused the token from {variable or file}", or "{base} needs a token" when none is set.
   */
  String refusal() {
    return base
        + " "
        + tokenVariable.map(v -> "refused the token from " + v).orElse("needs a token");
  }

  /** {@code request} plus the bearer token, if it goes to the Hub's origin and has no own one. */
  HttpRequest authorised(HttpRequest request) {
    boolean ownAuth = request.headers().firstValue("Authorization").isPresent();
    if (ownAuth || token.isEmpty() || !isOwnOrigin(request.uri())) {
      return request;
    }
    return HttpRequest.newBuilder(request, (n, v) -> true)
        .header("Authorization", "Bearer " + token.get())
        .build();
  }

  /** {@code text} with the token, if any, replaced by ***. */
  String redact(String text) {
    return token.isPresent() ? text.replace(token.get(), "***") : text;
  }

  /** Same scheme, host and (default-filled) port as the base URL: where the token may go. */
  private boolean isOwnOrigin(URI uri) {
    return uri.getScheme().equalsIgnoreCase(base.getScheme())
        && uri.getHost().equalsIgnoreCase(base.getHost())
        && port(uri) == port(base);
  }

  private static int port(URI uri) {
    if (uri.getPort() >= 0) {
      return uri.getPort();
    }
    return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
  }
}
