package dev.ace4j.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ace4j.core.Generator;
import dev.ace4j.core.GeneratorOutput;
import dev.ace4j.core.Playbook;
import dev.ace4j.core.Sample;
import dev.ace4j.core.spi.Message;
import dev.ace4j.core.spi.ModelReply;
import dev.ace4j.core.spi.ModelRequest;
import dev.ace4j.core.spi.ResponseFormat;
import dev.ace4j.core.testing.ScriptedModel;
import dev.ace4j.flow.Flow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The response cache on a real SQLite file, over connections the test opens and closes. */
class CachedModelTest {
  static final ModelEndpoint OPENAI = new ModelEndpoint("openai", "https://api.openai.com/v1", "gpt-4o-mini");
  @TempDir Path home;
  private Connection connection;

  @BeforeEach
  void openConnection() throws SQLException {
    connection = SqliteConnections.open(db());
  }

  @AfterEach
  void closeConnection() throws SQLException {
    connection.close();
  }

  private Path db() {
    return home.resolve("ace.db");
  }

  private CachedModel cached(ScriptedModel inner) {
    return CachedModel.over(inner, OPENAI, connection);
  }

  private static ModelRequest ask(String text) {
    return ModelRequest.of(text).withRole("generator");
  }

  @Test
  void answersASecondIdenticalRequestFromTheCacheWithoutCallingTheModel() {
    ScriptedModel inner = ScriptedModel.replying("four");
    CachedModel cached = cached(inner);
    ModelReply first = cached.chat(ask("2+2?"));
    ModelReply second = cached.chat(ask("2+2?"));

    assertThat(second).isEqualTo(first);
    assertThat(inner.requests()).hasSize(1);
    assertThat(cached.stats()).isEqualTo(new CacheStats(1, 1));
  }

  @Test
  void keepsRepliesAcrossReopeningTheDatabase() throws SQLException {
    cached(ScriptedModel.replying("four")).chat(ask("2+2?"));
    connection.close();
    ScriptedModel second = ScriptedModel.replying();
    try (Connection reopened = SqliteConnections.open(db())) {
      CachedModel cached = CachedModel.over(second, OPENAI, reopened);
      assertThat(cached.chat(ask("2+2?")).text()).isEqualTo("four");
      assertThat(second.requests()).isEmpty();
      assertThat(cached.stats()).isEqualTo(new CacheStats(1, 0));
    }
  }

  @Test
  void leavesTheConnectionItWasGivenOpenForItsOwner() throws SQLException {
    cached(ScriptedModel.replying("four")).chat(ask("2+2?"));

    assertThat(connection.isClosed()).isFalse();
  }

  @Test
  void sharesAnAnswerBetweenRolesAskingTheSameThing() {
    ScriptedModel inner = ScriptedModel.replying("four");
    CachedModel cached = cached(inner);
    cached.chat(ask("2+2?").withRole("generator"));
    assertThat(cached.chat(ask("2+2?").withRole("reflector")).text()).isEqualTo("four");
    assertThat(inner.requests()).hasSize(1);
  }

  @Test
  void missesWhenTheTemperatureDiffers() {
    ScriptedModel inner = ScriptedModel.replying("a", "b");
    ModelRequest cold = ask("2+2?");
    ModelRequest warm = new ModelRequest(cold.messages(), cold.responseFormat(), 0.7, OptionalInt.empty(), "");
    CachedModel cached = cached(inner);
    cached.chat(cold);
    assertThat(cached.chat(warm).text()).isEqualTo("b");
    assertThat(cached.stats()).isEqualTo(new CacheStats(0, 2));
  }

  @Test
  void eachSampleOfARequestHasItsOwnAnswerAndTheFirstKeepsTheKeyOfASingleAnswer() {
    ScriptedModel inner = ScriptedModel.replying("a", "b", "c");
    ModelRequest request = ask("2+2?");
    CachedModel cached = cached(inner);
    cached.chat(request);
    cached.chat(request.asSample(1, 0));
    cached.chat(request.asSample(2, 0));

    assertThat(cached.chat(request.asSample(0, 0)).text()).as("sample 0 is the request as it was").isEqualTo("a");
    assertThat(cached.chat(request.asSample(2, 0)).text()).isEqualTo("c");
    assertThat(cached.stats()).isEqualTo(new CacheStats(2, 3));
  }

