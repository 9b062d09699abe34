package dev.ace4j.models;

import dev.ace4j.core.spi.LanguageModel;
import dev.ace4j.core.spi.ModelReply;
import dev.ace4j.core.spi.ModelRequest;
import io.opentelemetry.api.OpenTelemetry;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Builds the {@link LanguageModel} a {@link ModelResolver.Resolution} names, with the optional layers around it:
 * recording ({@code --record FILE}) and the SQLite response cache (off with {@code --no-cache}). Cost is not counted
 * here: the caller prices each reply's token usage with a {@link PriceTable}. The cache works on an SQLite connection
 * the caller opens and closes (ace's CLI opens {@code ACE4J_HOME/ace.db} with ace-coder's {@code SqliteFile}).
 *
 * <pre>{@code
 * Resolution choice = ModelResolver.of(System.getenv(), Path.of(".env")).resolve();
 * try (Connection cache = SqliteFile.open(home.resolve("ace.db"));
 *     Models.Handle model = Models.create(choice, Models.Options.defaults().withCache(cache))) {
 *   ModelReply reply = model.chat(ModelRequest.of("Say hi"));
 * }
 * }</pre>
 */
public final class Models {
  private Models() {}

  /**
   * What to wrap the model in.
   *
   * @param cache an open connection to the SQLite database of the response cache, owned by the caller (the
   *     {@link Handle} never closes it); empty for no cache
   * @param record a JSONL file every exchange is appended to; empty for none
   * @param openTelemetry where the {@code chat {model}} spans and GenAI metrics go
   * @param onRetry hears of each retry of a provider call ({@link ProviderModel.Builder#onRetry})
   * @param maxAttempts attempts per provider call, the first included ({@link ProviderModel.Builder#maxAttempts});
   *     empty for the provider's default
   */
  public record Options(Optional<Connection> cache, Optional<Path> record, OpenTelemetry openTelemetry,
      Consumer<RetryNotice> onRetry, OptionalInt maxAttempts) {
    public Options {
      cache = cache == null ? Optional.empty() : cache;
      record = record == null ? Optional.empty() : record;
      openTelemetry = openTelemetry == null ? OpenTelemetry.noop() : openTelemetry;
      onRetry = onRetry == null ? notice -> {} : onRetry;
      maxAttempts = maxAttempts == null ? OptionalInt.empty() : maxAttempts;
      if (maxAttempts.isPresent() && maxAttempts.getAsInt() < 1) {
        throw new IllegalArgumentException("maxAttempts must be at least 1, got " + maxAttempts.getAsInt());
      }
    }

    /** No cache, no recording, no-op telemetry, retries heard by nobody. */
    public static Options defaults() {
      return new Options(Optional.empty(), Optional.empty(), OpenTelemetry.noop(), notice -> {}, OptionalInt.empty());
    }

    /**
     * These options with the response cache in the database behind {@code connection}, which the caller opened,
     * keeps open while the model is used and closes after the {@link Handle}.
     */
    public Options withCache(Connection connection) {
      return new Options(Optional.of(connection), record, openTelemetry, onRetry, maxAttempts);
    }

    public Options withRecording(Path file) {
      return new Options(cache, Optional.of(file), openTelemetry, onRetry, maxAttempts);
    }

    public Options withOpenTelemetry(OpenTelemetry value) {
      return new Options(cache, record, value, onRetry, maxAttempts);
    }

    public Options withRetryListener(Consumer<RetryNotice> value) {
      return new Options(cache, record, openTelemetry, value, maxAttempts);
    }

    /** These options with {@code value} attempts per provider call; 1 never retries (a health check's ping). */
    public Options withMaxAttempts(int value) {
      return new Options(cache, record, openTelemetry, onRetry, OptionalInt.of(value));
    }
  }

  /**
   * The model and the layers around it; closing it closes what it opened (the HTTP client, the recording), not the
   * cache's connection, which {@link Options#withCache its caller} owns.
   */
  public static final class Handle extends ModelLayer implements AutoCloseable {
    private final LanguageModel outer;
    private final List<AutoCloseable> layers;

