package org.valbench.hub;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Hub API answers are JSON only when nothing but whitespace follows the value. */
class HubAnswerJsonTest {
  private static final String LISTING =
      "{\"sha\": \"0123456789abcdef0123456789abcdef01234567\", \"siblings\": [{\"rfilename\":"
          + " \"data/test-00000-of-00001.parquet\", \"size\": 10}]}";

  private static boolean parses(String body) {
    return HubListing.parse(body.getBytes(StandardCharsets.UTF_8)).isPresent();
  }

  @Test
  void listingIsReadAlone() {
    assertThat(parses(LISTING)).isTrue();
    assertThat(parses(LISTING + " \n")).isTrue();
  }

  @Test
  void listingFollowedByMoreIsNotTheHubsAnswer() {
    assertThat(parses(LISTING + LISTING)).isFalse();
    assertThat(parses(LISTING + " {\"sha\": \"x\"}")).isFalse();
    assertThat(parses(LISTING + " ]")).isFalse();
    assertThat(parses(LISTING + "\n[]")).isFalse();
  }
}