  @Test
  void missesWhenTheMessagesDiffer() {
    ScriptedModel inner = ScriptedModel.replying("a", "b", "c");
    CachedModel cached = cached(inner);
    cached.chat(ask("2+2?"));
    cached.chat(ask("2+3?"));
    cached.chat(new ModelRequest(List.of(Message.system("2+2?")), ResponseFormat.text(), 0, OptionalInt.empty(), ""));
    assertThat(inner.requests()).hasSize(3);
  }

  @Test
  void missesWhenTheResponseFormatOrTokenCapDiffers() {
    ScriptedModel inner = ScriptedModel.replying("a", "b", "c", "d");
    ModelRequest text = ask("2+2?");
    CachedModel cached = cached(inner);
    cached.chat(text);
    cached.chat(new ModelRequest(text.messages(), ResponseFormat.jsonSchema("{\"type\":\"object\"}"), 0,
        OptionalInt.empty(), ""));
    cached.chat(new ModelRequest(text.messages(), ResponseFormat.jsonSchema("{\"type\":\"array\"}"), 0,
        OptionalInt.empty(), ""));
    cached.chat(new ModelRequest(text.messages(), ResponseFormat.text(), 0, OptionalInt.of(10), ""));
    assertThat(cached.stats()).isEqualTo(new CacheStats(0, 4));
  }

  @Test
  void missesForAnotherModelOrProvider() {
    cached(ScriptedModel.replying("a")).chat(ask("2+2?"));
    ScriptedModel other = ScriptedModel.replying("b", "c");
    CachedModel model = CachedModel.over(other, new ModelEndpoint("openai", OPENAI.baseUrl(), "gpt-4o"), connection);
    CachedModel provider =
        CachedModel.over(other, new ModelEndpoint("anthropic", OPENAI.baseUrl(), "gpt-4o-mini"), connection);
    assertThat(model.chat(ask("2+2?")).text()).isEqualTo("b");
    assertThat(provider.chat(ask("2+2?")).text()).isEqualTo("c");
  }

  @Test
  void missesForAnotherBaseUrl() {
    cached(ScriptedModel.replying("a")).chat(ask("2+2?"));
    ScriptedModel other = ScriptedModel.replying("b");
    ModelEndpoint elsewhere = new ModelEndpoint("openai", "https://openrouter.ai/api/v1", "gpt-4o-mini");
    CachedModel cached = CachedModel.over(other, elsewhere, connection);
    assertThat(cached.chat(ask("2+2?")).text()).isEqualTo("b");
    assertThat(other.requests()).hasSize(1);
  }

  @Test
  void forgetsARejectedReplySoTheNextIdenticalRequestAsksTheModelAgain() {
    ScriptedModel inner = ScriptedModel.replying("garbage", "four");
    CachedModel cached = cached(inner);
    ModelReply unusable = cached.chat(ask("2+2?"));
    cached.rejected(ask("2+2?"), unusable);

    assertThat(cached.chat(ask("2+2?")).text()).isEqualTo("four");
    assertThat(cached.chat(ask("2+2?")).text()).isEqualTo("four");
    assertThat(inner.requests()).hasSize(2);
  }