    private Handle(LanguageModel outer, List<AutoCloseable> layers) {
      super(outer);
      this.outer = outer;
      this.layers = List.copyOf(layers);
    }

    @Override
    protected ModelReply intercept(ModelRequest request, Function<ModelRequest, ModelReply> proceed) {
      return proceed.apply(request);
    }

    @Override
    public void close() {
      RuntimeException first = null;
      for (int i = layers.size() - 1; i >= 0; i--) {
        try {
          layers.get(i).close();
        } catch (Exception e) {
          if (first == null) {
            first = e instanceof RuntimeException r ? r : new IllegalStateException(e.getMessage(), e);
          }
        }
      }
      if (first != null) {
        throw first;
      }
    }

    @Override
    public String toString() {
      return outer.toString();
    }
  }

  /**
   * The model for {@code choice}: a provider client (or a replay of a recording), then the cache, then recording,
   * from the inside out — so a recording holds every exchange the caller saw, cache hits included, and a replay is
   * never cached or recorded again.
   *
   * @throws ModelConfigurationException for {@code reference}, which only the benchmark harness can answer
   */
  public static Handle create(ModelResolver.Resolution choice, Options options) {
    Objects.requireNonNull(choice, "choice");
    Objects.requireNonNull(options, "options");
    ModelSpec spec = choice.spec();
    List<AutoCloseable> layers = new ArrayList<>();
    LanguageModel model;
    if (spec.provider() == ModelSpec.Provider.REPLAY) {
      model = ReplayModel.open(spec.file().orElseThrow());
    } else if (spec.provider() == ModelSpec.Provider.REFERENCE) {
      throw new ModelConfigurationException("model 'reference' answers with a task's own reference solution: "
          + "use it with ace bench or ace eval, or give a real model with --model");
    } else {
      ProviderModel client = client(choice, options);
      layers.add(client);
      model = client;
      ModelEndpoint endpoint = new ModelEndpoint(spec.provider().prefix(), client.baseUrl(), spec.model());
      if (options.cache().isPresent()) {
        model = CachedModel.over(model, endpoint, options.cache().get());
      }
      if (options.record().isPresent()) {
        RecordingModel recording = RecordingModel.open(model, endpoint, options.record().get());
        layers.add(recording);
        model = recording;
      }
    }
    if (model instanceof AutoCloseable closeable && !layers.contains(closeable)) {
      layers.add(closeable);
    }
    return new Handle(model, layers);
  }

  private static ProviderModel client(ModelResolver.Resolution choice, Options options) {
    ModelSpec spec = choice.spec();
    String key = choice.apiKey().map(Secret::reveal).orElse("");
    Optional<String> base = spec.baseUrl().map(Object::toString);
    ProviderModel.Builder builder = switch (spec.provider()) {
      case OPENAI -> ProviderModel.openAi(spec.model());
      case ANTHROPIC -> ProviderModel.anthropic(spec.model());
      case GEMINI -> ProviderModel.gemini(spec.model());
      // Ollama speaks the OpenAI wire format under /v1.
      case OLLAMA -> ProviderModel.openAiCompatible(
          trimSlash(base.orElse(ModelResolver.OLLAMA_DEFAULT_URL)) + "/v1", spec.model()).providerName("ollama");
      case OPENAI_COMPATIBLE -> ProviderModel.openAiCompatible(base.orElseThrow(), spec.model());
      case REPLAY, REFERENCE -> throw new IllegalStateException("not a provider: " + spec.provider());
    };
    if (spec.provider() != ModelSpec.Provider.OLLAMA && spec.provider() != ModelSpec.Provider.OPENAI_COMPATIBLE) {
      base.ifPresent(builder::baseUrl);
    }
    if (!key.isEmpty()) {
      builder.apiKey(key);
    }
    choice.apiKeyVariable().ifPresent(builder::apiKeyVariable);
    options.maxAttempts().ifPresent(builder::maxAttempts);
    return builder.openTelemetry(options.openTelemetry()).onRetry(options.onRetry()).build();
  }

  private static String trimSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }
}
