package dev.ace4j.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ace4j.core.spi.ModelRequest;
import dev.ace4j.models.FakeProvider.Answer;
import java.time.Duration;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Retries, timeouts and clear errors, against a loopback server. */
class ProviderFaultsTest {
  static final String KEY = "sk-test-faults-0123456789";

  static ProviderModel openAi(FakeProvider server) {
    return ProviderModel.openAi("gpt-x").baseUrl(server.url("/v1")).apiKey(KEY).timeout(Duration.ofSeconds(5))
        .backoff(Duration.ofMillis(10)).build();
  }

  @Test
  void waitsAtLeastTheRetryAfterOfA429ThenSucceeds() throws Exception {
    try (FakeProvider server = FakeProvider.answering(
        Answer.status(429, "{\"error\":{\"message\":\"slow down\"}}").withHeader("Retry-After", "1"),
        Answer.ok(Wire.openAi("done", "gpt-x", 1, 1)));
        ProviderModel model = openAi(server)) {
      assertThat(model.chat(ModelRequest.of("hi")).text()).isEqualTo("done");

      assertThat(server.received()).hasSize(2);
      assertThat(server.spanOfArrivalsMillis()).isGreaterThanOrEqualTo(1000);
    }
  }

  @Test
  void retriesA500AndSucceeds() throws Exception {
    try (FakeProvider server = FakeProvider.answering(Answer.status(500, "{\"error\":\"boom\"}"),
        Answer.ok(Wire.openAi("done", "gpt-x", 1, 1)));
        ProviderModel model = openAi(server)) {
      assertThat(model.chat(ModelRequest.of("hi")).text()).isEqualTo("done");
      assertThat(server.received()).hasSize(2);
    }
  }

  @Test
  void givesUpAfterTheLastAttemptWithATransientError() throws Exception {
    try (FakeProvider server = FakeProvider.answering(Answer.status(503, "{\"error\":\"down\"}"));
        ProviderModel model = ProviderModel.openAi("gpt-x").baseUrl(server.url("/v1")).apiKey(KEY)
            .maxAttempts(3).backoff(Duration.ofMillis(10)).build()) {
      assertThatThrownBy(() -> model.chat(ModelRequest.of("hi"))).isInstanceOf(ModelException.class)
          .hasMessageContaining("HTTP 503");
      assertThat(server.received()).hasSize(3);
    }
  }

  @Test
  void timesOutAnAttemptWhenTheServerIsTooSlowAndRetriesIt() throws Exception {
    try (FakeProvider server = FakeProvider.answering(
        Answer.ok(Wire.openAi("late", "gpt-x", 1, 1)).after(Duration.ofSeconds(3)));
        ProviderModel model = ProviderModel.openAi("gpt-x").baseUrl(server.url("/v1")).apiKey(KEY)
            .timeout(Duration.ofMillis(300)).maxAttempts(2).backoff(Duration.ofMillis(10)).build()) {
      long start = System.nanoTime();
      assertThatThrownBy(() -> model.chat(ModelRequest.of("hi"))).isInstanceOf(ModelException.class)
          .hasMessageContaining("did not answer within 300 ms");
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
      assertThat(server.received()).hasSize(2);
    }
  }

  @Test
  void reportsAMalformedBodyClearlyWithoutRetrying() throws Exception {
    try (FakeProvider server = FakeProvider.answering(Answer.ok("<html>not json</html>"));
        ProviderModel model = openAi(server)) {
      assertThatThrownBy(() -> model.chat(ModelRequest.of("hi"))).isInstanceOf(ModelRefusedException.class)
          .hasMessageContaining("not OpenAI's JSON format").hasMessageContaining("base URL");
      assertThat(server.received()).hasSize(1);
    }
  }

  @Test
  void doesNotRetryABadRequest() throws Exception {
    try (FakeProvider server = FakeProvider.answering(Answer.status(400, "{\"error\":\"bad\"}"));
        ProviderModel model = openAi(server)) {
      assertThatThrownBy(() -> model.chat(ModelRequest.of("hi"))).isInstanceOf(ModelRefusedException.class)
          .hasMessageContaining("HTTP 400");
      assertThat(server.received()).hasSize(1);
    }
  }

  static Stream<Arguments> providers() {
    Function<FakeProvider, ProviderModel.Builder> openAi = s -> ProviderModel.openAi("m").baseUrl(s.url("/v1"));
    Function<FakeProvider, ProviderModel.Builder> anthropic = s -> ProviderModel.anthropic("m")
        .baseUrl(s.url("/v1/"));
    Function<FakeProvider, ProviderModel.Builder> gemini = s -> ProviderModel.gemini("m").baseUrl(s.url("/v1beta"));
    return Stream.of(Arguments.of("OPENAI_API_KEY", openAi), Arguments.of("ANTHROPIC_API_KEY", anthropic),
        Arguments.of("GEMINI_API_KEY", gemini));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("providers")
  void a401IsNotRetriedAndNamesTheVariableButNotTheKey(String variable,
      Function<FakeProvider, ProviderModel.Builder> builder) throws Exception {
    try (FakeProvider server = FakeProvider.answering(
        Answer.status(401, "{\"error\":{\"message\":\"Incorrect API key provided: " + KEY + "\"}}"));
        ProviderModel model = builder.apply(server).apiKey(KEY).backoff(Duration.ofMillis(10)).build()) {
      assertThatThrownBy(() -> model.chat(ModelRequest.of("hi"))).isInstanceOf(ModelRefusedException.class)
          .hasMessageContaining("set " + variable).hasMessageNotContaining(KEY)
          .hasMessageNotContaining("0123456789");
      assertThat(server.received()).hasSize(1);
    }
  }
}
