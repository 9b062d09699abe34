package dev.ace4j.flow;

import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.junit5.OpenTelemetryExtension;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Sequence, route and conditional steps, the context they pass down, and the spans and metrics they leave. */
class CompositionTest {
  @RegisterExtension
  static final OpenTelemetryExtension otel = OpenTelemetryExtension.create();

  private Flow flow;

  @BeforeEach
  void start() {
    flow = Flow.builder().openTelemetry(otel.getOpenTelemetry()).build();
  }

  @AfterEach
  void stop() {
    flow.close();
  }

  private static Step<Integer, Integer> add(String name, int amount) {
    return Step.of(name, (input, context) -> input + amount);
  }

  @Test
  void runsASequenceInOrderAsChildSpansOfOneSpan() throws Exception {
    Step<Integer, Integer> chain = add("one", 1).then(add("two", 2)).then(add("three", 3));

    assertThat(flow.run(chain, 0)).isEqualTo(6);
    assertThat(chain.name()).isEqualTo("one > two > three");
    SpanData root = span("one > two > three");
    assertThat(otel.getSpans()).filteredOn(s -> !s.equals(root))
        .extracting(SpanData::getName).containsExactlyInAnyOrder("one", "two", "three");
    assertThat(otel.getSpans()).filteredOn(s -> !s.equals(root))
        .allSatisfy(s -> assertThat(s).hasParent(root));
  }

  @Test
  void passesEachPartTheIdsOfItsWorkflowAndItsCause() throws Exception {
    List<Context> seen = new CopyOnWriteArrayList<>();
    Step<String, String> record = Step.of("record", (input, context) -> {
      seen.add(context);
      return input;
    });

    flow.newContext("task-42").run(record.then(record.named("again")), "x");

    assertThat(seen).hasSize(2);
    assertThat(seen).extracting(Context::correlationId).containsOnly("task-42");
    assertThat(seen.get(0).workflowId()).isEqualTo(seen.get(1).workflowId());
    assertThat(seen.get(0).causationId()).isEqualTo(seen.get(1).causationId()).isNotEmpty();
    assertThat(seen.get(0).runId()).isNotEqualTo(seen.get(1).runId());
    assertThat(span("record").getAttributes().get(AttributeKey.stringKey("ace.flow.correlation_id")))
        .isEqualTo("task-42");
  }

  @Test
  void routesByKeyAndFallsBackToTheDefault() throws Exception {
    Step<String, String> route = Steps.route("language", input -> input.split(":")[0],
        Map.of("py", Step.of("python", (String in, Context c) -> "ran python")),
        Step.of("unknown", (String in, Context c) -> "no route"));

    assertThat(flow.run(route, "py:print(1)")).isEqualTo("ran python");
    assertThat(flow.run(route, "rb:puts 1")).isEqualTo("no route");
    assertThat(otel.getSpans()).filteredOn(s -> s.getName().equals("language"))
        .extracting(s -> s.getAttributes().get(AttributeKey.stringKey("ace.flow.route")))
        .containsExactlyInAnyOrder("py", "rb");
  }

  @Test
  void runsOneBranchOfAConditional() throws Exception {
    Step<Integer, String> sign = Steps.conditional("sign", n -> n >= 0,
        Step.of("positive", (Integer n, Context c) -> "+"), Step.of("negative", (Integer n, Context c) -> "-"));

    assertThat(flow.run(sign, 5)).isEqualTo("+");
    assertThat(flow.run(sign, -5)).isEqualTo("-");
    assertThat(otel.getSpans()).extracting(SpanData::getName).containsOnlyOnce("positive", "negative");
  }

  @Test
  void recordsAFailureOnTheSpanAndRethrowsItUnchanged() {
    IllegalStateException boom = new IllegalStateException("boom");
    Step<Integer, Integer> failing = Step.of("failing", (input, context) -> {
      throw boom;
    });

    assertThatThrownBy(() -> flow.run(add("first", 1).then(failing), 1)).isSameAs(boom);
    assertThat(span("failing")).hasStatusSatisfying(s -> s.hasCode(StatusCode.ERROR))
        .hasEventsSatisfyingExactly(event -> event.hasName("exception"));
    assertThat(span("first")).hasStatusSatisfying(s -> s.hasCode(StatusCode.UNSET));
  }

