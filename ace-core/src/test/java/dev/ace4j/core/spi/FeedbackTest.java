package dev.ace4j.core.spi;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FeedbackTest {
  private record TestRun(int passed) {}

  @Test
  void givesBackTheDetailAsTheTypeTheEnvironmentPutIn() {
    Feedback feedback = Feedback.incorrect("1 test failed").withDetail(new TestRun(2));

    assertThat(feedback.detail(TestRun.class)).contains(new TestRun(2));
    assertThat(feedback.text()).isEqualTo("1 test failed");
    assertThat(feedback.correct()).contains(false);
  }

  @Test
  void hasNoDetailOfAnotherTypeNorWhenNoneWasGiven() {
    assertThat(Feedback.correct("ok").withDetail("a string").detail(TestRun.class)).isEmpty();
    assertThat(Feedback.unknown("ran").detail(Object.class)).isEmpty();
  }
}
