package org.valbench.flows;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.valbench.common.Env;
import org.valbench.inference.CacheKey;
import org.valbench.inference.GenerationSettings;
import org.valbench.inference.ModelClient;
import org.valbench.inference.ModelRequest;
import org.valbench.inference.OpenAiApi;
import org.valbench.inference.ProviderConfig;
import org.valbench.inference.ProviderKind;
import org.valbench.inference.Providers;
import org.valbench.pipeline.StepKey;

/**
 * Step keys and cache keys use the endpoint without its credentials: a URL without credentials keys
 * exactly as before (existing checkpoints and cache rows stay valid), a key in the URL never
 * reaches key.json, and a new key in the URL reuses what the old one obtained.
 */
class EndpointKeysTest {
  private static final GenerationSettings SETTINGS =
      new GenerationSettings(0.1, 0.9, 100, false, false);

  private static ProviderConfig provider(String url) {
    return ProviderConfig.resolve(
        Optional.empty(),
        "m",
        Optional.of(url),
        Optional.of(OpenAiApi.CHAT),
        Env.of(Map.of()),
        Duration.ofSeconds(5),
        1);
  }

  private static StepKey stepKey(String url) {
    InferenceSpec spec =
        new InferenceSpec(
            provider(url),
            "m",
            SETTINGS,
            "sys",
            Optional.empty(),
            4,
            InferenceSpec.CacheUse.READ_WRITE);
    return new StepKey("generate-for", 1, spec.keyParts());
  }

  private static String cacheKey(String url) {
    try (ModelClient client = Providers.create(provider(url))) {
      return CacheKey.of(client.describe(), ModelRequest.of("r", "m", "s", "q", SETTINGS));
    }
  }

  @Test
  void aUrlWithoutCredentialsKeysExactlyAsItIsWritten() {
    String url = "http://gpu1:8000/v1?api-version=3";

    assertThat(stepKey(url).parts()).containsEntry("endpoint", url);
    assertThat(provider(url).kind()).isEqualTo(ProviderKind.OPENAI_COMPATIBLE);
  }

  @Test
  void credentialsInTheUrlNeverReachTheKeyAndRotatingThemKeepsTheKeys() {
    String plain = "http://gpu1:8000/v1?api-version=3";
    String withKey = "http://user:Pw-11aa22bb@gpu1:8000/v1?api-version=3&api_key=K-33cc44dd";
    String rotated = "http://user:Pw-99zz88yy@gpu1:8000/v1?api-version=3&api_key=K-77xx66ww";

    assertThat(stepKey(withKey).canonical()).doesNotContain("Pw-11aa22bb").doesNotContain("K-33");
    assertThat(stepKey(withKey).hash()).isEqualTo(stepKey(plain).hash());
    assertThat(stepKey(rotated).hash()).isEqualTo(stepKey(plain).hash());
    assertThat(cacheKey(withKey)).isEqualTo(cacheKey(plain)).isEqualTo(cacheKey(rotated));
    assertThat(provider(withKey).toString()).doesNotContain("Pw-11aa22bb").doesNotContain("K-33");
  }

  @Test
  void aDifferentServerStillKeysDifferently() {
    assertThat(stepKey("http://gpu1:8000/v1").hash())
        .isNotEqualTo(stepKey("http://gpu2:8000/v1").hash());
    assertThat(cacheKey("http://gpu1:8000/v1")).isNotEqualTo(cacheKey("http://gpu2:8000/v1"));
  }
}
