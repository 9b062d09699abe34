package dev.ace4j.models;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Which model to talk to, as the user writes it: {@code openai:MODEL}, {@code anthropic:MODEL}, {@code gemini:MODEL},
 * {@code ollama:MODEL}, {@code openai-compatible:MODEL} (with a base URL), {@code replay:FILE} or {@code reference}.
 *
 * @param provider who serves the model
 * @param model the model name as the provider spells it; empty for {@code replay} and {@code reference}
 * @param baseUrl the server to talk to instead of the provider's default; required for {@code openai-compatible}
 * @param file the recording to play back, for {@code replay} only
 */
public record ModelSpec(Provider provider, String model, Optional<URI> baseUrl, Optional<Path> file) {

  /** The accepted forms, for error messages. */
  public static final String FORMS = "openai:MODEL, anthropic:MODEL, gemini:MODEL, ollama:MODEL, "
      + "openai-compatible:MODEL (with --base-url or OPENAI_BASE_URL), replay:FILE, reference";

  /** Who serves a model; {@link #prefix()} is how a spec names it. */
  public enum Provider {
    OPENAI("openai"),
    ANTHROPIC("anthropic"),
    GEMINI("gemini"),
    OLLAMA("ollama"),
    OPENAI_COMPATIBLE("openai-compatible"),
    REPLAY("replay"),
    REFERENCE("reference");

    private final String prefix;

    Provider(String prefix) {
      this.prefix = prefix;
    }

    public String prefix() {
      return prefix;
    }

    /** The provider a spec prefix names, e.g. {@code openai-compatible}; empty when none does. */
    public static Optional<Provider> byPrefix(String prefix) {
      return Arrays.stream(values()).filter(p -> p.prefix.equals(prefix)).findFirst();
    }

    /** Whether this provider is reached over HTTP, so a base URL means something for it. */
    public boolean isRemote() {
      return this != REPLAY && this != REFERENCE;
    }
  }

  public ModelSpec {
    Objects.requireNonNull(provider, "provider");
    model = model == null ? "" : model;
    baseUrl = baseUrl == null ? Optional.empty() : baseUrl;
    file = file == null ? Optional.empty() : file;
  }

  /** Parses {@code text} with no base URL given. */
  public static ModelSpec parse(String text) {
    return parse(text, Optional.empty());
  }

  /**
   * Parses {@code text}, e.g. {@code openai:gpt-4o-mini} or {@code ollama:qwen2.5-coder:7b} (the model name is
   * everything after the first colon).
   *
   * @param baseUrl the server to use ({@code --base-url}, or {@code OPENAI_BASE_URL} as the caller decides); required
   *     for {@code openai-compatible}, optional for the other HTTP providers, rejected for replay and reference
   * @throws ModelConfigurationException naming the spec and listing the accepted forms
   */
  public static ModelSpec parse(String text, Optional<String> baseUrl) {
    String spec = text == null ? "" : text.strip();
    if (spec.equals(Provider.REFERENCE.prefix)) {
      return withBaseUrl(new ModelSpec(Provider.REFERENCE, "", Optional.empty(), Optional.empty()), spec, baseUrl);
    }
    int colon = spec.indexOf(':');
    if (colon < 0) {
      throw bad(spec, "it has no provider prefix");
    }
    String prefix = spec.substring(0, colon).toLowerCase(Locale.ROOT);
    String rest = spec.substring(colon + 1).strip();
    Provider provider = Provider.byPrefix(prefix).orElseThrow(() -> bad(spec, "\"" + prefix + "\" is not a provider"));
    if (provider == Provider.REFERENCE) {
      throw bad(spec, "reference takes no model name");
    }
    if (rest.isEmpty()) {
      throw bad(spec, provider == Provider.REPLAY ? "the file is missing" : "the model name is missing");
    }
    if (provider == Provider.REPLAY) {
      return withBaseUrl(new ModelSpec(provider, "", Optional.empty(), Optional.of(Path.of(rest))), spec, baseUrl);
    }
    if (rest.chars().anyMatch(Character::isWhitespace)) {
      throw bad(spec, "a model name has no spaces");
    }
    return withBaseUrl(new ModelSpec(provider, rest, Optional.empty(), Optional.empty()), spec, baseUrl);
  }

  private static ModelSpec withBaseUrl(ModelSpec parsed, String spec, Optional<String> baseUrl) {
    Optional<String> given = baseUrl == null ? Optional.empty() : baseUrl.map(String::strip).filter(s -> !s.isEmpty());
    if (given.isEmpty()) {
      if (parsed.provider == Provider.OPENAI_COMPATIBLE) {
        throw bad(spec, "openai-compatible needs the server's URL: pass --base-url URL or set OPENAI_BASE_URL");
      }
      return parsed;
    }
    if (!parsed.provider.isRemote()) {
      throw bad(spec, "a base URL does not apply to " + parsed.provider.prefix + "; drop --base-url");
    }
    return parsed.withBaseUrl(url(spec, given.get()));
  }

  private static URI url(String spec, String text) {
    try {
      URI uri = new URI(text);
      if (uri.getHost() == null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
        throw bad(spec, "the base URL must look like http://host:port/v1");
      }
      return uri;
    } catch (URISyntaxException e) {
      throw bad(spec, "the base URL is not a URL (expected http://host:port/v1)");
    }
  }

  private static ModelConfigurationException bad(String spec, String why) {
    return new ModelConfigurationException(
        "bad model spec \"" + spec + "\": " + why + "; use one of " + FORMS);
  }

  /** This spec talking to {@code url} instead. */
  public ModelSpec withBaseUrl(URI url) {
    return new ModelSpec(provider, model, Optional.of(url), file);
  }

  /** The spec as a user writes it: {@code openai:gpt-4o-mini}, {@code replay:run.jsonl}, {@code reference}. */
  public String text() {
    return switch (provider) {
      case REFERENCE -> provider.prefix;
      case REPLAY -> provider.prefix + ":" + file.map(Path::toString).orElse("");
      default -> provider.prefix + ":" + model;
    };
  }

  /**
   * The spec and its server, for messages and {@code ace doctor}. User info and query are left out of the URL: a
   * base URL may carry credentials.
   */
  @Override
  public String toString() {
    return baseUrl.map(u -> text() + " at " + redacted(u)).orElse(text());
  }

  private static String redacted(URI uri) {
    String port = uri.getPort() < 0 ? "" : ":" + uri.getPort();
    String path = uri.getRawPath() == null ? "" : uri.getRawPath();
    return uri.getScheme() + "://" + uri.getHost() + port + path;
  }
}
