package dev.ace4j.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.ace4j.core.spi.ModelReply;
import dev.ace4j.core.spi.ModelRequest;
import dev.ace4j.flow.Context;
import dev.ace4j.flow.Flow;
import dev.ace4j.flow.StepCancelledException;
import dev.ace4j.models.FakeProvider.Answer;
import dev.ace4j.models.internal.HttpTransport;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** From a resolved spec to a working model, with its cache, recording and ledger layers. */
class ModelsTest {
  @TempDir
  Path dir;

  private static ModelResolver.Resolution openAiCompatible(String url) {
    return new ModelResolver.Resolution(ModelSpec.parse("openai-compatible:local-model", Optional.of(url)),
        "given with --model", Optional.empty(), Optional.empty());
  }

  @Test
  void aCachedModelAsksTheServerOnceForTheSameRequest() throws Exception {
    try (FakeProvider server = FakeProvider.answering(Answer.ok(Wire.openAi("hello", "local-model", 5, 1)));
        Connection cache = SqliteConnections.open(dir.resolve("ace.db"));
        Models.Handle model = Models.create(openAiCompatible(server.url("/v1")),
            Models.Options.defaults().withCache(cache))) {
      ModelReply first = model.chat(ModelRequest.of("Say hello"));
      ModelReply second = model.chat(ModelRequest.of("Say hello"));

      assertThat(first.text()).isEqualTo("hello");
      assertThat(second.text()).isEqualTo("hello");
      assertThat(server.received()).hasSize(1);
    }
  }

  @Test
  void closingTheModelLeavesTheCacheConnectionOpenForItsOwner() throws Exception {
    try (FakeProvider server = FakeProvider.answering(Answer.ok(Wire.openAi("hello", "local-model", 5, 1)));
        Connection cache = SqliteConnections.open(dir.resolve("ace.db"))) {
      Models.create(openAiCompatible(server.url("/v1")), Models.Options.defaults().withCache(cache)).close();

      assertThat(cache.isClosed()).isFalse();
    }
  }

  @Test
  void aRecordedRunReplaysWithNoServerAtAll() throws Exception {
    Path recording = dir.resolve("run.jsonl");
    try (FakeProvider server = FakeProvider.answering(Answer.ok(Wire.openAi("recorded", "local-model", 5, 1)));
        Models.Handle model = Models.create(openAiCompatible(server.url("/v1")),
            Models.Options.defaults().withRecording(recording))) {
      model.chat(ModelRequest.of("What was said?").withRole("generator"));
    }

    ModelResolver.Resolution replay = new ModelResolver.Resolution(
        ModelSpec.parse("replay:" + recording, Optional.empty()), "given", Optional.empty(), Optional.empty());
    try (Models.Handle model = Models.create(replay, Models.Options.defaults())) {
      assertThat(model.chat(ModelRequest.of("What was said?").withRole("generator")).text()).isEqualTo("recorded");
      assertThatThrownBy(() -> model.chat(ModelRequest.of("Something never asked").withRole("curator")))
          .isInstanceOf(ReplayMissException.class).hasMessageContaining("curator");
    }
  }

  @Test
  void anotherBaseUrlMissesTheCacheAndReachesItsOwnServer() throws Exception {
    try (FakeProvider first = FakeProvider.answering(Answer.ok(Wire.openAi("from first", "local-model", 1, 1)));
        FakeProvider second = FakeProvider.answering(Answer.ok(Wire.openAi("from second", "local-model", 1, 1)));
        Connection cache = SqliteConnections.open(dir.resolve("ace.db"))) {
      try (Models.Handle model = Models.create(openAiCompatible(first.url("/v1")),
          Models.Options.defaults().withCache(cache))) {
        model.chat(ModelRequest.of("Who are you?"));
      }
      try (Models.Handle model = Models.create(openAiCompatible(second.url("/v1")),
          Models.Options.defaults().withCache(cache))) {
        assertThat(model.chat(ModelRequest.of("Who are you?")).text()).isEqualTo("from second");
      }
      assertThat(second.received()).hasSize(1);
    }
  }

  @Test
  void theHandlePassesTheCallersContextAndRejectionsThroughEveryLayer() throws Exception {
    try (FakeProvider server = FakeProvider.answering(Answer.ok(Wire.openAi("unusable", "local-model", 1, 1)));
        Connection cache = SqliteConnections.open(dir.resolve("ace.db"));
        Flow flow = Flow.create();
        Models.Handle model = Models.create(openAiCompatible(server.url("/v1")),
            Models.Options.defaults().withCache(cache).withRecording(dir.resolve("run.jsonl")))) {
      Context cancelled = flow.newContext();
      cancelled.cancellation().cancel("user pressed stop");
      assertThatThrownBy(() -> model.chat(ModelRequest.of("Who are you?"), cancelled))
          .isInstanceOf(StepCancelledException.class);
      assertThat(server.received()).isEmpty();

      ModelReply reply = model.chat(ModelRequest.of("Who are you?"), flow.newContext());
      model.rejected(ModelRequest.of("Who are you?"), reply);
      model.chat(ModelRequest.of("Who are you?"), flow.newContext());
      assertThat(server.received()).hasSize(2);
    }
  }