  @Test
  void aReplyTheRoleCouldNotParseIsNotServedFromTheCacheAgainOnTheNextRun() {
    String usable = "{\"reasoning\": \"6+7\", \"bullet_ids\": [], \"final_answer\": 13}";
    Sample sample = Sample.of("q1", "What is 6+7?", "13");
    try (Flow flow = Flow.create()) {
      new Generator(cached(ScriptedModel.replying("The answer is 13.", usable)))
          .generate(flow.newContext(), sample, Playbook.empty(), Optional.empty());
    }
    ScriptedModel rerun = ScriptedModel.replying(usable);
    try (Flow flow = Flow.create()) {
      GeneratorOutput output = new Generator(cached(rerun)).generate(flow.newContext(), sample, Playbook.empty(),
          Optional.empty());

      assertThat(output.finalAnswer()).isEqualTo("13");
      assertThat(rerun.requests()).hasSize(1);
    }
  }

  @Test
  void neverServesARowStoredUnderTheOldUnversionedKeyScheme() throws Exception {
    cached(ScriptedModel.replying("old")).chat(ask("2+2?"));
    String versioned = SqliteConnections.firstValue(db(), "SELECT key FROM llm_cache");
    assertThat(versioned).startsWith("v2:");
    SqliteConnections.execute(db(), "UPDATE llm_cache SET key = '" + versioned.substring("v2:".length()) + "'");

    assertThat(cached(ScriptedModel.replying("new")).chat(ask("2+2?")).text()).isEqualTo("new");
  }

  @Test
  void doesNotCacheAFailedCall() {
    ScriptedModel inner = ScriptedModel.replying();
    CachedModel cached = cached(inner);
    assertThatThrownBy(() -> cached.chat(ask("2+2?"))).isExactlyInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("ScriptedModel has no reply left for request 1");
    inner.thenReplying("four");
    assertThat(cached.chat(ask("2+2?")).text()).isEqualTo("four");
    assertThat(cached.stats()).isEqualTo(new CacheStats(0, 2));
  }

  @Test
  void servesConcurrentRequestsFromThreadsOverTwoConnections() throws Exception {
    ScriptedModel inner = ScriptedModel.answering(request -> "echo " + request.lastUserText());
    try (Connection other = SqliteConnections.open(db())) {
      CachedModel one = cached(inner);
      CachedModel two = CachedModel.over(inner, OPENAI, other);
      ExecutorService pool = Executors.newFixedThreadPool(8);
      List<Future<String>> answers = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        CachedModel cached = i % 2 == 0 ? one : two;
        String question = "q" + (i % 20);
        answers.add(pool.submit(() -> cached.chat(ask(question)).text()));
      }
      for (int i = 0; i < answers.size(); i++) {
        assertThat(answers.get(i).get()).isEqualTo("echo q" + (i % 20));
      }
      pool.shutdown();
      long misses = one.stats().misses() + two.stats().misses();
      assertThat(one.stats().requests() + two.stats().requests()).isEqualTo(200);
      assertThat(inner.requests()).hasSize((int) misses);
      assertThat(SqliteConnections.firstValue(db(), "SELECT count(*) FROM llm_cache")).isEqualTo("20");
    }
  }

  @Test
  void storesTheReplyWithProviderModelAndTokens() throws Exception {
    cached(ScriptedModel.replying("four")).chat(ask("2+2?"));

    assertThat(SqliteConnections.firstValue(db(), "SELECT provider || ' ' || model || ' ' || reply_text || ' '"
        + " || model_id || ' ' || (input_tokens > 0) || ' ' || (output_tokens > 0) || ' ' || (created_at <> '')"
        + " FROM llm_cache"))
        .isEqualTo("openai gpt-4o-mini four scripted 1 1 1");
  }

  @Test
  void failsNamingTheFileAndTheFixWhenTheDatabaseIsCorrupt() throws Exception {
    Path corrupt = Files.writeString(home.resolve("corrupt.db"),
        "this is not an SQLite database, just text long enough to hold a header".repeat(20));
    try (Connection toCorrupt = SqliteConnections.open(corrupt)) {
      assertThatThrownBy(() -> CachedModel.over(ScriptedModel.replying(), OPENAI, toCorrupt))
          .isInstanceOf(ModelCacheException.class)
          .hasMessageContaining(corrupt.toString())
          .hasMessageContaining("move it away")
          .hasMessageContaining("--no-cache");
    }
  }
}
