package dev.ace4j.models;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ace4j.core.spi.Message;
import dev.ace4j.core.spi.ModelReply;
import dev.ace4j.core.spi.ModelRequest;
import dev.ace4j.core.spi.ResponseFormat;
import dev.ace4j.core.spi.TokenUsage;
import dev.ace4j.models.FakeProvider.Answer;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** Each provider's request shape and reply parsing, against a loopback server speaking its wire format. */
class ProviderWireTest {
  static final String SCHEMA =
      "{\"type\":\"object\",\"properties\":{\"answer\":{\"type\":\"integer\"}},\"required\":[\"answer\"]}";
  static final String KEY = "sk-test-wire";

  static ModelRequest request(ResponseFormat format) {
    return new ModelRequest(List.of(Message.system("be brief"), Message.user("6*7?")), format, 0.3,
        OptionalInt.empty(), "generator");
  }

  static ModelReply chat(ProviderModel.Builder builder, ModelRequest request) {
    try (ProviderModel model = builder.apiKey(KEY).timeout(Duration.ofSeconds(5)).build()) {
      return model.chat(request);
    }
  }

  @Test
  void openAiSendsModelMessagesAndJsonSchemaAndParsesTextUsageAndModel() throws Exception {
    try (FakeProvider server = FakeProvider.answering(Answer.ok(Wire.openAi("{\"answer\":42}", "gpt-x-0613", 12, 3)))) {
      ModelReply reply = chat(ProviderModel.openAi("gpt-x").baseUrl(server.url("/v1")),
          request(ResponseFormat.jsonSchema(SCHEMA)));

      assertThat(reply).isEqualTo(new ModelReply("{\"answer\":42}", new TokenUsage(12, 3), "gpt-x-0613"));
      FakeProvider.Received sent = server.received().get(0);
      assertThat(sent.method()).isEqualTo("POST");
      assertThat(sent.path()).isEqualTo("/v1/chat/completions");
      assertThat(sent.header("Authorization")).isEqualTo("Bearer " + KEY);
      JsonNode body = sent.json();
      assertThat(body.path("model").asText()).isEqualTo("gpt-x");
      assertThat(body.path("temperature").asDouble()).isEqualTo(0.3);
      assertThat(body.path("messages").get(0).path("role").asText()).isEqualTo("system");
      assertThat(body.path("messages").get(1).path("content").asText()).isEqualTo("6*7?");
      assertThat(body.path("response_format").path("type").asText()).isEqualTo("json_schema");
      assertThat(body.path("response_format").path("json_schema").path("schema").path("required").get(0).asText())
          .isEqualTo("answer");
    }
  }

  @Test
  void openAiAsksForJsonModeWhenNoSchemaIsGivenAndNothingForText() throws Exception {
    try (FakeProvider server = FakeProvider.answering(Answer.ok(Wire.openAi("{}", "gpt-x", 1, 1)))) {
      chat(ProviderModel.openAi("gpt-x").baseUrl(server.url("/v1")), request(ResponseFormat.json()));
      chat(ProviderModel.openAi("gpt-x").baseUrl(server.url("/v1")), request(ResponseFormat.text()));

      assertThat(server.received().get(0).json().path("response_format").path("type").asText())
          .isEqualTo("json_object");
      assertThat(server.received().get(1).json().path("response_format").isMissingNode()
          || server.received().get(1).json().path("response_format").path("type").asText().equals("text"))
          .isTrue();
    }
  }

  @Test
  void openAiCompatibleServerNeedsNoKey() throws Exception {
    try (FakeProvider server = FakeProvider.answering(Answer.ok(Wire.openAi("hi", "qwen", 2, 1)));
        ProviderModel model = ProviderModel.openAiCompatible(server.url("/v1"), "qwen").providerName("ollama")
            .build()) {
      assertThat(model.chat(ModelRequest.of("hello")).text()).isEqualTo("hi");
      assertThat(server.received().get(0).path()).isEqualTo("/v1/chat/completions");
    }
  }

  @Test
  void anthropicSendsKeyVersionMaxTokensSystemAndSchemaAndParsesUsage() throws Exception {
    try (FakeProvider server = FakeProvider.answering(
        Answer.ok(Wire.anthropic("{\"answer\":42}", "claude-x-20250101", 20, 5)))) {
      ModelReply reply = chat(ProviderModel.anthropic("claude-x").baseUrl(server.url("/v1/")),
          request(ResponseFormat.jsonSchema(SCHEMA)));

      assertThat(reply).isEqualTo(new ModelReply("{\"answer\":42}", new TokenUsage(20, 5), "claude-x-20250101"));
      FakeProvider.Received sent = server.received().get(0);
      assertThat(sent.path()).isEqualTo("/v1/messages");
      assertThat(sent.header("x-api-key")).isEqualTo(KEY);
      assertThat(sent.header("anthropic-version")).isNotBlank();
      JsonNode body = sent.json();
      assertThat(body.path("model").asText()).isEqualTo("claude-x");
      assertThat(body.path("max_tokens").asInt()).isEqualTo(4096);
      assertThat(body.path("system").toString()).contains("be brief");
      assertThat(body.path("messages").get(0).path("role").asText()).isEqualTo("user");
      assertThat(body.path("output_config").path("format").path("type").asText()).isEqualTo("json_schema");
      assertThat(body.path("output_config").path("format").path("schema").path("properties").has("answer")).isTrue();
    }
  }

  @Test
  void anthropicSendsTheRequestsOwnTokenCap() throws Exception {
    try (FakeProvider server = FakeProvider.answering(Answer.ok(Wire.anthropic("ok", "claude-x", 1, 1)))) {
      ModelRequest capped = new ModelRequest(List.of(Message.user("hi")), ResponseFormat.text(), 0,
          OptionalInt.of(64), "");
      chat(ProviderModel.anthropic("claude-x").baseUrl(server.url("/v1/")), capped);

      assertThat(server.received().get(0).json().path("max_tokens").asInt()).isEqualTo(64);
    }
  }

  @Test
  void geminiSendsKeyHeaderContentsAndSchemaAndParsesUsage() throws Exception {
    try (FakeProvider server = FakeProvider.answering(
        Answer.ok(Wire.gemini("{\"answer\":42}", "gemini-x-001", 30, 7)))) {
      ModelReply reply = chat(ProviderModel.gemini("gemini-x").baseUrl(server.url("/v1beta")),
          request(ResponseFormat.jsonSchema(SCHEMA)));

      assertThat(reply).isEqualTo(new ModelReply("{\"answer\":42}", new TokenUsage(30, 7), "gemini-x-001"));
      FakeProvider.Received sent = server.received().get(0);
      assertThat(sent.path()).isEqualTo("/v1beta/models/gemini-x:generateContent");
      assertThat(sent.header("x-goog-api-key")).isEqualTo(KEY);
      JsonNode body = sent.json();
      assertThat(body.path("contents").get(0).path("parts").get(0).path("text").asText()).isEqualTo("6*7?");
      assertThat(body.path("systemInstruction").toString()).contains("be brief");
      JsonNode config = body.path("generationConfig");
      assertThat(config.path("responseMimeType").asText()).isEqualTo("application/json");
      assertThat(config.toString()).contains("answer");
    }
  }
}
