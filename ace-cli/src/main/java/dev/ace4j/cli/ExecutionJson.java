package dev.ace4j.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ace4j.sandbox.Execution;
import dev.ace4j.sandbox.ExecutionError;
import dev.ace4j.sandbox.OutputFile;
import dev.ace4j.sandbox.TestResult;
import java.io.UncheckedIOException;
import java.util.Base64;

/**
 * An {@link Execution} as the one JSON object {@code ace sandbox exec --json} prints, with snake_case fields:
 * {@code status, exit_code, stdout, stderr, stdout_truncated, stderr_truncated, error, tests, duration_ms, files,
 * backend, detail}. {@code exit_code} is {@code null} when the program did not exit on its own (killed, or never
 * started); {@code error} is {@code null} when the runtime reported none.
 */
final class ExecutionJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private ExecutionJson() {}

  /** The object on one line, without a trailing newline. */
  static String write(Execution run) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("status", run.status().id());
    if (run.exitCode() == Execution.NO_EXIT_CODE) {
      root.putNull("exit_code");
    } else {
      root.put("exit_code", run.exitCode());
    }
    root.put("stdout", run.stdout().text());
    root.put("stderr", run.stderr().text());
    root.put("stdout_truncated", run.stdout().truncated());
    root.put("stderr_truncated", run.stderr().truncated());
    root.set("error", run.error().map(ExecutionJson::error).orElse(null));
    ArrayNode tests = root.putArray("tests");
    run.tests().forEach(test -> tests.add(test(test)));
    root.put("duration_ms", run.duration().toMillis());
    ArrayNode files = root.putArray("files");
    run.files().forEach(file -> files.add(file(file)));
    root.put("backend", run.backend());
    root.put("detail", run.detail());
    try {
      return MAPPER.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static ObjectNode error(ExecutionError error) {
    return MAPPER.createObjectNode()
        .put("name", error.name())
        .put("value", error.value())
        .put("traceback", error.traceback());
  }

  private static ObjectNode test(TestResult test) {
    return MAPPER.createObjectNode()
        .put("suite", test.suite())
        .put("name", test.name())
        .put("outcome", test.outcome().id())
        .put("message", test.message())
        .put("duration_ms", test.duration().toMillis());
  }

  private static ObjectNode file(OutputFile file) {
    return MAPPER.createObjectNode()
        .put("path", file.path())
        .put("size", file.size())
        .put("content_base64", Base64.getEncoder().encodeToString(file.content()));
  }
}
