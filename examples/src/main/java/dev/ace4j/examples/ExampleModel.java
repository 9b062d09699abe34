package dev.ace4j.examples;

import dev.ace4j.core.spi.LanguageModel;
import dev.ace4j.models.ModelConfigurationException;
import dev.ace4j.models.ModelResolver;
import dev.ace4j.models.Models;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The model an example runs with: the one configured as for {@code ace} (ACE4J_MODEL, an API key, .env), else its
 * scripted stand-in; always the stand-in with {@code -Dace4j.examples.offline=true}, as the examples' test runs them.
 */
final class ExampleModel {
  private ExampleModel() {}

  /**
   * @param offline what answers when no model is configured: a scripted model, so the example runs anywhere
   */
  static LanguageModel configuredOr(LanguageModel offline) {
    if (Boolean.getBoolean("ace4j.examples.offline")) {
      System.out.println("model: a scripted stand-in (offline)");
      return offline;
    }
    try {
      ModelResolver.Resolution choice = ModelResolver.of(System.getenv(), Path.of(".env"))
          .resolve(Optional.empty(), Optional.empty());
      System.out.println("model: " + choice.spec().text() + " (" + choice.reason() + ")");
      return Models.create(choice, Models.Options.defaults());
    } catch (ModelConfigurationException e) {
      System.out.println("model: none configured, so a scripted stand-in answers (set OPENAI_API_KEY for a real one)");
      return offline;
    }
  }
}
