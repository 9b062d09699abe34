package dev.ace4j.models;

import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.assertThat;
import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.equalTo;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ace4j.core.spi.ModelRequest;
import dev.ace4j.models.FakeProvider.Answer;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.testing.junit5.OpenTelemetryExtension;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The {@code chat {model}} span and the GenAI metrics. */
class ProviderTelemetryTest {
  @RegisterExtension
  static final OpenTelemetryExtension otel = OpenTelemetryExtension.create();

  static final String KEY = "sk-test-telemetry-abcdef";

  ProviderModel model(FakeProvider server) {
    return ProviderModel.openAi("gpt-x").baseUrl(server.url("/v1")).apiKey(KEY).timeout(Duration.ofSeconds(5))
        .backoff(Duration.ofMillis(10)).openTelemetry(otel.getOpenTelemetry()).build();
  }

  @Test
  void aCallIsOneChatSpanWithGenAiAttributesAndUsage() throws Exception {
    try (FakeProvider server = FakeProvider.answering(Answer.ok(Wire.openAi("hi", "gpt-x-0613", 12, 3)));
        ProviderModel model = model(server)) {
      model.chat(ModelRequest.of("hello").withRole("reflector"));
    }
    List<SpanData> spans = otel.getSpans();
    assertThat(spans).hasSize(1);
    assertThat(spans.get(0)).hasName("chat gpt-x").hasKind(io.opentelemetry.api.trace.SpanKind.CLIENT).hasAttributesSatisfying(
        equalTo(AttributeKey.stringKey("gen_ai.operation.name"), "chat"),
        equalTo(AttributeKey.stringKey("gen_ai.provider.name"), "openai"),
        equalTo(AttributeKey.stringKey("gen_ai.system"), "openai"),
        equalTo(AttributeKey.stringKey("gen_ai.request.model"), "gpt-x"),
        equalTo(AttributeKey.stringKey("gen_ai.response.model"), "gpt-x-0613"),
        equalTo(AttributeKey.doubleKey("gen_ai.request.temperature"), 0.0),
        equalTo(AttributeKey.longKey("gen_ai.usage.input_tokens"), 12L),
        equalTo(AttributeKey.longKey("gen_ai.usage.output_tokens"), 3L),
        equalTo(AttributeKey.stringKey("ace.role"), "reflector"));
    assertThat(otel.getMetrics()).anySatisfy(metric -> assertThat(metric).hasName("gen_ai.client.token.usage")
        .hasHistogramSatisfying(h -> h.hasPointsSatisfying(
            p -> p.hasSum(12).hasAttributesSatisfying(equalTo(AttributeKey.stringKey("gen_ai.token.type"), "input")),
            p -> p.hasSum(3).hasAttributesSatisfying(
                equalTo(AttributeKey.stringKey("gen_ai.token.type"), "output")))));
    assertThat(otel.getMetrics()).anySatisfy(metric -> assertThat(metric)
        .hasName("gen_ai.client.operation.duration").hasUnit("s"));
  }

  @Test
  void aRetryAfterWaitIsTheDelayOfTheRetryEventOfTheSameSpan() throws Exception {
    try (FakeProvider server = FakeProvider.answering(
        Answer.status(429, "{}").withHeader("Retry-After", "0.3"), Answer.ok(Wire.openAi("ok", "gpt-x", 1, 1)));
        ProviderModel model = model(server)) {
      model.chat(ModelRequest.of("hello"));
    }
    SpanData span = otel.getSpans().get(0);
    assertThat(otel.getSpans()).hasSize(1);
    assertThat(span).hasEventsSatisfying(events -> org.assertj.core.api.Assertions.assertThat(events)
        .anySatisfy(e -> {
          assertThat(e).hasName("retry");
          org.assertj.core.api.Assertions.assertThat(
              e.getAttributes().get(AttributeKey.longKey("ace.flow.retry.delay_ms"))).isEqualTo(300L);
        }));
  }

  @Test
  void noSpanAttributeOrEventOrExceptionOrToStringContainsTheKey() throws Exception {
    try (FakeProvider server = FakeProvider.answering(
        Answer.status(401, "{\"error\":\"bad key " + KEY + " (Bearer " + KEY + ")\"}"));
        ProviderModel model = model(server)) {
      assertThatThrownBy(() -> model.chat(ModelRequest.of("hello")))
          .satisfies(e -> org.assertj.core.api.Assertions.assertThat(stackTrace(e)).doesNotContain(KEY)
              .doesNotContain("abcdef"));
      org.assertj.core.api.Assertions.assertThat(model.toString()).doesNotContain(KEY).contains("gpt-x");
    }
    SpanData span = otel.getSpans().get(0);
    org.assertj.core.api.Assertions.assertThat(span.getStatus().getDescription()).doesNotContain("abcdef");
    org.assertj.core.api.Assertions.assertThat(span.getAttributes().toString()).doesNotContain("abcdef");
    org.assertj.core.api.Assertions.assertThat(span.getEvents().toString()).doesNotContain("abcdef");
  }

  private static String stackTrace(Throwable e) {
    java.io.StringWriter out = new java.io.StringWriter();
    e.printStackTrace(new java.io.PrintWriter(out));
    return out.toString();
  }
}
