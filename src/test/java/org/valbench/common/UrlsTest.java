package org.valbench.common;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class UrlsTest {
  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://localhost:8000/v1",
        "https://api.openai.com/v1",
        "https://gw.example.org/openai/v1/",
        "https://x.openai.azure.com/openai?api-version=2024-02-01",
        "http://10.0.0.7:8000/v1?model=qwen&stream=false#frag",
        "HTTP://Host.Example.ORG:80//v1"
      })
  void aUrlWithoutCredentialsIsDescribedExactlyAsGivenSoKeysDoNotChange(String url) {
    assertThat(Urls.withoutCredentials(url)).isEqualTo(url);
    assertThat(Urls.credentials(url)).isEmpty();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "http://user:pw-secret@host:8000/v1|http://host:8000/v1",
        "https://TOKEN1234567@host/v1|https://host/v1",
        "https://host/v1?key=abc123456|https://host/v1",
        "https://host/v1?api_key=abc123456&api-version=2|https://host/v1?api-version=2",
        "https://host/v1?api-version=2&apiKey=abc123456|https://host/v1?api-version=2",
        "https://host/v1?access_token=t0k3n99&x=1#top|https://host/v1?x=1#top",
        "https://b.s3.amazonaws.com/o?X-Amz-Credential=AKIA1&X-Amz-Signature=ff00ee|"
            + "https://b.s3.amazonaws.com/o",
        "https://a.blob.core.windows.net/c?sv=2021&sig=abcdef123%3D|"
            + "https://a.blob.core.windows.net/c?sv=2021",
        "https://f.azurewebsites.net/api/x?code=fnkey123456|https://f.azurewebsites.net/api/x",
        "https://apim.example.org/v1?subscription-key=s3cr3tv4lue|https://apim.example.org/v1",
        "https://u:p4ssw0rd@host/v1?token=zz99zz99&model=m|https://host/v1?model=m",
        "https://host/v1?a=1;secret=xyz12345;b=2|https://host/v1?a=1;b=2"
      })
  void credentialsAreRemovedFromADescribedUrl(String url, String described) {
    assertThat(Urls.withoutCredentials(url)).isEqualTo(described);
  }

  @Test
  void credentialsAreFoundAsWrittenAndDecodedEvenInMalformedText() {
    assertThat(Urls.credentials("http://user:pw-secret@host:8000/v1")).containsExactly("pw-secret");
    assertThat(Urls.credentials("https://TOKEN1234567@host/v1")).containsExactly("TOKEN1234567");
    assertThat(Urls.credentials("see http//host?sig=ab%2Fcd&model=x for details"))
        .containsExactly("ab%2Fcd", "ab/cd");
    assertThat(Urls.credentials("--inference-url=http://h/v1?api_key=k-1&api-version=3"))
        .containsExactly("k-1");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "key",
        "api_key",
        "API-KEY",
        "apiKey",
        "x-api-key",
        "access_token",
        "X-Amz-Security-Token",
        "sig",
        "Signature",
        "code",
        "client_secret",
        "password",
        "auth"
      })
  void credentialNames(String name) {
    assertThat(Urls.isCredentialName(name)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"api-version", "model", "stream", "sv", "deployment", "format", "keys2"})
  void namesThatAreNotCredentials(String name) {
    assertThat(Urls.isCredentialName(name)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://localhost:8000/v1",
        "https://api.openai.com/v1",
        "http://user:pw@127.0.0.1:1/v1?key=x",
        "HTTPS://Example.org"
      })
  void httpAndHttpsUrlsWithAHostAreAccepted(String url) {
    assertThat(Urls.problem(url)).isEmpty();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "not a url|spaces",
        "ftp://host/v1|only http:// and https://",
        "file:///srv/models|only http:// and https://",
        "localhost:8000/v1|not an absolute URL",
        "''|empty",
        "http://exa mple.org|spaces",
        "http://|not a URL",
        "https:///v1|no host",
        "http://localhost:70000/v1|port 70000",
        "http://localhost:0/v1|port 0",
        "http://localhost:99999999999/v1|no valid host name or port",
        "http://bad_host:8000/v1|no valid host name"
      })
  void everythingElseIsRefusedWithItsReason(String url, String reason) {
    assertThat(Urls.problem(url)).hasValueSatisfying(p -> assertThat(p).contains(reason));
  }
}
