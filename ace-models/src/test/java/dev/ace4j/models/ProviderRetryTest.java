package dev.ace4j.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.ace4j.core.Generator;
import dev.ace4j.core.Playbook;
import dev.ace4j.core.Sample;
import dev.ace4j.core.spi.ModelRequest;
import dev.ace4j.flow.Context;
import dev.ace4j.flow.Flow;
import dev.ace4j.flow.StepCancelledException;
import dev.ace4j.models.FakeProvider.Answer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The one retry policy of a model call, end to end against a loopback server speaking OpenAI's wire format. */
class ProviderRetryTest {
  private static final String DOWN = "{\"error\":{\"message\":\"overloaded\"}}";

  private final Flow flow = Flow.create();
  private final List<RetryNotice> notices = new CopyOnWriteArrayList<>();

  @AfterEach
  void closeFlow() {
    flow.close();
  }

  private ProviderModel.Builder local(String baseUrl) {
    return ProviderModel.openAiCompatible(baseUrl, "coder").timeout(Duration.ofSeconds(5))
        .backoff(Duration.ofMillis(20)).onRetry(notices::add);
  }

  @Test
  void aServerThatAlwaysAnswers503GetsTheConfiguredAttemptsPerCallThroughAWholeRoleCall() throws Exception {
    try (FakeProvider server = FakeProvider.answering(Answer.status(503, DOWN));
        ProviderModel model = local(server.url("/v1")).maxAttempts(4).build()) {
      Generator generator = new Generator(model);

      Throwable thrown = catchThrowable(() -> generator.generate(flow.newContext(),
          Sample.of("q1", "What is 6+7?", "13"), Playbook.empty(), Optional.empty()));

      assertThat(thrown).isInstanceOf(ModelException.class).hasMessageContaining("HTTP 503")
          .hasMessageContaining(server.url("/v1"));
      assertThat(server.received()).hasSize(4);
    }
  }

  @Test
  void waitsWhatEachRetryAfterAsksBeforeTheNextRequest() throws Exception {
    try (FakeProvider server = FakeProvider.answering(
        Answer.status(429, DOWN).withHeader("Retry-After", "0.4"),
        Answer.status(503, DOWN).withHeader("Retry-After", "0.6"),
        Answer.ok(Wire.openAi("done", "coder", 1, 1)));
        ProviderModel model = local(server.url("/v1")).build()) {
      assertThat(model.chat(ModelRequest.of("hi")).text()).isEqualTo("done");

      assertThat(server.gapsMillis()).hasSize(2);
      assertThat(server.gapsMillis().get(0)).isBetween(400L, 1400L);
      assertThat(server.gapsMillis().get(1)).isBetween(600L, 1600L);
    }
  }

  @Test
  void waitsNoLongerThanTheLongestRetryAfterItHonours() throws Exception {
    try (FakeProvider server = FakeProvider.answering(
        Answer.status(429, DOWN).withHeader("Retry-After", "3600"), Answer.ok(Wire.openAi("done", "coder", 1, 1)));
        ProviderModel model = local(server.url("/v1")).maxRetryAfter(Duration.ofMillis(300)).build()) {
      assertThat(model.chat(ModelRequest.of("hi")).text()).isEqualTo("done");

      assertThat(server.gapsMillis().get(0)).isBetween(300L, 1300L);
    }
  }

  @Test
  void aRefusedConnectionEndsInOneLineNamingTheUrlAndTheCauseWithinTheBackoffBudget() throws Exception {
    String url = "http://127.0.0.1:" + closedPort() + "/v1";
    try (ProviderModel model = local(url).maxAttempts(4).build()) {
      long start = System.nanoTime();

      Throwable thrown = catchThrowable(() -> model.chat(ModelRequest.of("hi")));

      // backoff 20 + 40 + 80 ms, jitter at most +20%, plus three quick refusals
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
      assertThat(thrown).isExactlyInstanceOf(ModelException.class)
          .hasMessageContaining(url).hasMessageContaining("connection refused")
          .hasMessageNotContaining("ClosedChannelException");
      assertThat(thrown.getMessage()).doesNotContain("\n");
      assertThat(notices).extracting(RetryNotice::cause).containsExactly(
          "connection refused", "connection refused", "connection refused");
    }
  }

