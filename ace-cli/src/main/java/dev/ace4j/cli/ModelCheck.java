package dev.ace4j.cli;

import dev.ace4j.core.spi.ModelReply;
import dev.ace4j.core.spi.ModelRequest;
import dev.ace4j.models.ModelConfigurationException;
import dev.ace4j.models.ModelResolver;
import dev.ace4j.models.ModelSpec;
import dev.ace4j.models.Models;
import dev.ace4j.sandbox.HostCheck;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** The {@code model} line of {@code ace doctor}: which model ace would use and why, and with --ping, a tiny call. */
final class ModelCheck {
  private static final String PING = "Reply with the single word: pong";

  private ModelCheck() {}

  static HostCheck inspect(
      Map<String, String> environment, Path dotEnv, Optional<String> spec, Optional<String> baseUrl, boolean ping) {
    ModelResolver.Resolution choice;
    try {
      choice = ModelResolver.of(environment, dotEnv).resolve(spec, baseUrl);
    } catch (ModelConfigurationException e) {
      // The sandbox works without a model; learning needs one. The message says what is missing and how to
      // configure it, so the finding only says who needs it.
      return spec.isPresent()
          ? HostCheck.fail("model", e.getMessage(), "")
          : HostCheck.warn("model", "solve, bench and eval need a model", e.getMessage());
    }
    if (!ping) {
      return HostCheck.ok("model", choice.summary());
    }
    if (choice.spec().provider() == ModelSpec.Provider.REFERENCE) {
      return HostCheck.ok("model", choice.summary() + "; it answers bench and eval tasks with their own reference "
          + "solutions, offline, so there is nothing to ping");
    }
    long start = System.nanoTime();
    // One request, as doctor promises: a ping that retried would hide a failing server for seconds.
    try (Models.Handle model = Models.create(choice, Models.Options.defaults().withMaxAttempts(1))) {
      ModelReply reply = model.chat(ModelRequest.of(PING).withRole("doctor"));
      long millis = (System.nanoTime() - start) / 1_000_000;
      return HostCheck.ok("model", choice.summary() + "; ping answered in " + millis + " ms: \""
          + shortLine(reply.text()) + "\" (" + reply.usage().inputTokens() + " tokens in, "
          + reply.usage().outputTokens() + " out)");
    } catch (RuntimeException e) {
      return HostCheck.fail("model", choice.summary() + "; ping failed: " + firstLine(String.valueOf(e.getMessage())),
          "check the key, the base URL and that the server is up");
    }
  }

  private static String firstLine(String text) {
    return text.strip().lines().findFirst().orElse("");
  }

  /** A reply's first line, short: the model may say much more than "pong". */
  private static String shortLine(String text) {
    String line = firstLine(text);
    return line.length() > 80 ? line.substring(0, 80) + "…" : line;
  }
}
