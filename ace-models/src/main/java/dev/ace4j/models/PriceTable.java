package dev.ace4j.models;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ace4j.core.spi.TokenUsage;
import dev.ace4j.models.ModelSpec.Provider;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What models cost: USD per million input and output tokens, per provider and model. The defaults ship in
 * {@code dev/ace4j/models/prices.json}, dated by its {@code "as_of"}; a user file of the same shape overrides them
 * entry by entry ({@link #withOverrides}), and {@link #forHome} reads the user's file {@value #USER_FILE} in
 * {@code ACE4J_HOME} when there is one. A model the table does not name has an unknown price, and so an unknown cost:
 * no guess from a similar name, and none for a server the table cannot know ({@code openai-compatible}: OpenRouter
 * charges, a local vLLM does not; a user names its models' prices in the file or with {@code --price}). A provider
 * may give a {@code "*"} entry that prices all its models (Ollama runs locally: free).
 *
 * <pre>{@code
 * {"as_of": "2026-06-21", "prices": {"openai": {"gpt-4o-mini": {"input": 0.15, "output": 0.60}}}}
 * }</pre>
 *
 * <p>Immutable.
 */
public final class PriceTable {
  /** The model name of an entry that prices every model of its provider. */
  public static final String ANY_MODEL = "*";

  /** The user's prices file in {@code ACE4J_HOME}, laid over the built-in table by {@link #forHome}. */
  public static final String USER_FILE = "prices.json";

  private static final String RESOURCE = "prices.json";
  private static final String SHAPE = "expected {\"as_of\": \"YYYY-MM-DD\", \"prices\": {\"PROVIDER\": {\"MODEL\": "
      + "{\"input\": USD_PER_MILLION, \"output\": USD_PER_MILLION}}}}";
  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
  private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);

  /**
   * A model's price; equal amounts are equal records whatever their scale.
   *
   * @param inputPerMillion USD per million prompt tokens
   * @param outputPerMillion USD per million reply tokens
   */
  public record Price(BigDecimal inputPerMillion, BigDecimal outputPerMillion) {
    public Price {
      Objects.requireNonNull(inputPerMillion, "inputPerMillion");
      Objects.requireNonNull(outputPerMillion, "outputPerMillion");
      if (inputPerMillion.signum() < 0 || outputPerMillion.signum() < 0) {
        throw new IllegalArgumentException("prices must not be negative");
      }
      // equal prices compare equal whatever their scale (0.6 and 0.60)
      inputPerMillion = inputPerMillion.stripTrailingZeros();
      outputPerMillion = outputPerMillion.stripTrailingZeros();
    }

    /** What {@code usage} costs at this price, in USD (exact). */
    public BigDecimal cost(TokenUsage usage) {
      return inputPerMillion.multiply(BigDecimal.valueOf(usage.inputTokens()))
          .add(outputPerMillion.multiply(BigDecimal.valueOf(usage.outputTokens())))
          .divide(MILLION);
    }
  }

  private final LocalDate asOf;
  private final Map<Provider, Map<String, Price>> prices;

  private PriceTable(LocalDate asOf, Map<Provider, Map<String, Price>> prices) {
    this.asOf = asOf;
    EnumMap<Provider, Map<String, Price>> copy = new EnumMap<>(Provider.class);
    prices.forEach((provider, models) -> copy.put(provider, Map.copyOf(models)));
    this.prices = copy;
  }

  /** The table shipped with ace4j. */
  public static PriceTable defaults() {
    try (InputStream in = PriceTable.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("the price table resource dev/ace4j/models/" + RESOURCE + " is missing");
      }
      return parse(JSON.readTree(in), "the built-in price table", true);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the built-in price table", e);
    }
  }

  /**
   * The built-in table with the user's {@value #USER_FILE} in {@code home} laid over it, or the built-in table alone
   * when {@code home} has no such file.
   *
   * @throws ModelConfigurationException naming the file when it exists but cannot be read or is not a price table
   */
  public static PriceTable forHome(Path home) {
    Path file = home.resolve(USER_FILE);
    return Files.exists(file) ? defaults().withOverrides(file) : defaults();
  }

  /**
   * This table with {@code file}'s entries laid over it: an entry for a provider and model replaces this table's, the
   * rest stay. The file's {@code "as_of"}, if it has one, becomes the table's date.
   *
   * @throws ModelConfigurationException naming the file when it cannot be read or is not a price table
   */
  public PriceTable withOverrides(Path file) {
    JsonNode root;
    try {
      root = JSON.readTree(Files.readString(file));
    } catch (JsonProcessingException e) {
      throw new ModelConfigurationException("prices file " + file + " is not valid JSON (" + e.getOriginalMessage()
          .lines().findFirst().orElse("") + location(e) + "); " + SHAPE, e);
    } catch (IOException e) {
      throw new ModelConfigurationException("cannot read prices file " + file + " (" + e.getClass().getSimpleName()
          + "): check the path given for the price table", e);
    }
    PriceTable override = parse(root, "prices file " + file, false);
    Map<Provider, Map<String, Price>> merged = new EnumMap<>(Provider.class);
    prices.forEach((provider, models) -> merged.put(provider, new HashMap<>(models)));
    override.prices.forEach((provider, models) ->
        merged.computeIfAbsent(provider, p -> new HashMap<>()).putAll(models));
    LocalDate date = root.has("as_of") ? override.asOf : asOf;
    return new PriceTable(date, merged);
  }

  private static String location(JsonProcessingException e) {
    return e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr()
        + ", column " + e.getLocation().getColumnNr();
  }

  /** The date the prices were taken from the providers' pages. */
  public LocalDate asOf() {
    return asOf;
  }

  /** The price of {@code model} at {@code provider}: its own entry, else the provider's {@code "*"} entry. */
  public Optional<Price> price(Provider provider, String model) {
    Map<String, Price> models = prices.getOrDefault(provider, Map.of());
    return Optional.ofNullable(models.get(model)).or(() -> Optional.ofNullable(models.get(ANY_MODEL)));
  }

  /** What {@code usage} of {@code model} costs in USD; empty when the price is unknown. */
  public Optional<BigDecimal> cost(Provider provider, String model, TokenUsage usage) {
    return price(provider, model).map(p -> p.cost(usage));
  }

  private static PriceTable parse(JsonNode root, String name, boolean needsDate) {
    if (root == null || !root.isObject() || !root.path("prices").isObject()) {
      throw invalid(name, "it has no \"prices\" object");
    }
    LocalDate asOf = LocalDate.EPOCH;
    if (root.has("as_of") || needsDate) {
      try {
        asOf = LocalDate.parse(root.path("as_of").asText(""));
      } catch (DateTimeParseException e) {
        throw invalid(name, "\"as_of\" is not a date like 2026-06-21");
      }
    }
    Map<Provider, Map<String, Price>> prices = new EnumMap<>(Provider.class);
    for (Map.Entry<String, JsonNode> providerEntry : root.get("prices").properties()) {
      Provider provider = Provider.byPrefix(providerEntry.getKey()).orElseThrow(() -> invalid(name,
          "\"" + providerEntry.getKey() + "\" is not a provider (use openai, anthropic, gemini, ollama, "
              + "openai-compatible, replay or reference)"));
      if (!providerEntry.getValue().isObject()) {
        throw invalid(name, "\"" + providerEntry.getKey() + "\" must map model names to prices");
      }
      Map<String, Price> models = new HashMap<>();
      for (Map.Entry<String, JsonNode> model : providerEntry.getValue().properties()) {
        models.put(model.getKey(), price(model.getValue(), name, providerEntry.getKey() + "/" + model.getKey()));
      }
      prices.put(provider, models);
    }
    return new PriceTable(asOf, prices);
  }

  private static Price price(JsonNode node, String name, String entry) {
    JsonNode input = node.path("input");
    JsonNode output = node.path("output");
    if (!input.isNumber() || !output.isNumber() || input.decimalValue().signum() < 0
        || output.decimalValue().signum() < 0) {
      throw invalid(name, "entry " + entry + " needs \"input\" and \"output\" as non-negative numbers");
    }
    return new Price(input.decimalValue(), output.decimalValue());
  }

  private static ModelConfigurationException invalid(String name, String problem) {
    return new ModelConfigurationException(name + " is not a price table: " + problem + "; " + SHAPE);
  }
}
