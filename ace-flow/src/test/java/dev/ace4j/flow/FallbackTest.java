package dev.ace4j.flow;

import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.assertThat;
import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.equalTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.testing.junit5.OpenTelemetryExtension;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Ordered fallbacks: which step runs, what is rethrown, and the events on the span. */
class FallbackTest {
  @RegisterExtension
  static final OpenTelemetryExtension otel = OpenTelemetryExtension.create();

  private static final AttributeKey<String> FAILED_STEP = AttributeKey.stringKey("ace.flow.fallback.failed_step");
  private static final AttributeKey<String> EXCEPTION_TYPE = AttributeKey.stringKey("exception.type");
  private static final AttributeKey<String> NEXT_STEP = AttributeKey.stringKey("ace.flow.fallback.next_step");

  private final List<String> tried = new CopyOnWriteArrayList<>();
  private Flow flow;

  @BeforeEach
  void start() {
    flow = Flow.builder().openTelemetry(otel.getOpenTelemetry()).build();
  }

  @AfterEach
  void stop() {
    flow.close();
  }

  @Test
  void returnsThePrimaryResultWithoutTryingTheFallbacks() throws Exception {
    assertThat(flow.run(Fallback.of(answering("primary"), answering("backup")), "x")).isEqualTo("primary");
    assertThat(tried).containsExactly("primary");
  }

  @Test
  void triesTheFallbacksInOrderUntilOneSucceeds() throws Exception {
    Step<String, String> step = Fallback.of(failing("primary", new IOException("down")),
        failing("replica", new IOException("down too")), answering("canned"), answering("never"));

    assertThat(flow.run(step, "x")).isEqualTo("canned");
    assertThat(tried).containsExactly("primary", "replica", "canned");
  }

  @Test
  void recordsAFallbackEventNamingTheFailedStepItsExceptionTypeAndTheNextStep() throws Exception {
    Fallback<String, String> step = Fallback.of(failing("primary", new IOException("down")),
        failing("replica", new IllegalStateException("odd")), answering("canned"));

    flow.run(step, "x");

    assertThat(span("primary or replica or canned")).hasEventsSatisfyingExactly(
        event -> event.hasName("fallback").hasAttributesSatisfyingExactly(
            equalTo(FAILED_STEP, "primary"),
            equalTo(EXCEPTION_TYPE, "java.io.IOException"),
            equalTo(NEXT_STEP, "replica")),
        event -> event.hasName("fallback").hasAttributesSatisfyingExactly(
            equalTo(FAILED_STEP, "replica"),
            equalTo(EXCEPTION_TYPE, "java.lang.IllegalStateException"),
            equalTo(NEXT_STEP, "canned")));
  }

  @Test
  void runsEachTryAsAChildSpan() throws Exception {
    flow.run(Fallback.of(failing("primary", new IOException("down")), answering("backup")).named("answer"), "x");

    SpanData parent = span("answer");
    assertThat(span("primary")).hasParent(parent);
    assertThat(span("backup")).hasParent(parent);
  }

  @Test
  void rethrowsTheLastFailureWithTheEarlierOnesSuppressedWhenAllFail() {
    IOException first = new IOException("first");
    IllegalStateException second = new IllegalStateException("second");
    UnsupportedOperationException last = new UnsupportedOperationException("last");
    Step<String, String> step = Fallback.of(failing("a", first), failing("b", second), failing("c", last));

    assertThatThrownBy(() -> flow.run(step, "x")).isSameAs(last)
        .satisfies(e -> assertThat(e.getSuppressed()).containsExactly(first, second));
  }

  @Test
  void fallsBackOnlyOnTheHandledExceptionTypes() throws Exception {
    Step<String, String> io = Fallback.of(failing("primary", new IOException("down")), answering("backup"))
        .handle(IOException.class, UncheckedIOException.class);
    IllegalStateException bug = new IllegalStateException("bug");
    Step<String, String> other = Fallback.of(failing("buggy", bug), answering("unused"))
        .handle(IOException.class, UncheckedIOException.class);

    assertThat(flow.run(io, "x")).isEqualTo("backup");
    assertThatThrownBy(() -> flow.run(other, "x")).isSameAs(bug);
    assertThat(tried).containsExactly("primary", "backup", "buggy");
  }

  @Test
  void fallsBackOnlyOnFailuresThePredicateAccepts() {
    IOException fatal = new IOException("fatal: disk full");
    Step<String, String> step = Fallback.of(failing("primary", fatal), answering("backup"))
        .handleIf(e -> !e.getMessage().startsWith("fatal"));

    assertThatThrownBy(() -> flow.run(step, "x")).isSameAs(fatal);
    assertThat(tried).containsExactly("primary");
  }

  @Test
  void neverFallsBackOnCancellation() {
    StepCancelledException cancelled = new StepCancelledException("workflow was cancelled");

    assertThatThrownBy(() -> flow.run(Fallback.of(failing("primary", cancelled), answering("backup")), "x"))
        .isSameAs(cancelled);
    assertThat(tried).containsExactly("primary");
  }

  @Test
  void rejectsAFallbackWithoutFallbacks() {
    assertThatThrownBy(() -> Fallback.of(answering("alone")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("fallbacks must not be empty");
    assertThatThrownBy(() -> Fallback.of(answering("primary"), (Step<String, String>) null))
        .isInstanceOf(NullPointerException.class).hasMessageContaining("fallback");
  }

  private Step<String, String> answering(String name) {
    return Step.of(name, (input, context) -> {
      tried.add(name);
      return name;
    });
  }

  private Step<String, String> failing(String name, Exception failure) {
    return Step.of(name, (input, context) -> {
      tried.add(name);
      throw failure;
    });
  }

  private static SpanData span(String name) {
    return otel.getSpans().stream().filter(s -> s.getName().equals(name)).findFirst().orElseThrow();
  }
}