  @Test
  void anUnknownHostIsNamedAndNotRetried() {
    try (ProviderModel model = local("http://no-such-host.invalid/v1").build()) {
      assertThatThrownBy(() -> model.chat(ModelRequest.of("hi"))).isInstanceOf(ModelRefusedException.class)
          .hasMessageContaining("http://no-such-host.invalid/v1").hasMessageContaining("unknown host");
      assertThat(notices).isEmpty();
    }
  }

  @Test
  void tellsTheListenerOfEachRetryOnceWithTheCauseTheUrlTheWaitAndTheAttempt() throws Exception {
    try (FakeProvider server = FakeProvider.answering(
        Answer.status(429, DOWN).withHeader("Retry-After", "0.2"), Answer.status(503, DOWN),
        Answer.ok(Wire.openAi("done", "coder", 1, 1)));
        ProviderModel model = local(server.url("/v1")).maxAttempts(4).build()) {
      model.chat(ModelRequest.of("hi"));

      assertThat(notices).hasSize(2);
      assertThat(notices.get(0).describe())
          .isEqualTo("HTTP 429 from " + server.url("/v1") + ", retrying in 200 ms (2/4)");
      assertThat(notices.get(1)).extracting(RetryNotice::cause, RetryNotice::attempt, RetryNotice::maxAttempts)
          .containsExactly("HTTP 503", 3, 4);
    }
  }

  @Test
  void cancellingTheCallersContextStopsAWaitingRetryPromptly() throws Exception {
    try (FakeProvider server = FakeProvider.answering(Answer.status(503, DOWN));
        ProviderModel model = local(server.url("/v1")).backoff(Duration.ofSeconds(30)).build()) {
      Context context = flow.newContext();
      Thread canceller = new Thread(() -> {
        while (notices.isEmpty()) {
          Thread.onSpinWait();
        }
        context.cancellation().cancel("user pressed stop");
      });
      canceller.start();
      long start = System.nanoTime();

      Throwable thrown = catchThrowable(() -> model.chat(ModelRequest.of("hi"), context));

      assertThat(thrown).isInstanceOf(StepCancelledException.class).hasMessageContaining("user pressed stop");
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
      assertThat(server.received()).hasSize(1);
      canceller.join();
    }
  }

  @Test
  void theTotalDeadlineBoundsTheWholeCallAttemptsAndWaitsIncluded() throws Exception {
    try (FakeProvider server = FakeProvider.answering(
        Answer.ok(Wire.openAi("late", "coder", 1, 1)).after(Duration.ofSeconds(3)));
        ProviderModel model = local(server.url("/v1")).totalTimeout(Duration.ofMillis(500)).build()) {
      long start = System.nanoTime();

      Throwable thrown = catchThrowable(() -> model.chat(ModelRequest.of("hi")));

      assertThat(thrown).isExactlyInstanceOf(ModelException.class).hasMessageContaining("total deadline of 500 ms")
          .hasMessageContaining(server.url("/v1"));
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(2500));
    }
  }

  @Test
  void theCallersEarlierDeadlineReachesTheHttpCall() throws Exception {
    try (FakeProvider server = FakeProvider.answering(
        Answer.ok(Wire.openAi("late", "coder", 1, 1)).after(Duration.ofSeconds(3)));
        ProviderModel model = local(server.url("/v1")).build()) {
      Context hurried = flow.newContext().withTimeout(Duration.ofMillis(300));
      long start = System.nanoTime();

      Throwable thrown = catchThrowable(() -> model.chat(ModelRequest.of("hi"), hurried));

      assertThat(thrown).isInstanceOf(StepCancelledException.class).hasMessageContaining("deadline");
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(2500));
    }
  }

  /** A loopback port nothing listens on: bound, then released. */
  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
