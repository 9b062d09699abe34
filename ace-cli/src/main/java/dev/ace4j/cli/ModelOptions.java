package dev.ace4j.cli;

import dev.ace4j.models.PriceTable;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/** The options that choose the model and what wraps it, shared by {@code solve}, {@code bench} and {@code eval}. */
// picocli injects the @Spec of the command this mixin is part of; options without a default are @Nullable.
@SuppressWarnings("NullAway.Init")
final class ModelOptions {
  @Spec(Spec.Target.MIXEE)
  CommandSpec command;

  @Option(names = "--model", paramLabel = "SPEC", order = 50,
      description = "The model: openai:MODEL, anthropic:MODEL, gemini:MODEL, ollama:MODEL, openai-compatible:MODEL "
          + "(with --base-url), replay:FILE (answers recorded with --record), or reference (each task's own "
          + "reference solution: a check of the harness). Default: ACE4J_MODEL, else the provider whose API key "
          + "is set (OPENAI_API_KEY, ANTHROPIC_API_KEY, GEMINI_API_KEY), else OLLAMA_HOST, else the same in .env.")
  @Nullable String model;

  @Option(names = "--base-url", paramLabel = "URL", order = 51,
      description = "The server of an OpenAI-compatible or Ollama model. Default: OPENAI_BASE_URL or OLLAMA_HOST.")
  @Nullable String baseUrl;

  @Option(names = "--no-cache", order = 52,
      description = "Call the model for every request. Default: answers are cached in ACE4J_HOME/ace.db and a "
          + "request seen before is answered from there.")
  boolean noCache;

  @Option(names = "--record", paramLabel = "FILE", order = 53,
      description = "Append every model exchange to FILE (JSON lines), to replay later with --model replay:FILE.")
  @Nullable Path record;

  @Option(names = "--price", paramLabel = "IN/OUT", order = 54, converter = PriceConverter.class,
      description = "What the model costs, in USD per million input and output tokens, e.g. 0.15/0.60. Default: "
          + "ACE4J_HOME/prices.json laid over the built-in table; a model priced in neither has an unknown cost.")
  PriceTable.@Nullable Price price;

  Optional<String> spec() {
    return Optional.ofNullable(model);
  }

  Optional<String> baseUrl() {
    return Optional.ofNullable(baseUrl);
  }

  Optional<PriceTable.Price> price() {
    return Optional.ofNullable(price);
  }

  /** Where the command prints progress: its standard error. */
  PrintWriter err() {
    return command.commandLine().getErr();
  }

  /** Reads {@code IN/OUT}: two non-negative decimal numbers of USD per million tokens. */
  static final class PriceConverter implements ITypeConverter<PriceTable.Price> {
    private static final Pattern FORMAT = Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)/(\\d+(?:\\.\\d*)?|\\.\\d+)");

    @Override
    public PriceTable.Price convert(String text) {
      Matcher matcher = FORMAT.matcher(text.strip());
      if (!matcher.matches()) {
        throw new TypeConversionException("'" + text + "' is not a price: give USD per million input and output "
            + "tokens as IN/OUT, e.g. --price 0.15/0.60");
      }
      return new PriceTable.Price(new BigDecimal(matcher.group(1)), new BigDecimal(matcher.group(2)));
    }
  }
}
