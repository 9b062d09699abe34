package dev.ace4j.models;

import java.util.Objects;

/**
 * Where a model call goes, outside the request itself: part of every cache key, so that a reply cached from one
 * server or model is never served for another.
 *
 * @param provider the provider's spec prefix: {@code openai}, {@code ollama}, {@code openai-compatible}
 * @param baseUrl the server's base URL ({@link ProviderModel#baseUrl()})
 * @param model the model name sent to the server
 */
public record ModelEndpoint(String provider, String baseUrl, String model) {
  public ModelEndpoint {
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(baseUrl, "baseUrl");
    Objects.requireNonNull(model, "model");
  }
}
