package dev.ace4j.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ace4j.core.spi.Message;
import dev.ace4j.core.spi.ModelReply;
import dev.ace4j.core.spi.ModelRequest;
import dev.ace4j.core.spi.ResponseFormat;
import dev.ace4j.core.testing.ScriptedModel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordReplayTest {
  static final ModelEndpoint OPENAI = new ModelEndpoint("openai", "https://api.openai.com/v1", "gpt-4o-mini");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private Path recording() {
    return dir.resolve("run.jsonl");
  }

  private static List<ModelRequest> conversation() {
    ModelRequest generate = ModelRequest.of("Solve 2+2").withRole("generator");
    ModelRequest reflect = new ModelRequest(List.of(Message.system("You reflect."), Message.user("Was 4 right?")),
        ResponseFormat.jsonSchema("{\"type\":\"object\"}"), 0.3, OptionalInt.of(200), "reflector");
    ModelRequest curate = new ModelRequest(List.of(Message.user("Curate")), ResponseFormat.json(), 0,
        OptionalInt.empty(), "curator");
    return List.of(generate, reflect, curate, generate);
  }

  private List<ModelReply> record(List<ModelRequest> requests, String... replies) {
    List<ModelReply> answers = new ArrayList<>();
    try (RecordingModel recorder =
        RecordingModel.open(ScriptedModel.replying(replies), OPENAI, recording())) {
      for (ModelRequest request : requests) {
        answers.add(recorder.chat(request));
      }
    }
    return answers;
  }

  @Test
  void replaysEveryRecordedReplyInOrderWithNoModel() {
    List<ModelReply> recorded = record(conversation(), "4", "{\"ok\":true}", "{}", "four");

    ReplayModel replay = ReplayModel.open(recording());
    List<ModelReply> replayed = conversation().stream().map(replay::chat).toList();

    assertThat(replayed).containsExactlyElementsOf(recorded);
    assertThat(replay.exchanges()).isEqualTo(4);
  }

  @Test
  void repeatsTheLastReplyOnceIdenticalRequestsOutnumberTheRecordedOnes() {
    ModelRequest same = ModelRequest.of("roll a die");
    record(List.of(same, same), "3", "5");

    ReplayModel replay = ReplayModel.open(recording());

    assertThat(List.of(replay.chat(same), replay.chat(same), replay.chat(same)))
        .extracting(ModelReply::text).containsExactly("3", "5", "5");
  }

  @Test
  void matchesRequestsRegardlessOfTheRoleLabel() {
    record(List.of(ModelRequest.of("Solve 2+2").withRole("generator")), "4");

    assertThat(ReplayModel.open(recording()).chat(ModelRequest.of("Solve 2+2").withRole("reflector")).text())
        .isEqualTo("4");
  }

  @Test
  void failsNamingRoleDigestFileAndSizeWhenItHasNoAnswer() {
    record(conversation(), "4", "{}", "{}", "four");
    ReplayModel replay = ReplayModel.open(recording());

    assertThatThrownBy(() -> replay.chat(ModelRequest.of("Solve 2+3").withRole("generator")))
        .isInstanceOf(ReplayMissException.class)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("generator")
        .hasMessageMatching("(?s).*prompt digest [0-9a-f]{12}\\b.*")
        .hasMessageContaining(recording().toString())
        .hasMessageContaining("4 exchange(s)");
  }

  @Test
  void missesWhenOnlyAParameterDiffers() {
    record(List.of(ModelRequest.of("Solve 2+2")), "4");
    ModelRequest warmer = new ModelRequest(List.of(Message.user("Solve 2+2")), ResponseFormat.text(), 1.0,
        OptionalInt.empty(), "generator");

    assertThatThrownBy(() -> ReplayModel.open(recording()).chat(warmer)).isInstanceOf(ReplayMissException.class);
  }

  @Test
  void writesOneCompleteJsonLinePerExchange() throws Exception {
    record(conversation().subList(1, 2), "{\"ok\":true}");

    List<String> lines = Files.readAllLines(recording());
    assertThat(lines).hasSize(1);
    JsonNode line = JSON.readTree(lines.get(0));
    assertThat(line.path("digest").asText()).matches("v2:[0-9a-f]{64}");
    assertThat(line.path("role").asText()).isEqualTo("reflector");
    assertThat(line.path("provider").asText()).isEqualTo("openai");
    assertThat(line.path("model").asText()).isEqualTo("gpt-4o-mini");
    JsonNode request = line.path("request");
    assertThat(request.path("messages").get(1).path("role").asText()).isEqualTo("user");
    assertThat(request.path("messages").get(1).path("text").asText()).isEqualTo("Was 4 right?");
    assertThat(request.path("response_format").path("type").asText()).isEqualTo("json_schema");
    assertThat(request.path("response_format").path("schema").asText()).isEqualTo("{\"type\":\"object\"}");
    assertThat(request.path("temperature").asDouble()).isEqualTo(0.3);
    assertThat(request.path("max_tokens").asInt()).isEqualTo(200);
    JsonNode reply = line.path("reply");
    assertThat(reply.path("text").asText()).isEqualTo("{\"ok\":true}");
    assertThat(reply.path("input_tokens").asLong()).isPositive();
    assertThat(reply.path("output_tokens").asLong()).isPositive();
    assertThat(reply.path("model").asText()).isEqualTo("scripted");
  }

  @Test
  void recordsTheSameDigestTheCacheUsesAsItsKey() throws Exception {
    ModelRequest request = ModelRequest.of("Solve 2+2");
    record(List.of(request), "4");
    try (Connection cache = SqliteConnections.open(dir.resolve("ace.db"))) {
      CachedModel.over(ScriptedModel.replying("4"), OPENAI, cache).chat(request);
    }
    String digest = JSON.readTree(Files.readAllLines(recording()).get(0)).path("digest").asText();
    assertThat(SqliteConnections.firstValue(dir.resolve("ace.db"), "SELECT key FROM llm_cache")).isEqualTo(digest);
  }

  @Test
  void doesNotRecordAFailedCall() throws Exception {
    try (RecordingModel recorder =
        RecordingModel.open(ScriptedModel.replying(), OPENAI, recording())) {
      assertThatThrownBy(() -> recorder.chat(ModelRequest.of("x"))).isExactlyInstanceOf(IllegalStateException.class)
          .hasMessageStartingWith("ScriptedModel has no reply left for request 1");
    }
    assertThat(Files.readString(recording())).isEmpty();
  }

  @Test
  void ignoresATornLastLine() throws Exception {
    record(conversation().subList(0, 1), "4");
    String whole = Files.readString(recording());
    Files.writeString(recording(), whole.substring(0, whole.length() / 2), StandardOpenOption.APPEND);

    ReplayModel replay = ReplayModel.open(recording());

    assertThat(replay.exchanges()).isEqualTo(1);
    assertThat(replay.chat(conversation().get(0)).text()).isEqualTo("4");
  }

  @Test
  void dropsATornLastLineBeforeAppendingMore() throws Exception {
    record(List.of(ModelRequest.of("one")), "1");
    String whole = Files.readString(recording());
    Files.writeString(recording(), whole.substring(0, whole.length() / 2), StandardOpenOption.APPEND);

    record(List.of(ModelRequest.of("two")), "2");

    assertThat(Files.readAllLines(recording())).hasSize(2);
    ReplayModel replay = ReplayModel.open(recording());
    assertThat(replay.chat(ModelRequest.of("one")).text()).isEqualTo("1");
    assertThat(replay.chat(ModelRequest.of("two")).text()).isEqualTo("2");
  }

  @Test
  void failsNamingTheFileAndLineOfAMalformedLine() throws Exception {
    record(conversation().subList(0, 1), "4");
    Files.writeString(recording(), "{\"request\": {\"messages\": []}}\n", StandardOpenOption.APPEND);
    Files.writeString(recording(), "not json\n", StandardOpenOption.APPEND);

    assertThatThrownBy(() -> ReplayModel.open(recording()))
        .isInstanceOf(RecordingException.class)
        .hasMessageContaining(recording().toString())
        .hasMessageContaining("line 2")
        .hasMessageContaining("messages");
  }

  @Test
  void replaysEachSampleOfARequestItsOwnAnswer() {
    ModelRequest draw = ModelRequest.of("write f").withRole("generator");
    List<ModelRequest> samples = List.of(draw.asSample(0, 0.8), draw.asSample(1, 0.8), draw.asSample(2, 0.8));
    record(samples, "one", "two", "three");

    ReplayModel replay = ReplayModel.open(recording());

    assertThat(List.of(samples.get(2), samples.get(0), samples.get(1)).stream().map(replay::chat))
        .extracting(ModelReply::text).containsExactly("three", "one", "two");
  }

  @Test
  void failsNamingTheLineOfARequestWithAMalformedSample() throws Exception {
    record(conversation().subList(0, 1), "4");
    String line = Files.readString(recording()).strip();
    Files.writeString(recording(), line.replace("\"temperature\"", "\"sample\":-1,\"temperature\"") + "\n",
        StandardOpenOption.APPEND);

    assertThatThrownBy(() -> ReplayModel.open(recording()))
        .isInstanceOf(RecordingException.class)
        .hasMessageContaining("line 2")
        .hasMessageContaining("sample");
  }

  @Test
  void failsOnInvalidJsonInAFinishedLine() throws Exception {
    Files.writeString(recording(), "not json\n", StandardCharsets.UTF_8);

    assertThatThrownBy(() -> ReplayModel.open(recording()))
        .isInstanceOf(RecordingException.class)
        .hasMessageContaining("line 1")
        .hasMessageContaining("invalid JSON");
  }

  @Test
  void failsNamingTheFileWhenTheRecordingIsMissing() {
    assertThatThrownBy(() -> ReplayModel.open(dir.resolve("absent.jsonl")))
        .isInstanceOf(RecordingException.class)
        .hasMessageContaining("absent.jsonl")
        .hasMessageContaining("--record");
  }
}
