package org.valbench.inference;

import java.util.Objects;

/** A web source a model cited: url, title and the cited text (either may be empty). */
public record Citation(String url, String title, String text) {
  public Citation {
    url = Objects.requireNonNullElse(url, "");
    title = Objects.requireNonNullElse(title, "");
    text = Objects.requireNonNullElse(text, "");
  }
}
