package org.valbench.common;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one place that knows which parts of a URL are credentials, and which URLs valbench accepts as
 * endpoints. A URL's credentials are its userinfo ({@code user:password@}) and every query
 * parameter whose name has a credential word in it ({@code key}, {@code api_key}, {@code apiKey},
 * {@code access_token}, {@code sig}, {@code X-Amz-Signature}, {@code code}, ... see {@link
 * #isCredentialName}). {@link #withoutCredentials} is how valbench writes or prints a URL.
 */
public final class Urls {
  /** Words that make a query parameter a credential, matched against the name's words. */
  private static final Set<String> CREDENTIAL_WORDS =
      Set.of(
          "key",
          "apikey",
          "token",
          "secret",
          "password",
          "passwd",
          "pass",
          "pwd",
          "sig",
          "signature",
          "credential",
          "credentials",
          "auth",
          "authorization",
          "code",
          "jwt",
          "bearer",
          "hmac");

  // The userinfo of any URL in a text: what stands between "//" and the last "@" of the authority.
  private static final Pattern USERINFO = Pattern.compile("//([^/?#@\\s]*)@");
  private static final Pattern QUERY_PARAM = Pattern.compile("[?&;]([^=&;#\\s]+)=([^&;#\\s]*)");

  private Urls() {}

  /**
   * {@code url} with its userinfo and credential query parameters removed, and otherwise unchanged
   * character for character (so a URL without credentials is returned as given, and step and cache
   * keys built from it stay what they were). Works on text that is not a valid URL too.
   */
  public static String withoutCredentials(String url) {
    if (url == null) {
      return null;
    }
    String out = url;
    int scheme = out.indexOf("//");
    if (scheme >= 0) {
      int start = scheme + 2;
      int end = start;
      while (end < out.length() && "/?#".indexOf(out.charAt(end)) < 0) {
        end++;
      }
      int at = out.lastIndexOf('@', end - 1);
      if (at >= start) {
        out = out.substring(0, start) + out.substring(at + 1);
      }
    }
    int question = out.indexOf('?');
    if (question < 0) {
      return out;
    }
    int hash = out.indexOf('#', question);
    int queryEnd = hash < 0 ? out.length() : hash;
    // Parameters are separated by '&' (or ';'); each separator stays with the parameter after it.
    String query = out.substring(question + 1, queryEnd);
    StringBuilder kept = new StringBuilder();
    boolean removed = false;
    int from = 0;
    while (from <= query.length()) {
      int to = from;
      while (to < query.length() && query.charAt(to) != '&' && query.charAt(to) != ';') {
        to++;
      }
      String param = query.substring(from, to);
      int eq = param.indexOf('=');
      if (isCredentialName(eq < 0 ? param : param.substring(0, eq))) {
        removed = true;
      } else {
        if (kept.length() > 0) {
          kept.append(from > 0 ? query.charAt(from - 1) : '&');
        }
        kept.append(param);
      }
      from = to + 1;
    }
    if (!removed) {
      return out;
    }
    return out.substring(0, question)
        + (kept.isEmpty() ? "" : "?" + kept)
        + out.substring(queryEnd);
  }

  /**
   * The credential values in {@code text} (any URLs in it, even malformed ones): the password of a
   * userinfo (the user name when there is no password, as in {@code https://TOKEN@host}) and the
   * values of credential query parameters, each as written and percent-decoded.
   */
  public static List<String> credentials(String text) {
    List<String> values = new ArrayList<>();
    if (text == null) {
      return values;
    }
    Matcher userinfo = USERINFO.matcher(text);
    while (userinfo.find()) {
      String info = userinfo.group(1);
      int colon = info.indexOf(':');
      addBothForms(values, colon < 0 ? info : info.substring(colon + 1));
    }
    Matcher param = QUERY_PARAM.matcher(text);
    while (param.find()) {
      if (isCredentialName(param.group(1))) {
        addBothForms(values, param.group(2));
      }
    }
    return values;
  }

  private static void addBothForms(List<String> values, String raw) {
    if (raw.isEmpty()) {
      return;
    }
    values.add(raw);
    String decoded = decode(raw);
    if (!decoded.equals(raw)) {
      values.add(decoded);
    }
  }

  /**
   * True when a query parameter's name has a credential word among its words (split at anything but
   * letters and digits, and at camelCase humps): {@code key}, {@code api_key}, {@code
   * subscription-key}, {@code apiKey}, {@code access_token}, {@code X-Amz-Security-Token}, {@code
   * sig}, {@code code}, ... but not {@code api-version} or {@code model}.
   */
  public static boolean isCredentialName(String name) {
    String decoded = decode(name);
    String[] words =
        decoded
            .replaceAll("([a-z0-9])([A-Z])", "$1 $2")
            .toLowerCase(Locale.ROOT)
            .split("[^a-z0-9]+");
    for (String word : words) {
      if (CREDENTIAL_WORDS.contains(word)) {
        return true;
      }
    }
    return false;
  }

  private static String decode(String text) {
    try {
      return URLDecoder.decode(text, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException malformed) {
      return text;
    }
  }

  /**
   * Whether {@code url} and {@code other} have the same origin: scheme, host (any case) and port
   * (the scheme's default when none is written). False when either is not an absolute URL.
   */
  public static boolean sameOrigin(String url, String other) {
    try {
      URI a = new URI(url.strip());
      URI b = new URI(other.strip());
      return a.getScheme() != null
          && a.getHost() != null
          && a.getScheme().equalsIgnoreCase(b.getScheme())
          && a.getHost().equalsIgnoreCase(b.getHost())
          && port(a) == port(b);
    } catch (URISyntaxException | RuntimeException e) {
      return false;
    }
  }

  private static int port(URI uri) {
    if (uri.getPort() >= 0) {
      return uri.getPort();
    }
    return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
  }

  /**
   * Why {@code url} cannot be an endpoint, or empty when it can: it must be an absolute http or
   * https URL with a host, a port (if any) from 1 to 65535, and no spaces. The reason never repeats
   * a credential.
   */
  public static Optional<String> problem(String url) {
    if (url == null || url.isBlank()) {
      return Optional.of("is empty; give an http:// or https:// URL");
    }
    if (url.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
      return Optional.of("contains spaces or control characters; give an http(s) URL");
    }
    if (!url.contains("://")) {
      return Optional.of("is not an absolute URL; give one such as http://localhost:8000/v1");
    }
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      return Optional.of("is not a URL (" + withoutCredentials(e.getReason()) + ")");
    }
    if (uri.getScheme() == null) {
      return Optional.of("has no scheme; give an http:// or https:// URL");
    }
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      return Optional.of("uses '" + scheme + ":'; only http:// and https:// URLs are supported");
    }
    if (uri.getRawAuthority() == null || uri.getRawAuthority().isEmpty()) {
      return Optional.of("has no host; give one as in http://localhost:8000/v1");
    }
    if (uri.getHost() == null) {
      return Optional.of("has no valid host name or port; give one as in http://localhost:8000/v1");
    }
    if (uri.getPort() == 0 || uri.getPort() > 65535) {
      return Optional.of("has port " + uri.getPort() + "; a port is from 1 to 65535");
    }
    return Optional.empty();
  }

  /** {@code url} quoted for a message, without its credentials. */
  public static String quoted(String url) {
    return "'" + withoutCredentials(url) + "'";
  }
}
