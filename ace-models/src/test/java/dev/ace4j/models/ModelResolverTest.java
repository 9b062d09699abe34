package dev.ace4j.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.ace4j.models.ModelResolver.Resolution;
import dev.ace4j.models.ModelSpec.Provider;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelResolverTest {
  private static final String FAKE_KEY = "sk-fake-0123456789-DO-NOT-PRINT";

  @TempDir Path dir;

  private Path dotEnv() {
    return dir.resolve(".env");
  }

  private Resolution resolve(Map<String, String> env) {
    return ModelResolver.of(env, dotEnv()).resolve();
  }

  private void writeDotEnv(String... lines) throws IOException {
    Files.write(dotEnv(), List.of(lines));
  }

  @Test
  void anExplicitSpecWinsOverEverythingElse() throws IOException {
    writeDotEnv("ACE4J_MODEL=gemini:gemini-2.5-pro");
    Map<String, String> env = Map.of("ACE4J_MODEL", "openai:gpt-4o", "ANTHROPIC_API_KEY", FAKE_KEY,
        "OLLAMA_HOST", "localhost:11434");

    Resolution r =
        ModelResolver.of(env, dotEnv()).resolve(Optional.of("anthropic:claude-sonnet-4-5"), Optional.empty());

    assertThat(r.spec().text()).isEqualTo("anthropic:claude-sonnet-4-5");
    assertThat(r.reason()).isEqualTo("named with --model");
    assertThat(r.apiKeyVariable()).contains("ANTHROPIC_API_KEY");
  }

  @Test
  void ace4jModelWinsOverProviderKeys() {
    Resolution r = resolve(Map.of("ACE4J_MODEL", "anthropic:claude-sonnet-4-5", "OPENAI_API_KEY", "o-key",
        "ANTHROPIC_API_KEY", "a-key"));

    assertThat(r.spec().text()).isEqualTo("anthropic:claude-sonnet-4-5");
    assertThat(r.reason()).startsWith("ACE4J_MODEL in the environment names it");
    assertThat(r.apiKey().orElseThrow().reveal()).isEqualTo("a-key");
  }

  @Test
  void openAiKeyPicksTheOpenAiDefaultFirst() {
    Resolution r = resolve(Map.of("OPENAI_API_KEY", "o", "ANTHROPIC_API_KEY", "a", "GEMINI_API_KEY", "g"));

    assertThat(r.spec().text()).isEqualTo(ModelResolver.OPENAI_DEFAULT);
    assertThat(r.reason()).startsWith("OPENAI_API_KEY is set in the environment and openai:gpt-4o-mini is the default");
    assertThat(r.apiKeyVariable()).contains("OPENAI_API_KEY");
  }

  @Test
  void anthropicKeyComesBeforeGeminiKey() {
    Resolution r = resolve(Map.of("ANTHROPIC_API_KEY", "a", "GEMINI_API_KEY", "g"));

    assertThat(r.spec().text()).isEqualTo(ModelResolver.ANTHROPIC_DEFAULT);
    assertThat(r.reason()).startsWith("ANTHROPIC_API_KEY is set in the environment");
  }

  @Test
  void geminiKeyPicksTheGeminiDefault() {
    Resolution r = resolve(Map.of("GEMINI_API_KEY", "g"));

    assertThat(r.spec().text()).isEqualTo(ModelResolver.GEMINI_DEFAULT);
    assertThat(r.apiKeyVariable()).contains("GEMINI_API_KEY");
  }

  @Test
  void providerKeysWinOverOllamaHost() {
    Resolution r = resolve(Map.of("GEMINI_API_KEY", "g", "OLLAMA_HOST", "localhost"));

    assertThat(r.spec().provider()).isEqualTo(Provider.GEMINI);
  }

  @Test
  void ollamaHostPicksTheOllamaDefaultAtThatHostWithOllamasDefaultPort() {
    Resolution r = resolve(Map.of("OLLAMA_HOST", "gpu-box"));

    assertThat(r.spec().text()).isEqualTo(ModelResolver.OLLAMA_DEFAULT);
    assertThat(r.spec().baseUrl()).contains(URI.create("http://gpu-box:11434"));
    assertThat(r.reason()).startsWith("OLLAMA_HOST is set in the environment");
    assertThat(r.apiKeyVariable()).isEmpty();
  }

  @Test
  void anOllamaSpecWithoutOllamaHostTalksToLocalhost() {
    Resolution r = resolve(Map.of("ACE4J_MODEL", "ollama:llama3.2"));

    assertThat(r.spec().baseUrl()).contains(URI.create(ModelResolver.OLLAMA_DEFAULT_URL));
  }

  @Test
  void anythingInTheEnvironmentWinsOverDotEnv() throws IOException {
    writeDotEnv("ACE4J_MODEL=anthropic:claude-sonnet-4-5", "ANTHROPIC_API_KEY=a");

    Resolution r = resolve(Map.of("OLLAMA_HOST", "localhost:11434"));

    assertThat(r.spec().provider()).isEqualTo(Provider.OLLAMA);
  }

  @Test
  void dotEnvConfiguresTheModelWhenTheEnvironmentDoesNot() throws IOException {
    writeDotEnv("# project model", "export ACE4J_MODEL=\"gemini:gemini-2.5-pro\"", "GEMINI_API_KEY='g-key' # mine");

    Resolution r = resolve(Map.of());

    assertThat(r.spec().text()).isEqualTo("gemini:gemini-2.5-pro");
    assertThat(r.reason()).isEqualTo("ACE4J_MODEL in " + dotEnv() + " names it");
    assertThat(r.apiKey().orElseThrow().reveal()).isEqualTo("g-key");
  }

  @Test
  void aKeyInDotEnvPicksItsProviderDefault() throws IOException {
    writeDotEnv("OPENAI_API_KEY=o-key");

    Resolution r = resolve(Map.of());

    assertThat(r.spec().text()).isEqualTo(ModelResolver.OPENAI_DEFAULT);
    assertThat(r.reason()).startsWith("OPENAI_API_KEY is set in " + dotEnv());
  }

  @Test
  void theEnvironmentsValueOfAVariableWinsOverDotEnvs() throws IOException {
    writeDotEnv("OPENAI_API_KEY=from-file");

    Resolution r = resolve(Map.of("ACE4J_MODEL", "openai:gpt-4.1", "OPENAI_API_KEY", "from-env"));

    assertThat(r.apiKey().orElseThrow().reveal()).isEqualTo("from-env");
  }

  @Test
  void openAiCompatibleTakesItsBaseUrlFromTheFlagBeforeOpenAiBaseUrl() {
    Map<String, String> env = Map.of("ACE4J_MODEL", "openai-compatible:qwen", "OPENAI_BASE_URL", "http://env:1/v1");

    assertThat(ModelResolver.of(env, dotEnv()).resolve().spec().baseUrl()).contains(URI.create("http://env:1/v1"));
    assertThat(ModelResolver.of(env, dotEnv()).resolve(Optional.empty(), Optional.of("http://flag:2/v1"))
        .spec().baseUrl()).contains(URI.create("http://flag:2/v1"));
  }

  @Test
  void openAiCompatibleNeedsNoKey() {
    Resolution r = resolve(Map.of("ACE4J_MODEL", "openai-compatible:qwen", "OPENAI_BASE_URL", "http://h:8000/v1"));

    assertThat(r.apiKey()).isEmpty();
  }

  @Test
  void aHostedModelWithoutItsKeyNamesTheVariableToSet() {
    assertThatThrownBy(() -> ModelResolver.of(Map.of(), dotEnv()).resolve(Optional.of("gemini:gemini-2.5-pro"),
        Optional.empty()))
        .isInstanceOf(ModelConfigurationException.class)
        .hasMessageContaining("GEMINI_API_KEY")
        .hasMessageContaining(dotEnv().toString());
  }

  @Test
  void aBadAce4jModelValueNamesTheVariable() {
    assertThatThrownBy(() -> resolve(Map.of("ACE4J_MODEL", "gpt4")))
        .isInstanceOf(ModelConfigurationException.class)
        .hasMessageStartingWith("ACE4J_MODEL in the environment: bad model spec \"gpt4\"");
  }

  @Test
  void withNothingConfiguredTheMessageListsEveryWayToConfigureAModel() {
    Throwable thrown = catchThrowable(() -> resolve(Map.of("PATH", "/usr/bin")));

    assertThat(thrown).isInstanceOf(ModelConfigurationException.class);
    assertThat(thrown.getMessage()).doesNotContain("\n").contains("--model", "openai:MODEL", "anthropic:MODEL",
        "gemini:MODEL", "ollama:MODEL", "openai-compatible:MODEL", "--base-url", "OPENAI_BASE_URL", "replay:FILE",
        "reference", "ACE4J_MODEL", "OPENAI_API_KEY", "ANTHROPIC_API_KEY", "GEMINI_API_KEY", "OLLAMA_HOST",
        dotEnv().toString());
  }

  @Test
  void aMalformedDotEnvLineIsReportedByNumberWithoutItsText() throws IOException {
    writeDotEnv("OPENAI_API_KEY=ok", "this line holds " + FAKE_KEY);

    assertThatThrownBy(() -> resolve(Map.of()))
        .isInstanceOf(ModelConfigurationException.class)
        .hasMessageContaining(dotEnv() + " line 2")
        .hasMessageNotContaining(FAKE_KEY);
  }

  @Test
  void theKeysValueAppearsInNoMessageOrString() throws IOException {
    writeDotEnv("ANTHROPIC_API_KEY=" + FAKE_KEY);
    Map<String, String> env = Map.of("OPENAI_API_KEY", FAKE_KEY, "GEMINI_API_KEY", FAKE_KEY);
    ModelResolver resolver = ModelResolver.of(env, dotEnv());
    Resolution fromEnv = resolver.resolve();
    Resolution fromFile = resolver.resolve(Optional.of("anthropic:claude-haiku-4-5"), Optional.empty());
    Throwable badSpec = catchThrowable(() -> resolver.resolve(Optional.of("openai:"), Optional.empty()));
    Throwable noKey = catchThrowable(() -> ModelResolver.of(Map.of("ACE4J_MODEL", "openai:gpt-4o"), dir.resolve("x"))
        .resolve());

    assertThat(fromEnv.apiKey().orElseThrow().reveal()).isEqualTo(FAKE_KEY);
    assertThat(fromFile.apiKey().orElseThrow().reveal()).isEqualTo(FAKE_KEY);
    assertThat(List.of(fromEnv.toString(), fromEnv.summary(), fromEnv.reason(), fromFile.toString(),
        fromFile.summary(), String.valueOf(fromEnv.apiKey()), badSpec.getMessage(), noKey.getMessage()))
        .allSatisfy(text -> assertThat(text).doesNotContain(FAKE_KEY));
    assertThat(fromEnv.toString()).contains("***");
  }
}
