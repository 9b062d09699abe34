package dev.ace4j.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ace4j.core.spi.TokenUsage;
import dev.ace4j.models.ModelSpec.Provider;
import dev.ace4j.models.PriceTable.Price;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PriceTableTest {
  @TempDir Path dir;

  private Path write(String json) throws IOException {
    Path file = dir.resolve("prices.json");
    Files.writeString(file, json);
    return file;
  }

  @Test
  void theBuiltInTableIsDatedAndPricesEachHostedProvidersDefaultModel() {
    PriceTable table = PriceTable.defaults();

    assertThat(table.asOf()).isAfter(LocalDate.of(2026, 1, 1));
    assertThat(table.price(Provider.OPENAI, "gpt-4o-mini"))
        .contains(new Price(new BigDecimal("0.15"), new BigDecimal("0.60")));
    assertThat(table.price(Provider.ANTHROPIC, "claude-haiku-4-5")).isPresent();
    assertThat(table.price(Provider.GEMINI, "gemini-2.5-flash")).isPresent();
  }

  @Test
  void ollamaModelsCostNothingWhateverTheirName() {
    PriceTable table = PriceTable.defaults();

    assertThat(table.cost(Provider.OLLAMA, "any-model:7b", new TokenUsage(1_000_000, 1_000_000)).orElseThrow())
        .isZero();
  }

  @Test
  void anOpenAiCompatibleServerHasAnUnknownCostUnlessTheUserPricesIt() {
    // OpenRouter charges, a local vLLM does not: the table cannot know which one a base URL is
    assertThat(PriceTable.defaults().cost(Provider.OPENAI_COMPATIBLE, "qwen", new TokenUsage(10, 10))).isEmpty();
  }

  @Test
  void theUsersPricesFileInTheHomeIsLaidOverTheBuiltInTable() throws IOException {
    Files.writeString(dir.resolve(PriceTable.USER_FILE),
        "{\"prices\": {\"openai-compatible\": {\"qwen\": {\"input\": 0.2, \"output\": 0.6}}}}");

    PriceTable table = PriceTable.forHome(dir);

    assertThat(table.cost(Provider.OPENAI_COMPATIBLE, "qwen", new TokenUsage(1_000_000, 1_000_000)).orElseThrow())
        .isEqualByComparingTo("0.8");
    assertThat(table.price(Provider.OPENAI, "gpt-4o")).isEqualTo(PriceTable.defaults().price(Provider.OPENAI, "gpt-4o"));
  }

  @Test
  void aHomeWithoutAPricesFileUsesTheBuiltInTable() {
    assertThat(PriceTable.forHome(dir.resolve("fresh")).price(Provider.OPENAI, "gpt-4o-mini"))
        .isEqualTo(PriceTable.defaults().price(Provider.OPENAI, "gpt-4o-mini"));
  }

  @Test
  void aMalformedPricesFileInTheHomeIsReportedByName() throws IOException {
    Path file = Files.writeString(dir.resolve(PriceTable.USER_FILE), "{not json");

    assertThatThrownBy(() -> PriceTable.forHome(dir)).isInstanceOf(ModelConfigurationException.class)
        .hasMessageContaining(file.toString());
  }

  @Test
  void anUnknownModelHasNoPriceEvenWhenItsNameLooksLikeAKnownOne() {
    PriceTable table = PriceTable.defaults();

    assertThat(table.price(Provider.OPENAI, "gpt-4o-mini-2024-07-18")).isEmpty();
    assertThat(table.cost(Provider.OPENAI, "gpt-9", new TokenUsage(10, 10))).isEmpty();
  }

  @Test
  void costIsTokensTimesPricePerMillionExactly() {
    BigDecimal cost = PriceTable.defaults()
        .cost(Provider.OPENAI, "gpt-4o-mini", new TokenUsage(1_000, 500)).orElseThrow();

    // 1000 * 0.15 / 1e6 + 500 * 0.60 / 1e6 = 0.00015 + 0.0003
    assertThat(cost).isEqualByComparingTo("0.00045");
  }

  @Test
  void anOverrideFileReplacesAndAddsEntriesAndKeepsTheRest() throws IOException {
    Path file = write("""
        {"as_of": "2026-11-01", "prices": {
          "openai": {"gpt-4o-mini": {"input": 1, "output": 2}, "gpt-9": {"input": 3, "output": 4}},
          "openai-compatible": {"llama-70b": {"input": 0.5, "output": 0.5}}}}
        """);

    PriceTable table = PriceTable.defaults().withOverrides(file);

    assertThat(table.asOf()).isEqualTo(LocalDate.of(2026, 11, 1));
    assertThat(table.price(Provider.OPENAI, "gpt-4o-mini")).contains(new Price(BigDecimal.ONE, new BigDecimal(2)));
    assertThat(table.price(Provider.OPENAI, "gpt-9")).contains(new Price(new BigDecimal(3), new BigDecimal(4)));
    assertThat(table.price(Provider.OPENAI, "gpt-4o"))
        .isEqualTo(PriceTable.defaults().price(Provider.OPENAI, "gpt-4o"));
    assertThat(table.price(Provider.OPENAI_COMPATIBLE, "llama-70b").orElseThrow().inputPerMillion())
        .isEqualByComparingTo("0.5");
    assertThat(table.price(Provider.OPENAI_COMPATIBLE, "other")).isEmpty();
  }

  @Test
  void anOverrideWithoutADateKeepsTheBuiltInDate() throws IOException {
    Path file = write("{\"prices\": {\"gemini\": {\"gemini-9\": {\"input\": 1, \"output\": 1}}}}");

    assertThat(PriceTable.defaults().withOverrides(file).asOf()).isEqualTo(PriceTable.defaults().asOf());
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "{not json",
      "[]",
      "{\"as_of\": \"2026-11-01\"}",
      "{\"as_of\": \"yesterday\", \"prices\": {}}",
      "{\"prices\": {\"openia\": {\"gpt-4o\": {\"input\": 1, \"output\": 1}}}}",
      "{\"prices\": {\"openai\": {\"gpt-4o\": {\"input\": \"1\", \"output\": 1}}}}",
      "{\"prices\": {\"openai\": {\"gpt-4o\": {\"input\": -1, \"output\": 1}}}}",
      "{\"prices\": {\"openai\": {\"gpt-4o\": {\"input\": 1}}}}",
      "{\"prices\": {\"openai\": {\"gpt-4o\": {\"input\": 1, \"output\": 1}, "
          + "\"gpt-4o\": {\"input\": 2, \"output\": 2}}}}"})
  void aMalformedOverrideIsRejectedNamingTheFileAndTheExpectedShape(String json) throws IOException {
    Path file = write(json);

    assertThatThrownBy(() -> PriceTable.defaults().withOverrides(file))
        .isInstanceOf(ModelConfigurationException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("\"as_of\"")
        .hasMessageNotContaining("\n");
  }

  @Test
  void aMissingOverrideFileIsReportedByName() {
    Path missing = dir.resolve("nope.json");

    assertThatThrownBy(() -> PriceTable.defaults().withOverrides(missing))
        .isInstanceOf(ModelConfigurationException.class)
        .hasMessageContaining(missing.toString());
  }
}
