package dev.ace4j.cli;

import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/** The options that choose the model and what wraps it, shared by {@code solve}, {@code bench} and {@code eval}. */
final class ModelOptions {
  @Option(names = "--model", paramLabel = "SPEC", order = 50,
      description = "The model: openai:MODEL, anthropic:MODEL, gemini:MODEL, ollama:MODEL, openai-compatible:MODEL "
          + "(with --base-url), replay:FILE (answers recorded with --record), or reference (each task's own "
          + "reference solution: a check of the harness). Default: ACE4J_MODEL, else the provider whose API key "
          + "is set (OPENAI_API_KEY, ANTHROPIC_API_KEY, GEMINI_API_KEY), else OLLAMA_HOST, else the same in .env.")
  String model;

  @Option(names = "--base-url", paramLabel = "URL", order = 51,
      description = "The server of an OpenAI-compatible or Ollama model. Default: OPENAI_BASE_URL or OLLAMA_HOST.")
  String baseUrl;

  @Option(names = "--no-cache", order = 52,
      description = "Call the model for every request. Default: answers are cached in ACE4J_HOME/ace.db and a "
          + "request seen before is answered from there.")
  boolean noCache;

  @Option(names = "--record", paramLabel = "FILE", order = 53,
      description = "Append every model exchange to FILE (JSON lines), to replay later with --model replay:FILE.")
  Path record;

  Optional<String> spec() {
    return Optional.ofNullable(model);
  }

  Optional<String> baseUrl() {
    return Optional.ofNullable(baseUrl);
  }
}
