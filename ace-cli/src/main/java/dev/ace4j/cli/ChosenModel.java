package dev.ace4j.cli;

import dev.ace4j.coder.CodeTask;
import dev.ace4j.coder.Pricing;
import dev.ace4j.coder.ReferenceModel;
import dev.ace4j.coder.history.SqliteFile;
import dev.ace4j.core.spi.LanguageModel;
import dev.ace4j.models.ModelConfigurationException;
import dev.ace4j.models.ModelResolver;
import dev.ace4j.models.ModelSpec;
import dev.ace4j.models.Models;
import dev.ace4j.models.PriceTable;
import dev.ace4j.models.ReplayModel;
import dev.ace4j.models.RetryNotice;
import io.opentelemetry.api.OpenTelemetry;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The model a learning command runs with, chosen from the options, the environment and {@code .env}: a provider
 * client wrapped in the response cache and the recording, or the tasks' reference solutions for {@code reference};
 * and what its tokens cost. Each retry of a model call prints one line on the command's standard error. The cache's
 * connection to {@code ACE4J_HOME/ace.db} is opened here, through the one opener of that file, and closed with the
 * model's other resources.
 *
 * @param name the model spec as recorded in the history ({@code openai:gpt-4o-mini}, {@code reference})
 * @param reason why this model, for the progress line
 */
record ChosenModel(LanguageModel model, String name, String reason, Pricing pricing, AutoCloseable resources)
    implements AutoCloseable {

  /**
   * Resolves and opens the model.
   *
   * @param tasks the tasks {@code reference} answers from
   * @throws BadInputException when no model is configured (listing every way to configure one), the spec is
   *     malformed, its API key is missing (naming the variable), a task has no reference solution, or the prices file
   *     in the home is not a price table
   * @throws dev.ace4j.coder.history.HistoryException naming the file and the fix when the cache's database,
   *     {@code ace.db}, is not a usable SQLite database
   */
  static ChosenModel open(ModelOptions options, Map<String, String> environment, AceHome home, List<CodeTask> tasks,
      OpenTelemetry openTelemetry) {
    ModelResolver.Resolution choice;
    try {
      choice = ModelResolver.of(environment, Path.of(".env")).resolve(options.spec(), options.baseUrl());
    } catch (ModelConfigurationException e) {
      throw new BadInputException(e.getMessage());
    }
    ModelSpec spec = choice.spec();
    if (spec.provider() == ModelSpec.Provider.REFERENCE) {
      try {
        return new ChosenModel(ReferenceModel.of(tasks), spec.text(), choice.reason(), Pricing.free(), () -> {});
      } catch (IllegalArgumentException e) {
        throw new BadInputException(Objects.toString(e.getMessage(), e.toString()));
      }
    }
    PrintWriter err = options.err();
    Models.Options wrapping = Models.Options.defaults().withOpenTelemetry(openTelemetry)
        .withRetryListener(notice -> printRetry(err, notice));
    if (options.record != null) {
      wrapping = wrapping.withRecording(options.record);
    }
    Pricing pricing;
    try {
      pricing = pricing(spec, options.price(), home);
    } catch (ModelConfigurationException e) {
      throw new BadInputException(e.getMessage());
    }
    if (options.noCache || spec.provider() == ModelSpec.Provider.REPLAY) {
      Models.Handle handle = create(choice, wrapping);
      return new ChosenModel(handle, spec.text(), choice.reason(), pricing, handle);
    }
    return cached(choice, wrapping, pricing, home.database());
  }

  /** The model behind the response cache in {@code database}, whose connection closes after the model. */
  private static ChosenModel cached(ModelResolver.Resolution choice, Models.Options wrapping, Pricing pricing,
      Path database) {
    Connection cache = SqliteFile.open(database);
    try {
      Models.Handle handle = create(choice, wrapping.withCache(cache));
      AutoCloseable resources = () -> {
        try {
          handle.close();
        } finally {
          cache.close();
        }
      };
      return new ChosenModel(handle, choice.spec().text(), choice.reason(), pricing, resources);
    } catch (RuntimeException e) {
      closeQuietly(cache, e);
      throw e;
    }
  }

  private static Models.Handle create(ModelResolver.Resolution choice, Models.Options wrapping) {
    try {
      return Models.create(choice, wrapping);
    } catch (ModelConfigurationException e) {
      throw new BadInputException(e.getMessage());
    }
  }

  private static void closeQuietly(Connection connection, RuntimeException cause) {
    try {
      connection.close();
    } catch (SQLException e) {
      cause.addSuppressed(e);
    }
  }

  /**
   * What {@code spec}'s tokens cost: {@code --price}, else the price table with the user's prices file laid over it;
   * unknown when none of them names the model. A replay's answers cost what they cost when they were recorded (the
   * one model the recording names, priced the same way), so a replayed session's figures are the recorded one's;
   * a recording of several models has an unknown cost.
   */
  private static Pricing pricing(ModelSpec spec, Optional<PriceTable.Price> price, AceHome home) {
    if (price.isPresent()) {
      PriceTable.Price given = price.get();
      return usage -> Optional.of(given.cost(usage));
    }
    PriceTable prices = PriceTable.forHome(home.root());
    if (spec.provider() != ModelSpec.Provider.REPLAY) {
      return usage -> prices.cost(spec.provider(), spec.model(), usage);
    }
    Set<ReplayModel.Recorded> recorded = ReplayModel.open(spec.file().orElseThrow()).recordedModels();
    Optional<ModelSpec.Provider> provider = recorded.size() == 1
        ? ModelSpec.Provider.byPrefix(recorded.iterator().next().provider())
        : Optional.empty();
    if (provider.isEmpty()) {
      return usage -> Optional.empty();
    }
    String model = recorded.iterator().next().model();
    return usage -> prices.cost(provider.get(), model, usage);
  }

  /** One stderr line per retry, so a failing server is never silent: {@code model: HTTP 429 from URL, ...}. */
  private static void printRetry(PrintWriter err, RetryNotice notice) {
    synchronized (err) {
      err.println("model: " + notice.describe());
      err.flush();
    }
  }

  /** Closes the client, the cache and the recording; a failure to close is not worth failing the command for. */
  @Override
  public void close() {
    try {
      resources.close();
    } catch (Exception e) {
      // The work is done and recorded; an HTTP client or database that will not close changes nothing of it.
    }
  }
}