  @Test
  void refusesTheReferenceModelOutsideTheBenchmarkHarness() {
    ModelResolver.Resolution reference = new ModelResolver.Resolution(
        ModelSpec.parse("reference", Optional.empty()), "given", Optional.empty(), Optional.empty());

    assertThatThrownBy(() -> Models.create(reference, Models.Options.defaults()))
        .isInstanceOf(ModelConfigurationException.class).hasMessageContaining("ace bench");
  }

  @Test
  void aKeyFromTheEnvironmentReachesNoRecordingLogOrExceptionMessage() throws Exception {
    String key = "sk-test-" + UUID.randomUUID();
    ModelResolver.Resolution choice = ModelResolver.of(Map.of("OPENAI_API_KEY", key), dir.resolve(".env"))
        .resolve(Optional.of("openai:gpt-4o-mini"), Optional.empty());
    List<String> julLines = new CopyOnWriteArrayList<>();
    java.util.logging.Handler handler = new java.util.logging.Handler() {
      @Override
      public void publish(java.util.logging.LogRecord record) {
        julLines.add(record.getMessage() + " " + record.getThrown());
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    java.util.logging.Logger root = java.util.logging.Logger.getLogger("");
    root.addHandler(handler);
    Path recording = dir.resolve("keys.jsonl");
    // The 401 body echoes the key, as OpenAI's does: logged responses would carry it.
    try (RecordedLogs slf4j = RecordedLogs.start();
        FakeProvider server = FakeProvider.answering(Answer.ok(Wire.openAi("fine", "gpt-4o-mini", 3, 1)),
            Answer.status(401, keyEchoingError(key)))) {
      ModelResolver.Resolution atServer = new ModelResolver.Resolution(
          ModelSpec.parse("openai:gpt-4o-mini", Optional.of(server.url("/v1"))), choice.reason(),
          choice.apiKeyVariable(), choice.apiKey());
      try (Models.Handle model = Models.create(atServer, Models.Options.defaults().withRecording(recording))) {
        model.chat(ModelRequest.of("first"));
        Throwable failure = catchThrowable(() -> model.chat(ModelRequest.of("second")));

        assertThat(failure).isNotNull();
        StringWriter trace = new StringWriter();
        failure.printStackTrace(new PrintWriter(trace));
        assertThat(trace.toString()).doesNotContain(key).contains("OPENAI_API_KEY");
        assertThat(model.toString()).doesNotContain(key);
      }
      assertThat(server.received().get(0).headers().toString()).contains(key);
      assertThat(String.join("\n", slf4j.lines())).doesNotContain(key);
    } finally {
      root.removeHandler(handler);
    }
    assertThat(Files.readString(recording)).doesNotContain(key).contains("fine");
    assertThat(String.join("\n", julLines)).doesNotContain(key);
    assertThat(choice.toString()).doesNotContain(key);
  }

  /**
   * The control for the test above: LangChain4j's lines reach the recorded SLF4J backend, and the raw failure of a 401
   * carries the planted key, so a log line written from it anywhere would be caught.
   */
  @Test
  void theRecordedLogsHoldLangChain4jsLinesAndTheRawFailureHoldsTheKey() throws Exception {
    String key = "sk-test-" + UUID.randomUUID();
    try (RecordedLogs slf4j = RecordedLogs.start();
        FakeProvider server = FakeProvider.answering(Answer.status(401, keyEchoingError(key)))) {
      ChatModel logging = OpenAiChatModel.builder().baseUrl(server.url("/v1")).apiKey(key).modelName("gpt-4o-mini")
          .maxRetries(0).logRequests(true).logResponses(true).httpClientBuilder(HttpTransport.builder()).build();

      Throwable raw = catchThrowable(() -> logging.chat("first"));

      assertThat(slf4j.lines()).anyMatch(line -> line.startsWith("INFO dev.langchain4j.")
          && line.contains("HTTP request") && line.contains("\"content\" : \"first\""));
      assertThat(raw).hasMessageContaining(key);
    }
  }

  private static String keyEchoingError(String key) {
    return "{\"error\":{\"message\":\"Incorrect API key provided: " + key + "\"}}";
  }
}
