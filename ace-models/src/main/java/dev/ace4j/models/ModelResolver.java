package dev.ace4j.models;

import dev.ace4j.models.ModelSpec.Provider;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Decides which model a command uses, and says why (for {@code ace doctor}). The first that applies wins:
 *
 * <ol>
 *   <li>the spec given explicitly ({@code --model});
 *   <li>{@code ACE4J_MODEL};
 *   <li>a provider key, in this order: {@code OPENAI_API_KEY} → {@value #OPENAI_DEFAULT}, {@code ANTHROPIC_API_KEY} →
 *       {@value #ANTHROPIC_DEFAULT}, {@code GEMINI_API_KEY} → {@value #GEMINI_DEFAULT} (each provider's small, cheap,
 *       current model: ACE runs many calls);
 *   <li>{@code OLLAMA_HOST} → {@value #OLLAMA_DEFAULT} (a code model that runs on a laptop);
 *   <li>the same three steps again over the {@code .env} file in the working directory, the lowest-priority source:
 *       anything in the process environment beats anything in {@code .env}.
 * </ol>
 *
 * <p>The chosen provider's API key and base URL ({@code OPENAI_BASE_URL} for openai and openai-compatible,
 * {@code OLLAMA_HOST} for ollama) are looked up in the environment, then in {@code .env}. The environment is injected
 * (the CLI passes {@code System.getenv()}), so this class reads no global state besides the {@code .env} file.
 * Messages and {@code toString}s name variables, never their values.
 */
public final class ModelResolver {
  public static final String MODEL_VARIABLE = "ACE4J_MODEL";
  public static final String OPENAI_DEFAULT = "openai:gpt-4o-mini";
  public static final String ANTHROPIC_DEFAULT = "anthropic:claude-haiku-4-5";
  public static final String GEMINI_DEFAULT = "gemini:gemini-2.5-flash";
  public static final String OLLAMA_DEFAULT = "ollama:qwen2.5-coder";
  /** Where Ollama listens when {@code OLLAMA_HOST} is not set. */
  public static final String OLLAMA_DEFAULT_URL = "http://localhost:11434";

  private static final List<KeyDefault> KEY_DEFAULTS = List.of(
      new KeyDefault("OPENAI_API_KEY", OPENAI_DEFAULT),
      new KeyDefault("ANTHROPIC_API_KEY", ANTHROPIC_DEFAULT),
      new KeyDefault("GEMINI_API_KEY", GEMINI_DEFAULT));

  private final Map<String, String> environment;
  private final Path dotEnvFile;

  private ModelResolver(Map<String, String> environment, Path dotEnvFile) {
    this.environment = Map.copyOf(environment);
    this.dotEnvFile = dotEnvFile;
  }

  /**
   * @param environment the process environment ({@code System.getenv()} in the CLI, a map in tests)
   * @param dotEnvFile the {@code .env} file to read as the last source; it need not exist
   */
  public static ModelResolver of(Map<String, String> environment, Path dotEnvFile) {
    return new ModelResolver(Objects.requireNonNull(environment, "environment"),
        Objects.requireNonNull(dotEnvFile, "dotEnvFile"));
  }

  /**
   * Which model to use, what made it the choice, and its API key.
   *
   * @param spec the model spec of the chosen model
   * @param reason why this model, in a sentence for {@code ace doctor}
   * @param apiKeyVariable the variable the API key came from; empty for providers that need none
   * @param apiKey the key itself (prints as {@code ***}), for the provider client only
   */
  public record Resolution(ModelSpec spec, String reason, Optional<String> apiKeyVariable, Optional<Secret> apiKey) {
    public Resolution {
      Objects.requireNonNull(spec, "spec");
      Objects.requireNonNull(reason, "reason");
      apiKeyVariable = apiKeyVariable == null ? Optional.empty() : apiKeyVariable;
      apiKey = apiKey == null ? Optional.empty() : apiKey;
    }

    /** One line for {@code ace doctor}: the model and why. */
    public String summary() {
      return spec + " (" + reason + ")";
    }
  }

  /** The model from the environment or {@code .env}, with no {@code --model} and no {@code --base-url}. */
  public Resolution resolve() {
    return resolve(Optional.empty(), Optional.empty());
  }

  /**
   * The model to use.
   *
   * @param explicitSpec the {@code --model} value, if given; it wins over everything else
   * @param baseUrl the {@code --base-url} value, if given; it wins over {@code OPENAI_BASE_URL} and {@code OLLAMA_HOST}
   * @throws ModelConfigurationException when a spec is malformed, when the chosen provider's key is missing, or when
   *     nothing is configured (the message then lists every way to configure a model)
   */
  public Resolution resolve(Optional<String> explicitSpec, Optional<String> baseUrl) {
    Sources sources = new Sources(environment, dotEnvFile);
    if (explicitSpec.isPresent()) {
      return withKey(spec(explicitSpec.get(), baseUrl, sources, ""), "named with --model", sources);
    }
    for (Source source : sources.inOrder()) {
      Optional<Resolution> chosen = choose(source, baseUrl, sources);
      if (chosen.isPresent()) {
        return chosen.get();
      }
    }
    throw new ModelConfigurationException(nothingConfigured());
  }

  private Optional<Resolution> choose(Source source, Optional<String> baseUrl, Sources sources) {
    Optional<String> named = source.get(MODEL_VARIABLE);
    if (named.isPresent()) {
      String origin = MODEL_VARIABLE + " in " + source.name();
      return Optional.of(withKey(spec(named.get(), baseUrl, sources, origin + ": "), origin + " names it", sources));
    }
    for (KeyDefault key : KEY_DEFAULTS) {
      if (source.get(key.variable()).isPresent()) {
        String reason = key.variable() + " is set in " + source.name() + " and " + key.spec()
            + " is the default for it (set " + MODEL_VARIABLE + " or pass --model to choose another)";
        return Optional.of(withKey(spec(key.spec(), baseUrl, sources, ""), reason, sources));
      }
    }
    if (source.get("OLLAMA_HOST").isPresent()) {
      String reason = "OLLAMA_HOST is set in " + source.name() + " and " + OLLAMA_DEFAULT
          + " is the default for it (set " + MODEL_VARIABLE + "=ollama:MODEL to choose another)";
      return Optional.of(withKey(spec(OLLAMA_DEFAULT, baseUrl, sources, ""), reason, sources));
    }
    return Optional.empty();
  }

  private static ModelSpec spec(String text, Optional<String> flagBaseUrl, Sources sources, String origin) {
    try {
      return ModelSpec.parse(text, flagBaseUrl.or(() -> configuredBaseUrl(text, sources)));
    } catch (ModelConfigurationException e) {
      throw origin.isEmpty() ? e : new ModelConfigurationException(origin + e.getMessage(), e);
    }
  }

  private static Optional<String> configuredBaseUrl(String text, Sources sources) {
    int colon = text.indexOf(':');
    Optional<Provider> provider = colon < 0 ? Optional.empty() : Provider.byPrefix(text.substring(0, colon).strip());
    return provider.flatMap(p -> switch (p) {
      case OPENAI, OPENAI_COMPATIBLE -> sources.get("OPENAI_BASE_URL");
      case OLLAMA -> Optional.of(sources.get("OLLAMA_HOST").map(ModelResolver::ollamaUrl).orElse(OLLAMA_DEFAULT_URL));
      default -> Optional.empty();
    });
  }

  /** Ollama's own reading of OLLAMA_HOST: the scheme defaults to http, and http's port to 11434. */
  private static String ollamaUrl(String host) {
    String url = host.contains("://") ? host : "http://" + host;
    try {
      URI uri = new URI(url);
      if (uri.getPort() < 0 && "http".equals(uri.getScheme()) && uri.getHost() != null) {
        return new URI(uri.getScheme(), uri.getUserInfo(), uri.getHost(), 11434, uri.getPath(), uri.getQuery(),
            uri.getFragment()).toString();
      }
      return url;
    } catch (URISyntaxException e) {
      return url; // ModelSpec.parse reports it, naming the spec
    }
  }

  private Resolution withKey(ModelSpec spec, String reason, Sources sources) {
    Optional<String> variable = keyVariable(spec.provider());
    Optional<Found> key = variable.flatMap(sources::find);
    if (variable.isPresent() && key.isEmpty() && spec.provider() != Provider.OPENAI_COMPATIBLE) {
      throw new ModelConfigurationException(spec.text() + " needs an API key: set " + variable.get()
          + " in the environment or in " + dotEnvFile + " (chosen because " + reason + ")");
    }
    return new Resolution(spec, reason, key.map(Found::variable), key.map(f -> Secret.of(f.value())));
  }

  /** The variable holding a provider's API key; openai-compatible servers may need none (local ones don't). */
  static Optional<String> keyVariable(Provider provider) {
    return switch (provider) {
      case OPENAI, OPENAI_COMPATIBLE -> Optional.of("OPENAI_API_KEY");
      case ANTHROPIC -> Optional.of("ANTHROPIC_API_KEY");
      case GEMINI -> Optional.of("GEMINI_API_KEY");
      case OLLAMA, REPLAY, REFERENCE -> Optional.empty();
    };
  }

  private String nothingConfigured() {
    return "no model configured: pass --model with one of " + ModelSpec.FORMS
        + "; or set " + MODEL_VARIABLE + " to one of those; or set OPENAI_API_KEY (uses " + OPENAI_DEFAULT
        + "), ANTHROPIC_API_KEY (uses " + ANTHROPIC_DEFAULT + "), GEMINI_API_KEY (uses " + GEMINI_DEFAULT
        + ") or OLLAMA_HOST (uses " + OLLAMA_DEFAULT + "); variables may be set in the environment or in "
        + dotEnvFile + " (KEY=VALUE lines)";
  }

  private record KeyDefault(String variable, String spec) {}

  private record Found(String variable, String value) {}

  private record Source(String name, Map<String, String> variables) {
    Optional<String> get(String variable) {
      return Optional.ofNullable(variables.get(variable)).map(String::strip).filter(v -> !v.isEmpty());
    }
  }

  /** The environment, then .env (read once per resolution). */
  private static final class Sources {
    private final List<Source> inOrder;

    Sources(Map<String, String> environment, Path dotEnvFile) {
      this.inOrder = List.of(new Source("the environment", environment),
          new Source(dotEnvFile.toString(), DotEnv.read(dotEnvFile)));
    }

    List<Source> inOrder() {
      return inOrder;
    }

    Optional<String> get(String variable) {
      return find(variable).map(Found::value);
    }

    Optional<Found> find(String variable) {
      return inOrder.stream().flatMap(s -> s.get(variable).stream()).findFirst().map(v -> new Found(variable, v));
    }
  }
}
