package dev.ace4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The {@code --trace} tree, from spans made with the real SDK. */
class TraceSummaryTest {
  private final InMemorySpanExporter spans = InMemorySpanExporter.create();
  private final SdkTracerProvider provider =
      SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build();
  private final Tracer tracer = provider.get("test");

  @AfterEach
  void closeProvider() {
    provider.close();
  }

  @Test
  void printsNothingWithoutSpans() {
    assertThat(TraceSummary.lines(List.of())).isEmpty();
  }

  @Test
  void indentsEachChildBeneathItsParentInTheOrderTheyStarted() {
    Span root = tracer.spanBuilder("workflow").startSpan();
    child("fetch", root).end();
    Span parse = child("parse", root);
    child("tokenize", parse).end();
    parse.end();
    root.end();

    List<String> lines = TraceSummary.lines(spans.getFinishedSpanItems());

    assertThat(lines).hasSize(5);
    assertThat(lines.get(0)).isEqualTo("ace: trace " + root.getSpanContext().getTraceId());
    assertThat(lines.subList(1, 5)).satisfiesExactly(
        line -> assertThat(line).startsWith("  workflow  "),
        line -> assertThat(line).startsWith("    fetch  "),
        line -> assertThat(line).startsWith("    parse  "),
        line -> assertThat(line).startsWith("      tokenize  "));
  }

  @Test
  void showsDurationStatusAttributesAndEventsOnTheSpansLine() {
    Span span = tracer.spanBuilder("model.call").setAttribute("ace.model", "gpt-x").startSpan();
    span.addEvent("retry", Attributes.of(AttributeKey.longKey("ace.flow.attempt"), 2L));
    span.addEvent("fallback");
    span.setStatus(StatusCode.ERROR, "gave up");
    span.end();

    String line = TraceSummary.lines(spans.getFinishedSpanItems()).get(1);

    assertThat(line).matches("  model\\.call  \\d+\\.\\d ms  error \\(gave up\\)  ace\\.model=gpt-x"
        + " \\| retry\\{ace\\.flow\\.attempt=2\\} \\| fallback");
  }

  @Test
  void keepsAFailureOnOneLineWithoutItsStackTrace() {
    Span span = tracer.spanBuilder("step").startSpan();
    span.recordException(new IllegalStateException("first line\nsecond line"));
    span.end();

    List<String> lines = TraceSummary.lines(spans.getFinishedSpanItems());

    assertThat(lines).hasSize(2);
    assertThat(lines.get(1)).contains("exception{", "exception.message=first line second line",
        "exception.type=java.lang.IllegalStateException").doesNotContain("\tat ", "TraceSummaryTest");
  }

  @Test
  void leavesOutTheRunIdsAceFlowPutsOnEverySpan() {
    tracer.spanBuilder("step")
        .setAttribute("ace.flow.workflow_id", "0f0e")
        .setAttribute("ace.flow.run_id", "1a2b")
        .setAttribute("ace.flow.step_kind", "leaf")
        .startSpan().end();

    String line = TraceSummary.lines(spans.getFinishedSpanItems()).get(1);

    assertThat(line).endsWith("ok  ace.flow.step_kind=leaf").doesNotContain("0f0e", "1a2b");
  }

  private Span child(String name, Span parent) {
    return tracer.spanBuilder(name).setParent(Context.root().with(parent)).startSpan();
  }
}
