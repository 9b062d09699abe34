package dev.ace4j.flow;

import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.assertThat;
import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.equalTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.testing.junit5.OpenTelemetryExtension;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Sagas: steps in order, compensations in reverse, and the original failure always on top. */
class SagaTest {
  @RegisterExtension
  static final OpenTelemetryExtension otel = OpenTelemetryExtension.create();

  private static final AttributeKey<String> STEP = AttributeKey.stringKey("ace.flow.saga.step");
  private static final AttributeKey<String> COMPENSATION = AttributeKey.stringKey("ace.flow.saga.compensation");

  /** What ran, in order: "step:input" and "undo:output". */
  private final List<String> log = new CopyOnWriteArrayList<>();
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
  void runsEachStepOnThePreviousOutputAndCompensatesNothingWhenAllSucceed() throws Exception {
    Saga<Integer, String> saga = Saga.<Integer>builder("order")
        .step(append("reserve", "r"), undo("release"))
        .step(append("charge", "c"), undo("refund"))
        .build();

    assertThat(flow.run(saga, 1)).isEqualTo("1rc");
    assertThat(log).containsExactly("reserve:1", "charge:1r");
  }

  @Test
  void compensatesTheCompletedStepsInReverseOrderWhenAStepFails() {
    Saga<Integer, String> saga = Saga.<Integer>builder("order")
        .step(append("reserve", "r"), undo("release"))
        .step(append("charge", "c"), undo("refund"))
        .step(append("label", "l"), undo("discard"))
        .step(failing("ship", new IllegalStateException("no truck")), undo("recall"))
        .build();

    assertThatThrownBy(() -> flow.run(saga, 1)).hasMessage("no truck");
    assertThat(log).containsExactly("reserve:1", "charge:1r", "label:1rc", "ship:1rcl",
        "discard:1rcl", "refund:1rc", "release:1r");
  }

  @Test
  void givesEachCompensationWhatItsOwnStepReturned() {
    List<Object> refunded = new CopyOnWriteArrayList<>();
    Step<Integer, Integer> charge = Step.of("charge", (amount, context) -> amount * 100);
    Step<Integer, Void> refund = Step.of("refund", (cents, context) -> {
      refunded.add(cents);
      return null;
    });
    Saga<Integer, String> saga = Saga.<Integer>builder("order")
        .step(charge, refund)
        .step(failing("ship", new IllegalStateException("no truck")), undo("recall"))
        .build();

    assertThatThrownBy(() -> flow.run(saga, 7)).hasMessage("no truck");
    assertThat(refunded).containsExactly(700);
  }

  @Test
  void rethrowsTheOriginalFailureWithCompensationFailuresSuppressed() {
    IllegalStateException original = new IllegalStateException("no truck");
    IllegalArgumentException refundFailed = new IllegalArgumentException("card expired");
    Saga<Integer, String> saga = Saga.<Integer>builder("order")
        .step(append("charge", "c"), failing("refund", refundFailed))
        .step(failing("ship", original), undo("recall"))
        .build();

    assertThatThrownBy(() -> flow.run(saga, 1)).isSameAs(original)
        .satisfies(e -> assertThat(e.getSuppressed()).containsExactly(refundFailed));
  }

  @Test
  void keepsCompensatingAfterACompensationFails() {
    Saga<Integer, String> saga = Saga.<Integer>builder("order")
        .step(append("reserve", "r"), undo("release"))
        .step(append("charge", "c"), failing("refund", new IllegalArgumentException("card expired")))
        .step(append("label", "l"), failing("discard", new IllegalStateException("printer jam")))
        .step(failing("ship", new IllegalStateException("no truck")), undo("recall"))
        .build();

    assertThatThrownBy(() -> flow.run(saga, 1)).hasMessage("no truck")
        .satisfies(e -> assertThat(e.getSuppressed()).extracting(Throwable::getMessage)
            .containsExactly("printer jam", "card expired"));
    assertThat(log).endsWith("discard:1rcl", "refund:1rc", "release:1r");
  }

  @Test
  void runsEachCompensationAsAChildSpanAnnouncedByACompensateEvent() {
    Saga<Integer, String> saga = Saga.<Integer>builder("order")
        .step(append("reserve", "r"), undo("release"))
        .step(append("charge", "c"), undo("refund"))
        .step(failing("ship", new IllegalStateException("no truck")), undo("recall"))
        .build();

    assertThatThrownBy(() -> flow.run(saga, 1)).hasMessage("no truck");

    SpanData order = span("order");
    assertThat(span("refund")).hasParent(order);
    assertThat(span("release")).hasParent(order);
    assertThat(otel.getSpans()).extracting(SpanData::getName).doesNotContain("recall");
    assertThat(order).hasEventsSatisfyingExactly(
        event -> event.hasName("compensate")
            .hasAttributesSatisfyingExactly(equalTo(STEP, "charge"), equalTo(COMPENSATION, "refund")),
        event -> event.hasName("compensate")
            .hasAttributesSatisfyingExactly(equalTo(STEP, "reserve"), equalTo(COMPENSATION, "release")),
        event -> event.hasName("exception"));
  }

  @Test
  void compensatesEvenWhenTheWorkflowWasCancelled() {
    Step<String, String> cancelling = Step.of("ship", (input, context) -> {
      log.add("ship:" + input);
      context.cancellation().cancel("user pressed stop");
      context.checkActive();
      return input;
    });
    Saga<Integer, String> saga = Saga.<Integer>builder("order")
        .step(append("reserve", "r"), undo("release"))
        .step(cancelling, undo("recall"))
        .build();

    assertThatThrownBy(() -> flow.run(saga, 1)).isInstanceOf(StepCancelledException.class)
        .satisfies(e -> assertThat(e.getSuppressed()).isEmpty());
    assertThat(log).containsExactly("reserve:1", "ship:1r", "release:1r");
  }

  @Test
  void rejectsASagaWithoutStepsAndMissingParts() {
    assertThatThrownBy(() -> Saga.<Integer>builder("order").build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("steps must not be empty");
    assertThatThrownBy(() -> Saga.<Integer>builder(" "))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("name");
    assertThatThrownBy(() -> Saga.<Integer>builder("order").step(append("reserve", "r"), null))
        .isInstanceOf(NullPointerException.class).hasMessageContaining("compensation");
  }

  private <I> Step<I, String> append(String name, String suffix) {
    return Step.of(name, (input, context) -> {
      log.add(name + ":" + input);
      return input + suffix;
    });
  }

  private <I> Step<I, Void> undo(String name) {
    return Step.of(name, (output, context) -> {
      log.add(name + ":" + output);
      return null;
    });
  }

  private <I> Step<I, String> failing(String name, RuntimeException failure) {
    return Step.of(name, (input, context) -> {
      log.add(name + ":" + input);
      throw failure;
    });
  }

  private static SpanData span(String name) {
    return otel.getSpans().stream().filter(s -> s.getName().equals(name)).findFirst().orElseThrow();
  }
}
