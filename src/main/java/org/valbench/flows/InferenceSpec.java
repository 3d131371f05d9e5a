package org.valbench.flows;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.valbench.common.Hashing;
import org.valbench.inference.GenerationSettings;
import org.valbench.inference.ProviderConfig;

/**
 * What a generation step asks of a model: which provider and model, with which settings, system
 * prompt (used when a prompt carries none) and (for the judge) schema, and how many requests may be
 * in flight. {@link #keyParts()} lists what determines the answers; batch size and timeouts are
 * left out.
 */
record InferenceSpec(
    ProviderConfig provider,
    String model,
    GenerationSettings settings,
    String systemPrompt,
    Optional<String> jsonSchema,
    int batchSize,
    boolean noCache) {

  InferenceSpec {
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(systemPrompt, "systemPrompt");
    Objects.requireNonNull(jsonSchema, "jsonSchema");
  }

  Map<String, Object> keyParts() {
    Map<String, Object> parts = new LinkedHashMap<>();
    parts.put("provider", provider.kind().cliName());
    // Without credentials: a key in the URL is a secret, and a new key gives the same answers.
    parts.put("endpoint", provider.describedBaseUrl().orElse("default"));
    parts.put("openai_api", provider.openAiApi().cliName());
    parts.put("model", model);
    parts.put("temperature", settings.temperature());
    parts.put("top_p", settings.topP());
    parts.put("max_tokens", settings.maxTokens());
    parts.put("thinking", settings.thinking());
    parts.put("web_search", settings.webSearch());
    parts.put("system_prompt_sha256", Hashing.sha256Hex(systemPrompt));
    parts.put("json_schema_sha256", jsonSchema.map(Hashing::sha256Hex).orElse(null));
    return parts;
  }
}
