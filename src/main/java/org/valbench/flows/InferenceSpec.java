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
 * prompt (used when a prompt carries none) and (for the judge) schema, how many requests may be in
 * flight, and how the request cache is used. {@link #keyParts()} lists what determines the answers;
 * batch size, timeouts and the cache use are left out.
 */
record InferenceSpec(
    ProviderConfig provider,
    String model,
    GenerationSettings settings,
    String systemPrompt,
    Optional<String> jsonSchema,
    int batchSize,
    CacheUse cacheUse) {

  /** How a step uses the request cache, and so whether its checkpoint may be reused. */
  enum CacheUse {
    /** Cached answers are reused and new ones stored; a finished checkpoint is reused. */
    READ_WRITE,
    /** {@code --no-cache}: every request is sent again, nothing is stored or reused. */
    NONE,
    /**
     * {@code --retry-unusable}: judge answers that cannot be scored are asked again (and replaced
     * in the cache); the others come from the cache.
     */
    REASK_UNUSABLE_JUDGEMENTS;

    /** Whether a finished checkpoint of a step using the cache this way may be reused. */
    boolean reusesCheckpoints() {
      return this == READ_WRITE;
    }
  }

  InferenceSpec {
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(systemPrompt, "systemPrompt");
    Objects.requireNonNull(jsonSchema, "jsonSchema");
    Objects.requireNonNull(cacheUse, "cacheUse");
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
