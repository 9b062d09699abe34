package dev.ace4j.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ace4j.models.ModelSpec.Provider;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ModelSpecTest {

  @ParameterizedTest
  @CsvSource({
      "openai:gpt-4o-mini, OPENAI, gpt-4o-mini",
      "anthropic:claude-haiku-4-5, ANTHROPIC, claude-haiku-4-5",
      "gemini:gemini-2.5-flash, GEMINI, gemini-2.5-flash",
      "ollama:qwen2.5-coder:7b, OLLAMA, qwen2.5-coder:7b",
      "OpenAI:gpt-4o, OPENAI, gpt-4o"})
  void parsesEachProviderPrefixAndKeepsTheModelNameAfterTheFirstColon(String text, Provider provider, String model) {
    ModelSpec spec = ModelSpec.parse(text);

    assertThat(spec.provider()).isEqualTo(provider);
    assertThat(spec.model()).isEqualTo(model);
    assertThat(spec.baseUrl()).isEmpty();
    assertThat(spec.file()).isEmpty();
  }

  @Test
  void parsesOpenAiCompatibleWithItsBaseUrl() {
    ModelSpec spec = ModelSpec.parse("openai-compatible:qwen2.5-coder", Optional.of("http://localhost:8000/v1"));

    assertThat(spec.provider()).isEqualTo(Provider.OPENAI_COMPATIBLE);
    assertThat(spec.model()).isEqualTo("qwen2.5-coder");
    assertThat(spec.baseUrl()).contains(URI.create("http://localhost:8000/v1"));
  }

  @Test
  void parsesReplayIntoTheRecordingFile() {
    ModelSpec spec = ModelSpec.parse("replay:runs/first.jsonl");

    assertThat(spec.provider()).isEqualTo(Provider.REPLAY);
    assertThat(spec.file()).contains(Path.of("runs/first.jsonl"));
    assertThat(spec.model()).isEmpty();
    assertThat(spec.text()).isEqualTo("replay:runs/first.jsonl");
  }

  @Test
  void parsesReferenceAsAMarkerWithNoModel() {
    ModelSpec spec = ModelSpec.parse("reference");

    assertThat(spec.provider()).isEqualTo(Provider.REFERENCE);
    assertThat(spec.model()).isEmpty();
    assertThat(spec.text()).isEqualTo("reference");
  }

  @Test
  void givesAnyHttpProviderABaseUrlWhenOneIsPassed() {
    ModelSpec spec = ModelSpec.parse("anthropic:claude-haiku-4-5", Optional.of("http://127.0.0.1:9999/v1/"));

    assertThat(spec.baseUrl()).contains(URI.create("http://127.0.0.1:9999/v1/"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"gpt4", "openai:", "foo:bar", "", "replay:", "reference:x", "openai:gpt 4"})
  void rejectsABadSpecWithOneLineNamingItAndListingEveryForm(String text) {
    assertThatThrownBy(() -> ModelSpec.parse(text))
        .isInstanceOf(ModelConfigurationException.class)
        .hasMessageContaining("\"" + text + "\"")
        .hasMessageContaining(ModelSpec.FORMS)
        .hasMessageNotContaining("\n");
  }

  @Test
  void saysWhatIsWrongWithTheSpec() {
    assertThatThrownBy(() -> ModelSpec.parse("foo:bar")).hasMessageContaining("\"foo\" is not a provider");
    assertThatThrownBy(() -> ModelSpec.parse("openai:")).hasMessageContaining("model name is missing");
    assertThatThrownBy(() -> ModelSpec.parse("gpt4")).hasMessageContaining("no provider prefix");
    assertThatThrownBy(() -> ModelSpec.parse("reference:x")).hasMessageContaining("reference takes no model name");
  }

  @Test
  void rejectsOpenAiCompatibleWithoutABaseUrlAndSaysHowToGiveOne() {
    assertThatThrownBy(() -> ModelSpec.parse("openai-compatible:x"))
        .isInstanceOf(ModelConfigurationException.class)
        .hasMessageContaining("--base-url")
        .hasMessageContaining("OPENAI_BASE_URL")
        .hasMessageContaining(ModelSpec.FORMS);
  }

  @Test
  void rejectsABaseUrlThatIsNotHttp() {
    assertThatThrownBy(() -> ModelSpec.parse("openai-compatible:x", Optional.of("localhost:8000")))
        .isInstanceOf(ModelConfigurationException.class)
        .hasMessageContaining("http://host:port/v1");
  }

  @Test
  void rejectsABaseUrlForReplay() {
    assertThatThrownBy(() -> ModelSpec.parse("replay:run.jsonl", Optional.of("http://localhost:1/v1")))
        .isInstanceOf(ModelConfigurationException.class)
        .hasMessageContaining("does not apply to replay");
  }

  @Test
  void leavesCredentialsInTheBaseUrlOutOfItsString() {
    ModelSpec spec = ModelSpec.parse("openai-compatible:m", Optional.of("https://user:hunter2@example.com/v1?key=abc"));

    assertThat(spec.toString()).isEqualTo("openai-compatible:m at https://example.com/v1")
        .doesNotContain("hunter2").doesNotContain("abc");
  }
}
