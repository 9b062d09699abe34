package dev.ace4j.models;

import dev.ace4j.core.spi.LanguageModel;
import dev.ace4j.core.spi.ModelReply;
import dev.ace4j.core.spi.ModelRequest;
import dev.ace4j.flow.Context;
import dev.ace4j.flow.Flow;
import dev.ace4j.flow.Retry;
import dev.ace4j.flow.Step;
import dev.ace4j.flow.StepCancelledException;
import dev.ace4j.flow.StepTimeoutException;
import dev.ace4j.flow.Timeout;
import dev.ace4j.models.internal.ChatAdapter;
import dev.ace4j.models.internal.Failures;
import dev.ace4j.models.internal.GenAiTelemetry;
import dev.ace4j.models.internal.HttpTransport;
import dev.ace4j.models.internal.Redaction;
import dev.langchain4j.model.anthropic.AnthropicChatModel;
import dev.langchain4j.model.chat.Capability;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.googleai.GoogleAiGeminiChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import io.opentelemetry.api.OpenTelemetry;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * A {@link LanguageModel} backed by a hosted provider or an OpenAI-compatible server, through LangChain4j.
 *
 * <pre>{@code
 * LanguageModel model = ProviderModel.openAi("gpt-4o-mini").apiKey(System.getenv("OPENAI_API_KEY")).build();
 * LanguageModel local = ProviderModel.openAiCompatible("http://localhost:11434/v1", "qwen2.5-coder")
 *     .providerName("ollama").build();
 * }</pre>
 *
 * <p>This class owns the one retry policy of a model call. Each call is one ace-flow step named {@code chat {model}}
 * (a child of the caller's {@link Context}, so its deadline, cancellation and span reach the HTTP call), whose span
 * carries the GenAI attributes. The policy retries {@link ModelException} (429, 5xx, timeouts, refused connections)
 * with exponential backoff, waits what a {@code Retry-After} asks instead (up to {@link Builder#maxRetryAfter}),
 * aborts on {@link ModelRefusedException} (fix the configuration), limits each attempt with a timeout and the whole
 * call with a {@linkplain Builder#totalTimeout total deadline}, and tells {@link Builder#onRetry} of each retry.
 * LangChain4j's own retries and request logging are off, so every attempt is traced here and nothing logs a key.
 * Thread-safe; {@link #close} stops its threads.
 */
public final class ProviderModel implements LanguageModel, AutoCloseable {

  /** The APIs this class speaks. */
  public enum Provider {
    OPENAI("OpenAI", "openai", "OPENAI_API_KEY", "https://api.openai.com/v1"),
    ANTHROPIC("Anthropic", "anthropic", "ANTHROPIC_API_KEY", "https://api.anthropic.com/v1/"),
    GEMINI("Gemini", "gcp.gemini", "GEMINI_API_KEY", "https://generativelanguage.googleapis.com/v1beta");

    private final String displayName;
    private final String conventionName;
    private final String keyVariable;
    private final String publicEndpoint;

    Provider(String displayName, String conventionName, String keyVariable, String publicEndpoint) {
      this.displayName = displayName;
      this.conventionName = conventionName;
      this.keyVariable = keyVariable;
      this.publicEndpoint = publicEndpoint;
    }

    /** The environment variable that conventionally holds this provider's key. */
    public String keyVariable() {
      return keyVariable;
    }
  }

  private final String description;
  private final String baseUrl;
  private final String endpoint;
  private final String model;
  private final int defaultMaxTokens;
  private final ChatModel chatModel;
  private final Failures failures;
  private final GenAiTelemetry telemetry;
  private final Flow flow;
  private final Timeout timeout;
  private final Duration totalTimeout;
  private final Step<ModelRequest, ModelReply> send;
  private final Step<ModelRequest, ModelReply> call;

  private ProviderModel(Builder builder) {
    this.model = builder.model;
    this.defaultMaxTokens = builder.provider == Provider.ANTHROPIC ? builder.defaultMaxTokens : 0;
    String configured = builder.baseUrl;
    this.baseUrl = configured == null ? builder.provider.publicEndpoint : configured;
    this.endpoint = Redaction.scrub(baseUrl, builder.apiKey);
    this.description = builder.displayName + " " + model + " at " + endpoint;
    this.chatModel = chatModel(builder);
    this.failures = new Failures(builder.displayName, model, endpoint, builder.keyVariable, builder.apiKey);
    this.telemetry = new GenAiTelemetry(builder.openTelemetry, builder.providerName, model);
    this.flow = Flow.builder().openTelemetry(builder.openTelemetry).build();
    this.timeout = Timeout.of(builder.timeout);
    this.totalTimeout = builder.totalTimeout;
    this.send = Step.of(GenAiTelemetry.spanName(model), this::send);
    Duration longestWait = builder.maxRetryAfter;
    Consumer<RetryNotice> onRetry = builder.onRetry;
    Retry retry = Retry.builder().maxAttempts(builder.maxAttempts).delay(builder.backoff)
        .maxDelay(builder.backoff.multipliedBy(30))
        .handle(ModelException.class)
        .abortOn(ModelRefusedException.class)
        .delayFnOn(ModelException.class, failure -> failure.retryAfter()
            .map(asked -> asked.compareTo(longestWait) > 0 ? longestWait : asked))
        .onRetryScheduled(scheduled -> onRetry.accept(new RetryNotice(endpoint, scheduled)))
        .build();
    this.call = Step.of(send.name(), this::attempt).with(retry).asClient();
  }

  /** A model on OpenAI's API; the key is usually in {@code OPENAI_API_KEY}. */
  public static Builder openAi(String model) {
    return new Builder(Provider.OPENAI, model);
  }

  /**
   * A model on a server speaking OpenAI's chat completions API at {@code baseUrl} (Ollama's {@code /v1}, vLLM,
   * llama.cpp, LM Studio, OpenRouter). No key unless given; name the server with {@link Builder#providerName}.
   */
  public static Builder openAiCompatible(String baseUrl, String model) {
    Builder builder = new Builder(Provider.OPENAI, model).baseUrl(baseUrl).providerName("openai_compatible")
        .apiKeyVariable("");
    builder.displayName = "OpenAI-compatible server";
    return builder;
  }

  /** A model on Anthropic's messages API; the key is usually in {@code ANTHROPIC_API_KEY}. */
  public static Builder anthropic(String model) {
    return new Builder(Provider.ANTHROPIC, model);
  }

  /** A Gemini model on Google AI Studio's API; the key is usually in {@code GEMINI_API_KEY}. */
  public static Builder gemini(String model) {
    return new Builder(Provider.GEMINI, model);
  }

  /**
   * Sends {@code request} in a workflow of its own; see {@link #chat(ModelRequest, Context)}.
   *
   * @throws ModelException when the provider kept failing transiently (rate limits, 5xx, timeouts, refused
   *     connections) or the total deadline passed
   * @throws ModelRefusedException when the call cannot succeed as configured (key, model, request, base URL)
   */
  @Override
  public ModelReply chat(ModelRequest request) {
    return chat(request, flow.newContext());
  }

  /**
   * Sends {@code request} as a child step of {@code context}, retrying transient failures, within the total deadline
   * or {@code context}'s, whichever comes first.
   *
   * @throws ModelException when the provider kept failing transiently (rate limits, 5xx, timeouts, refused
   *     connections) or the total deadline passed
   * @throws ModelRefusedException when the call cannot succeed as configured (key, model, request, base URL)
   * @throws StepCancelledException when {@code context} is cancelled or past its own deadline
   */
  @Override
  public ModelReply chat(ModelRequest request, Context context) {
    Context bounded = context.withTimeout(totalTimeout);
    try {
      return bounded.call(call, request);
    } catch (StepCancelledException stopped) {
      boolean callerStopped = context.cancellation().isCancelled() || context.deadline()
          .filter(callers -> !callers.isAfter(bounded.deadline().orElseThrow())).isPresent();
      if (callerStopped) {
        throw stopped;
      }
      throw new ModelException(description + " did not answer within the total deadline of "
          + RetryNotice.readable(totalTimeout) + " for one call, retries included", "total deadline passed", 0, null);
    }
  }

  /** The base URL calls go to: the configured one, or the provider's public endpoint. */
  public String baseUrl() {
    return baseUrl;
  }

  /** One attempt: the request under the per-attempt timeout, whose expiry is a transient failure to retry. */
  private ModelReply attempt(ModelRequest request, Context context) throws Exception {
    try {
      return timeout.execute(request, context, send);
    } catch (StepTimeoutException timedOut) {
      throw new ModelException(description + " did not answer within " + timeout.duration().toMillis()
          + " ms per attempt", "no answer within " + timeout.duration().toMillis() + " ms", 0, null);
    }
  }

  private ModelReply send(ModelRequest request, Context context) {
    telemetry.requested(context.span(), request);
    long start = System.nanoTime();
    try {
      ModelReply reply = ChatAdapter.toReply(
          chatModel.chat(ChatAdapter.toChatRequest(request, model, defaultMaxTokens)), model);
      telemetry.answered(context.span(), reply, System.nanoTime() - start);
      return reply;
    } catch (RuntimeException failure) {
      RuntimeException mapped = failures.map(failure);
      telemetry.failed(context.span(), mapped, System.nanoTime() - start);
      throw mapped;
    }
  }

  /** Stops the threads this model's flow started. */
  @Override
  public void close() {
    flow.close();
  }

  /** The provider, model and endpoint; never the key. */
  @Override
  public String toString() {
    return "ProviderModel[" + description + "]";
  }

  private static ChatModel chatModel(Builder b) {
    // LangChain4j's read timeout is a backstop behind the step's Timeout, which fires first and is traced.
    Duration backstop = b.timeout.plusSeconds(1);
    String key = b.apiKey.isBlank() ? null : b.apiKey;
    return switch (b.provider) {
      case OPENAI -> OpenAiChatModel.builder().baseUrl(b.baseUrl).apiKey(key == null ? "none" : key)
          .modelName(b.model).timeout(backstop).maxRetries(0).logRequests(false).logResponses(false)
          .httpClientBuilder(HttpTransport.builder())
          .supportedCapabilities(Capability.RESPONSE_FORMAT_JSON_SCHEMA).build();
      case ANTHROPIC -> AnthropicChatModel.builder().baseUrl(b.baseUrl).apiKey(key).modelName(b.model)
          .maxTokens(b.defaultMaxTokens).timeout(backstop).maxRetries(0).logRequests(false).logResponses(false)
          .httpClientBuilder(HttpTransport.builder())
          .supportedCapabilities(Capability.RESPONSE_FORMAT_JSON_SCHEMA).build();
      case GEMINI -> GoogleAiGeminiChatModel.builder().baseUrl(b.baseUrl).apiKey(key).modelName(b.model)
          .timeout(backstop).maxRetries(0).logRequestsAndResponses(false).logRequests(false).logResponses(false)
          .httpClientBuilder(HttpTransport.builder())
          .supportedCapabilities(Capability.RESPONSE_FORMAT_JSON_SCHEMA).build();
    };
  }

  /** Configures a {@link ProviderModel}; not thread-safe. */
  public static final class Builder {
    private final Provider provider;
    private final String model;
    private String displayName;
    private String providerName;
    private String keyVariable;
    private String apiKey = "";
    private @Nullable String baseUrl;
    private Duration timeout = Duration.ofSeconds(120);
    private int maxAttempts = 4;
    private Duration backoff = Duration.ofSeconds(1);
    private Duration maxRetryAfter = Duration.ofSeconds(60);
    private Duration totalTimeout = Duration.ofMinutes(5);
    private Consumer<RetryNotice> onRetry = notice -> {};
    private int defaultMaxTokens = 4096;
    private OpenTelemetry openTelemetry = OpenTelemetry.noop();

    private Builder(Provider provider, String model) {
      if (model == null || model.isBlank()) {
        throw new IllegalArgumentException("model must not be blank: give the provider's model name");
      }
      this.provider = provider;
      this.model = model;
      this.displayName = provider.displayName;
      this.providerName = provider.conventionName;
      this.keyVariable = provider.keyVariable;
    }

    /** The API key. Kept out of every message, span and {@code toString}. */
    public Builder apiKey(String value) {
      this.apiKey = value == null ? "" : value;
      return this;
    }

    /** Where the API is; default: the provider's public endpoint. */
    public Builder baseUrl(String value) {
      this.baseUrl = Objects.requireNonNull(value, "baseUrl");
      return this;
    }

    /** The {@code gen_ai.provider.name} of the spans and metrics, e.g. {@code ollama} or {@code vllm}. */
    public Builder providerName(String value) {
      this.providerName = Objects.requireNonNull(value, "providerName");
      return this;
    }

    /** The environment variable an authentication error tells the user to fix; empty names none. */
    public Builder apiKeyVariable(String value) {
      this.keyVariable = Objects.requireNonNull(value, "apiKeyVariable");
      return this;
    }

    /** The limit on one attempt. Default 120 s. */
    public Builder timeout(Duration value) {
      this.timeout = Objects.requireNonNull(value, "timeout");
      return this;
    }

    /** Attempts per call, the first included; 1 never retries. Default 4. */
    public Builder maxAttempts(int value) {
      this.maxAttempts = value;
      return this;
    }

    /** The first retry's wait, doubling after each retry. Default 1 s. */
    public Builder backoff(Duration value) {
      this.backoff = Objects.requireNonNull(value, "backoff");
      return this;
    }

    /** The longest {@code Retry-After} honoured; longer requests wait this long. Default 60 s. */
    public Builder maxRetryAfter(Duration value) {
      this.maxRetryAfter = Objects.requireNonNull(value, "maxRetryAfter");
      return this;
    }

    /**
     * The limit on one call, all attempts and waits included; the caller's deadline applies too when it is earlier.
     * Default 5 min.
     */
    public Builder totalTimeout(Duration value) {
      this.totalTimeout = Objects.requireNonNull(value, "totalTimeout");
      return this;
    }

    /** Hears of each retry once, before its wait (the CLI prints a progress line). Default: nothing. */
    public Builder onRetry(Consumer<RetryNotice> listener) {
      this.onRetry = Objects.requireNonNull(listener, "onRetry");
      return this;
    }

    /** Anthropic only: the reply cap sent when a request sets none (the API requires one). Default 4096. */
    public Builder defaultMaxTokens(int value) {
      this.defaultMaxTokens = value;
      return this;
    }

    /** Where spans and metrics go. Default: no-op. */
    public Builder openTelemetry(OpenTelemetry value) {
      this.openTelemetry = Objects.requireNonNull(value, "openTelemetry");
      return this;
    }

    /**
     * @throws IllegalArgumentException naming the environment variable when a hosted provider has no key, or
     *     naming the setting that is out of range
     */
    public ProviderModel build() {
      if (apiKey.isBlank() && !keyVariable.isEmpty()) {
        throw new IllegalArgumentException("no API key for " + displayName + ": set " + keyVariable);
      }
      if (maxAttempts < 1) {
        throw new IllegalArgumentException("maxAttempts must be at least 1, got " + maxAttempts);
      }
      if (defaultMaxTokens < 1) {
        throw new IllegalArgumentException("defaultMaxTokens must be at least 1, got " + defaultMaxTokens);
      }
      if (maxRetryAfter.isNegative()) {
        throw new IllegalArgumentException("maxRetryAfter must not be negative, got " + maxRetryAfter);
      }
      if (totalTimeout.isNegative() || totalTimeout.isZero()) {
        throw new IllegalArgumentException("totalTimeout must be positive, got " + totalTimeout);
      }
      return new ProviderModel(this);
    }
  }
}
