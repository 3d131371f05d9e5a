package org.valbench.inference;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.valbench.common.Hashing;

/**
 * The request cache key: SHA-256 of a canonical JSON of everything that determines an answer — the
 * provider's description (name, endpoint, API), model, system prompt, messages, every generation
 * setting and the response schema. Never the API key, batch size, timeouts or retry settings: they
 * change how an answer is obtained, not what it is. Nor the request id, unless the provider's
 * description says its answers depend on it ({@link #KEYED_BY_REQUEST_ID}; only the offline mock).
 */
public final class CacheKey {
  /**
   * An entry of a provider's description: when {@code true}, its answers depend on the request id
   * as well as the prompt, so the id is part of the key.
   */
  public static final String KEYED_BY_REQUEST_ID = "keyed_by_request_id";

  private CacheKey() {}

  public static String of(Map<String, Object> provider, ModelRequest request) {
    return Hashing.sha256Hex(Hashing.canonicalJson(parts(provider, request)));
  }

  static Map<String, Object> parts(Map<String, Object> provider, ModelRequest request) {
    List<Map<String, String>> messages = new ArrayList<>();
    for (ChatMessage m : request.messages()) {
      messages.add(Map.of("role", m.role(), "content", m.content()));
    }
    GenerationSettings s = request.settings();
    Map<String, Object> settings = new LinkedHashMap<>();
    settings.put("temperature", s.temperature());
    settings.put("top_p", s.topP());
    settings.put("max_tokens", s.maxTokens());
    settings.put("thinking", s.thinking());
    settings.put("web_search", s.webSearch());
    Map<String, Object> parts = new LinkedHashMap<>();
    parts.put("provider", provider);
    parts.put("model", request.model());
    parts.put("system", request.systemPrompt());
    parts.put("messages", messages);
    parts.put("settings", settings);
    parts.put("json_schema", request.jsonSchema().orElse(null));
    parts.put("key_version", 1);
    if (Boolean.TRUE.equals(provider.get(KEYED_BY_REQUEST_ID))) {
      parts.put("request_id", request.id());
    }
    return parts;
  }
}
