package dev.ace4j.coder.testgen;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ace4j.sandbox.Execution;
import dev.ace4j.sandbox.ExecutionRequest;
import dev.ace4j.sandbox.Language;
import dev.ace4j.sandbox.Sandbox;
import dev.ace4j.sandbox.Status;
import dev.ace4j.sandbox.WorkFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** What test generation does to a suite in the sandbox besides running it: pruning wrong tests, and coverage. */
final class SuiteTools {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String HELPER = "_ace_testgen.py";
  private static final String HELPER_SOURCE = resource(HELPER);
  private static final String TESTS = "test_generated.py";

  private final Sandbox sandbox;

  SuiteTools(Sandbox sandbox) {
    this.sandbox = sandbox;
  }

  /** {@code tests} without the test functions {@code names}: the rest of the file line for line. */
  Optional<String> prune(String tests, List<String> names) {
    Execution run = sandbox.execute(ExecutionRequest.snippet(Language.PYTHON,
            "import json, _ace_testgen\n_ace_testgen.prune('" + TESTS + "', set(json.load(open('names.json'))))\n")
        .file(HELPER, HELPER_SOURCE).file(TESTS, tests).file("names.json", json(names)).build());
    return run.status() == Status.OK ? Optional.of(run.stdout().text()) : Optional.empty();
  }

  /**
   * What {@code tests} cover of {@code module}; empty when coverage.py is missing from the sandbox's python3 or the
   * run failed.
   *
   * @param alias the file that lets the tests import the module by its own name, if they do
   */
  Optional<Coverage> coverage(String module, String tests, List<WorkFile> alias) {
    ExecutionRequest.Builder request = ExecutionRequest.snippet(Language.PYTHON,
            "import _ace_testgen\n_ace_testgen.coverage('" + TESTS + "')\n")
        .file(HELPER, HELPER_SOURCE).file(TESTS, tests).file("solution.py", module);
    alias.forEach(request::file);
    Execution run = sandbox.execute(request.build());
    try {
      JsonNode json = JSON.readTree(run.stdout().text().lines().reduce((first, last) -> last).orElse(""));
      if (json == null || !json.has("statements")) {
        return Optional.empty();
      }
      return Optional.of(new Coverage(json.path("statements").asInt(), json.path("covered").asInt(),
          texts(json.path("functions")), texts(json.path("exercised"))));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static List<String> texts(JsonNode array) {
    List<String> texts = new ArrayList<>();
    array.forEach(node -> texts.add(node.asText()));
    return texts;
  }

  private static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String resource(String name) {
    try (InputStream in = SuiteTools.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
