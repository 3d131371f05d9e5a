package org.valbench.hub;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandler;
import java.net.http.HttpResponse.BodySubscribers;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A GET from the Hub that follows redirects by hand, as httpx does, so that the bearer token goes
 * only to the endpoint's own origin; a failed connection or a timeout is {@link Unreachable}.
 */
final class HubGet {
  private static final int MAX_REDIRECTS = 10;

  private final HubEndpoint hub;
  private final HttpClient http;

  /** The final response after redirects, and the headers of the first one (the Hub's own). */
  record Answer<T>(HttpResponse<T> response, HttpHeaders first) {}

  /** The Hub could not be reached (connection, timeout, 429 or 5xx); the message says why. */
  static final class Unreachable extends Exception {
    private static final long serialVersionUID = 1L;

    Unreachable(String reason) {
      super(reason);
    }
  }

  /** {@code http} must not follow redirects (see {@link HubEndpoint#checkNoRedirects}). */
  HubGet(HubEndpoint hub, HttpClient http) {
    this.hub = hub;
    this.http = http;
  }

  HubEndpoint hub() {
    return hub;
  }

  /** GET following up to ten redirects; the bearer token goes only to the endpoint's origin. */
  <T> Answer<T> get(URI uri, Map<String, String> headers, Duration timeout, BodyHandler<T> handler)
      throws IOException, Unreachable {
    BodyHandler<T> skipRedirectBodies =
        info ->
            isRedirect(info.statusCode())
                ? BodySubscribers.<T>replacing(null)
                : handler.apply(info);
    URI current = uri;
    HttpHeaders first = null;
    for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
      HttpResponse<T> response = send(request(current, headers, timeout), skipRedirectBodies);
      first = first == null ? response.headers() : first;
      Optional<String> location = response.headers().firstValue("Location");
      if (!isRedirect(response.statusCode()) || location.isEmpty()) {
        return new Answer<>(response, first);
      }
      try {
        current = current.resolve(new URI(location.get()));
      } catch (URISyntaxException e) {
        throw new Unreachable("redirected to a malformed address");
      }
    }
    throw new Unreachable("more than " + MAX_REDIRECTS + " redirects");
  }

  /** The error for a 401 or 403 on reading {@code repoId}: gated, private, or a bad token. */
  HubRefusedException refused(String repoId, int status) {
    return new HubRefusedException(
        HubEndpoint.dataset(repoId)
            + ": "
            + hub.refusal()
            + " (HTTP "
            + status
            + "); the dataset may be gated (accept its terms at "
            + hub.base()
            + "/datasets/"
            + repoId
            + ") or private; "
            + HubEndpoint.SET_TOKEN
            + " to a token that can read it");
  }

  /** Percent-encodes all but RFC 3986 unreserved characters (and '/' in file paths). */
  static String encode(String text, boolean keepSlash) {
    StringBuilder out = new StringBuilder();
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      boolean plain =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || c == '-'
              || c == '.'
              || c == '_'
              || c == '~'
              || (keepSlash && c == '/');
      out.append(plain ? String.valueOf((char) c) : String.format(Locale.ROOT, "%%%02X", c));
    }
    return out.toString();
  }

  private HttpRequest request(URI uri, Map<String, String> headers, Duration timeout) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(uri).timeout(timeout).header("User-Agent", "valbench").GET();
    headers.forEach(builder::header);
    return hub.authorised(builder.build());
  }

  private <T> HttpResponse<T> send(HttpRequest request, BodyHandler<T> handler)
      throws IOException, Unreachable {
    try {
      return http.send(request, handler);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while talking to " + hub.base());
    } catch (HttpTimeoutException e) {
      throw new Unreachable("timed out");
    } catch (IOException e) {
      throw new Unreachable(e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName());
    }
  }

  private static boolean isRedirect(int status) {
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
  }
}