  @Test
  void countsDurationsAndFailuresPerStep() {
    Step<Integer, Integer> failing = Step.of("failing", (input, context) -> {
      throw new IllegalArgumentException("no");
    });

    assertThatThrownBy(() -> flow.run(add("ok", 1).then(failing), 1)).isInstanceOf(IllegalArgumentException.class);

    assertThat(metric("ace.flow.step.duration").getHistogramData().getPoints())
        .extracting(p -> p.getAttributes().get(AttributeKey.stringKey("ace.flow.step")))
        .contains("ok", "failing", "ok > failing");
    assertThat(metric("ace.flow.step.failures").getLongSumData().getPoints())
        .extracting(p -> p.getAttributes().get(AttributeKey.stringKey("ace.flow.step")))
        .containsExactlyInAnyOrder("failing", "ok > failing");
  }

  @Test
  void refusesToStartAStepAfterCancellationOrPastTheDeadline() {
    Context cancelled = flow.newContext();
    cancelled.cancellation().cancel("user pressed stop");
    Context late = flow.newContext().withDeadline(java.time.Instant.now().minusSeconds(1));

    assertThatThrownBy(() -> cancelled.run(add("never", 1), 1))
        .isInstanceOf(StepCancelledException.class).hasMessageContaining("user pressed stop");
    assertThatThrownBy(() -> late.run(add("never", 1), 1))
        .isInstanceOf(StepCancelledException.class).hasMessageContaining("deadline");
    assertThat(otel.getSpans()).isEmpty();
  }

  @Test
  void keepsTheEarlierDeadlineAndPassesAttributesDown() throws Exception {
    Context context = flow.newContext().withTimeout(Duration.ofSeconds(5)).withTimeout(Duration.ofHours(1))
        .withAttribute("task", "fizzbuzz");
    Step<String, String> read = Step.of("read", (input, c) -> c.attribute("task", String.class).orElseThrow()
        + " " + c.remaining().orElseThrow().compareTo(Duration.ofSeconds(5)));

    assertThat(context.run(read, "")).isEqualTo("fizzbuzz -1");
  }

  @Test
  void rejectsABlankNameAndAnEmptyPolicyList() {
    assertThatThrownBy(() -> Step.of(" ", (Integer i, Context c) -> i))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("name");
    assertThatThrownBy(() -> add("x", 1).with())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("policies");
    assertThatThrownBy(() -> flow.newContext().withTimeout(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("timeout");
  }

  @Test
  void appliesPoliciesOuterToInnerWithinTheStepsOwnSpan() throws Exception {
    List<String> order = new CopyOnWriteArrayList<>();
    Policy outer = tracing("outer", order);
    Policy inner = tracing("inner", order);

    assertThat(flow.run(add("work", 1).with(outer, inner), 1)).isEqualTo(2);
    assertThat(order).containsExactly("outer in", "inner in", "inner out", "outer out");
    assertThat(otel.getSpans()).extracting(SpanData::getName).containsExactly("work");
  }

  private static Policy tracing(String name, List<String> order) {
    return new Policy() {
      @Override
      public <I, O> O execute(I input, Context context, Step<I, O> next) throws Exception {
        order.add(name + " in");
        O output = next.apply(input, context);
        order.add(name + " out");
        return output;
      }
    };
  }

  private static SpanData span(String name) {
    return otel.getSpans().stream().filter(s -> s.getName().equals(name)).findFirst().orElseThrow();
  }

  private static MetricData metric(String name) {
    return otel.getMetrics().stream().filter(m -> m.getName().equals(name)).findFirst().orElseThrow();
  }

  @Test
  void marksAClientStepsSpanAsClientThroughPoliciesAndRenaming() throws Exception {
    Policy passThrough = tracing("p", new CopyOnWriteArrayList<>());
    Step<Integer, Integer> call = add("call", 1).asClient().with(passThrough).named("remote call");

    flow.run(call.then(add("local", 1)), 1);

    assertThat(span("remote call")).hasKind(io.opentelemetry.api.trace.SpanKind.CLIENT);
    assertThat(span("local")).hasKind(io.opentelemetry.api.trace.SpanKind.INTERNAL);
  }
}
