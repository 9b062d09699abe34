package dev.ace4j.coder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ace4j.sandbox.Language;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The built-in benchmark: the original's eight Python tasks, each with a fixed signature stated in its prompt, a
 * reference solution, visible tests and hidden tests.
 *
 * <p>Each task lives in the class-path folder {@code dev/ace4j/coder/benchmarks/builtin/<id>/} as {@code task.json},
 * {@code reference.py}, {@code visible_test.py}, {@code hidden_test.py} and {@code buggy.py}. Learning and scoring
 * never look at the original's text checks ({@code expected_patterns}, {@code validation_criteria}); they are kept to
 * report what the original would have said.
 */
public final class BuiltinBenchmark {
  /** The task ids in the original benchmark's order. */
  public static final List<String> TASK_IDS = List.of(
      "easy_fibonacci",
      "easy_factorial",
      "easy_palindrome",
      "medium_prime_sieve",
      "medium_binary_search",
      "medium_merge_sort",
      "hard_lru_cache",
      "hard_graph_traversal");

  private static final String ROOT = "benchmarks/builtin";
  private static final ObjectMapper JSON = new ObjectMapper();

  private BuiltinBenchmark() {}

  /**
   * The eight tasks in the original order. Reads the resources on every call (a few kilobytes).
   *
   * @throws IllegalStateException when a task's resource is missing or malformed; the message names the file
   */
  public static List<CodeTask> tasks() {
    List<CodeTask> tasks = new ArrayList<>(TASK_IDS.size());
    for (String id : TASK_IDS) {
      tasks.add(load(ROOT, id));
    }
    return List.copyOf(tasks);
  }

  /**
   * The reference solution of {@code taskId} with one deliberate, plausible bug that its hidden tests catch (and
   * that its visible tests may not). It exists as a check on the harness: if the buggy variant passes, the hidden
   * tests have no teeth. Never show it to a learner.
   *
   * @throws IllegalArgumentException when {@code taskId} is not a built-in task
   */
  public static String buggySolution(String taskId) {
    return resource(ROOT, requireKnown(taskId), "buggy.py");
  }

  private static String requireKnown(String taskId) {
    if (!TASK_IDS.contains(taskId)) {
      throw new IllegalArgumentException(
          "'" + taskId + "' is not a built-in benchmark task: use one of " + String.join(", ", TASK_IDS));
    }
    return taskId;
  }

  /** Loads the task {@code id} from the class-path folder {@code dev/ace4j/coder/<root>/<id>/}. */
  static CodeTask load(String root, String id) {
    String file = path(root, id, "task.json");
    JsonNode json;
    try {
      json = JSON.readTree(resource(root, id, "task.json"));
    } catch (IOException e) {
      throw new IllegalStateException("benchmark resource " + file + " is not valid JSON: " + e.getMessage(), e);
    }
    if (!id.equals(text(json, "id", file))) {
      throw new IllegalStateException("benchmark resource " + file + " has id '" + json.path("id").asText()
          + "' but lives in the folder of '" + id + "'");
    }
    Difficulty difficulty;
    try {
      difficulty = Difficulty.fromId(text(json, "difficulty", file));
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException("benchmark resource " + file + ": " + e.getMessage(), e);
    }
    try {
      return new CodeTask(
          id,
          text(json, "name", file),
          text(json, "description", file),
          text(json, "prompt", file),
          Language.PYTHON,
          text(json, "signature", file),
          resource(root, id, "visible_test.py"),
          resource(root, id, "hidden_test.py"),
          Optional.of(resource(root, id, "reference.py")),
          difficulty,
          strings(json, "tags", file),
          strings(json, "expected_patterns", file),
          strings(json, "validation_criteria", file));
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException("benchmark resource " + file + ": " + e.getMessage(), e);
    }
  }

  private static String text(JsonNode json, String field, String file) {
    JsonNode value = json.get(field);
    if (value == null || !value.isTextual()) {
      throw new IllegalStateException("benchmark resource " + file + " lacks the text field '" + field + "'");
    }
    return value.asText();
  }

  private static List<String> strings(JsonNode json, String field, String file) {
    JsonNode value = json.get(field);
    if (value == null || !value.isArray()) {
      throw new IllegalStateException("benchmark resource " + file + " lacks the list field '" + field + "'");
    }
    List<String> result = new ArrayList<>();
    for (JsonNode item : value) {
      if (!item.isTextual()) {
        throw new IllegalStateException(
            "benchmark resource " + file + " has a non-text item in '" + field + "': " + item);
      }
      result.add(item.asText());
    }
    return result;
  }

  private static String resource(String root, String id, String name) {
    String file = path(root, id, name);
    try (InputStream in = BuiltinBenchmark.class.getResourceAsStream(root + "/" + id + "/" + name)) {
      if (in == null) {
        throw new IllegalStateException("benchmark resource " + file + " is missing from the class path");
      }
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      if (text.isBlank()) {
        throw new IllegalStateException("benchmark resource " + file + " is empty");
      }
      return text;
    } catch (IOException e) {
      throw new IllegalStateException("benchmark resource " + file + " cannot be read: " + e.getMessage(), e);
    }
  }

  private static String path(String root, String id, String name) {
    return "dev/ace4j/coder/" + root + "/" + id + "/" + name;
  }
}
