package dev.ace4j.models.internal;

import dev.ace4j.core.spi.ModelReply;
import dev.ace4j.core.spi.ModelRequest;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongHistogram;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.trace.Span;
import org.jspecify.annotations.Nullable;

/**
 * The OpenTelemetry GenAI semantic conventions (Development stability, pinned here so renames touch one file) for
 * one chat call: attributes on the call's span and the two client metrics. Never records message content or keys.
 */
public final class GenAiTelemetry {
  public static final AttributeKey<String> OPERATION = AttributeKey.stringKey("gen_ai.operation.name");
  public static final AttributeKey<String> PROVIDER = AttributeKey.stringKey("gen_ai.provider.name");
  /** Deprecated by {@link #PROVIDER}; still read by many backends. */
  public static final AttributeKey<String> SYSTEM = AttributeKey.stringKey("gen_ai.system");
  public static final AttributeKey<String> REQUEST_MODEL = AttributeKey.stringKey("gen_ai.request.model");
  public static final AttributeKey<Double> REQUEST_TEMPERATURE = AttributeKey.doubleKey("gen_ai.request.temperature");
  public static final AttributeKey<Long> REQUEST_MAX_TOKENS = AttributeKey.longKey("gen_ai.request.max_tokens");
  public static final AttributeKey<String> OUTPUT_TYPE = AttributeKey.stringKey("gen_ai.output.type");
  public static final AttributeKey<String> RESPONSE_MODEL = AttributeKey.stringKey("gen_ai.response.model");
  public static final AttributeKey<Long> INPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.input_tokens");
  public static final AttributeKey<Long> OUTPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.output_tokens");
  public static final AttributeKey<String> TOKEN_TYPE = AttributeKey.stringKey("gen_ai.token.type");
  public static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
  public static final AttributeKey<String> ROLE = AttributeKey.stringKey("ace.role");
  public static final String SCOPE = "dev.ace4j.models";

  private final String provider;
  private final String model;
  private final LongHistogram tokenUsage;
  private final DoubleHistogram duration;

  /** Instruments for calls to {@code model} of {@code provider} (a {@code gen_ai.provider.name} value). */
  public GenAiTelemetry(OpenTelemetry openTelemetry, String provider, String model) {
    this.provider = provider;
    this.model = model;
    Meter meter = openTelemetry.getMeter(SCOPE);
    this.tokenUsage = meter.histogramBuilder("gen_ai.client.token.usage").ofLongs().setUnit("{token}")
        .setDescription("Number of input and output tokens used").build();
    this.duration = meter.histogramBuilder("gen_ai.client.operation.duration").setUnit("s")
        .setDescription("GenAI operation duration").build();
  }

  /** The span name the conventions give a chat call: {@code chat {model}}. */
  public static String spanName(String model) {
    return "chat " + model;
  }

  /** Describes the request on {@code span}. */
  public void requested(Span span, ModelRequest request) {
    span.setAttribute(OPERATION, "chat");
    span.setAttribute(PROVIDER, provider);
    span.setAttribute(SYSTEM, provider);
    span.setAttribute(REQUEST_MODEL, model);
    span.setAttribute(REQUEST_TEMPERATURE, request.temperature());
    span.setAttribute(OUTPUT_TYPE, request.responseFormat().kind() == dev.ace4j.core.spi.ResponseFormat.Kind.TEXT
        ? "text" : "json");
    if (request.maxTokens().isPresent()) {
      span.setAttribute(REQUEST_MAX_TOKENS, (long) request.maxTokens().getAsInt());
    }
    if (!request.role().isEmpty()) {
      span.setAttribute(ROLE, request.role());
    }
  }

  /** Records a successful attempt: response model and usage on {@code span}, and both metrics. */
  public void answered(Span span, ModelReply reply, long nanos) {
    span.setAttribute(RESPONSE_MODEL, reply.modelId());
    span.setAttribute(INPUT_TOKENS, reply.usage().inputTokens());
    span.setAttribute(OUTPUT_TOKENS, reply.usage().outputTokens());
    Attributes base = metricAttributes(reply.modelId(), null);
    tokenUsage.record(reply.usage().inputTokens(), base.toBuilder().put(TOKEN_TYPE, "input").build());
    tokenUsage.record(reply.usage().outputTokens(), base.toBuilder().put(TOKEN_TYPE, "output").build());
    duration.record(nanos / 1e9, base);
  }

  /** Records a failed attempt: {@code error.type} on {@code span} and in the duration metric. */
  public void failed(Span span, Throwable failure, long nanos) {
    String type = failure.getClass().getName();
    span.setAttribute(ERROR_TYPE, type);
    duration.record(nanos / 1e9, metricAttributes(null, type));
  }

  private Attributes metricAttributes(@Nullable String responseModel, @Nullable String errorType) {
    AttributesBuilder attributes = Attributes.builder().put(OPERATION, "chat").put(PROVIDER, provider)
        .put(REQUEST_MODEL, model);
    if (responseModel != null && !responseModel.isEmpty()) {
      attributes.put(RESPONSE_MODEL, responseModel);
    }
    if (errorType != null) {
      attributes.put(ERROR_TYPE, errorType);
    }
    return attributes.build();
  }
}
