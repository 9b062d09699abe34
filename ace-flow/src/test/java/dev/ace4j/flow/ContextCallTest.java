package dev.ace4j.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link Context#call}: the unchecked way to run a step, wrapping checked failures once. */
class ContextCallTest {
  private final Flow flow = Flow.create();

  @AfterEach
  void close() {
    flow.close();
  }

  @Test
  void returnsTheStepsOutput() {
    assertThat(flow.call(Step.of("twice", (Integer n, Context c) -> n * 2), 21)).isEqualTo(42);
  }

  @Test
  void passesUncheckedFailuresAsTheyAre() {
    IllegalStateException failure = new IllegalStateException("broken");

    assertThatThrownBy(() -> flow.call(Step.of("fails", (String s, Context c) -> {
      throw failure;
    }), "x")).isSameAs(failure);
  }

  @Test
  void wrapsACheckedFailureOnceNamingTheStep() {
    IOException failure = new IOException("disk full");

    assertThatThrownBy(() -> flow.call(Step.of("write", (String s, Context c) -> {
      throw failure;
    }), "x")).isInstanceOf(StepFailedException.class).hasMessage("write failed: disk full").hasCause(failure);
  }

  @Test
  void anInterruptionBecomesACancellationAndKeepsTheInterruptFlag() {
    try {
      assertThatThrownBy(() -> flow.call(Step.of("wait", (String s, Context c) -> {
        throw new InterruptedException("stop");
      }), "x")).isInstanceOf(StepCancelledException.class).hasMessageContaining("wait was interrupted");
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
    } finally {
      Thread.interrupted();
    }
  }
}
