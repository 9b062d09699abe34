package dev.ace4j.coder;

import dev.ace4j.core.GeneratorOutput;
import dev.ace4j.core.Sample;
import dev.ace4j.core.spi.Environment;
import dev.ace4j.core.spi.Feedback;
import dev.ace4j.sandbox.Execution;
import dev.ace4j.sandbox.ExecutionError;
import dev.ace4j.sandbox.ExecutionRequest;
import dev.ace4j.sandbox.Language;
import dev.ace4j.sandbox.Sandbox;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Judges generated code by running it in a sandbox against the task's visible tests. The sample's id names the
 * task (see {@link CodeSamples#of}); the code is the reply's {@code code} field, else the first fenced block of its
 * answer. The feedback is correct when the run ended OK and every visible test passed (for a task without visible
 * tests: when the module ran without error); its text reports failed tests, the error and limits, and never
 * mentions the hidden tests.
 *
 * <p>Each evaluation is one sandbox run (a Python start-up plus pytest, typically well under a second). The sandbox
 * is borrowed: closing it is the caller's job.
 */
public final class SandboxEnvironment implements Environment {
  static final String NO_CODE = "no code in the reply: put the program in the \"code\" field or a ```python block";

  private final Map<String, CodeTask> tasks = new LinkedHashMap<>();
  private final Sandbox sandbox;

  /**
   * @param tasks the tasks samples may name, by id
   * @throws IllegalArgumentException when two tasks share an id
   */
  public SandboxEnvironment(List<CodeTask> tasks, Sandbox sandbox) {
    for (CodeTask task : tasks) {
      if (this.tasks.put(task.id(), task) != null) {
        throw new IllegalArgumentException("task id '" + task.id() + "' is given twice: give each task once");
      }
    }
    this.sandbox = Objects.requireNonNull(sandbox, "sandbox");
  }

  /**
   * @throws IllegalArgumentException when the sample's id is not one of this environment's tasks
   */
  @Override
  public Feedback evaluate(Sample sample, GeneratorOutput output) {
    CodeTask task = task(sample.id());
    Optional<String> code = GeneratedCode.of(output);
    if (code.isEmpty()) {
      return new Feedback(NO_CODE, Optional.of(false), Map.of("status", "no_code"));
    }
    if (task.visibleTests().isBlank()) {
      Execution run = sandbox.execute(ExecutionRequest.snippet(task.language(), code.get()).build());
      return new Feedback(ExecutionReport.ofUntested(run), Optional.of(ExecutionReport.ran(run)),
          signals(run, task.language()));
    }
    Execution run = sandbox.execute(
        ExecutionRequest.testSuite(task.language(), code.get(), task.visibleTests()).build());
    return new Feedback(ExecutionReport.of(run), Optional.of(ExecutionReport.passed(run)),
        signals(run, task.language()));
  }

  private CodeTask task(String id) {
    CodeTask task = tasks.get(id);
    if (task == null) {
      throw new IllegalArgumentException("sample '" + id + "' names no task of this environment: build samples with "
          + "CodeSamples.of(task) from one of " + String.join(", ", tasks.keySet()));
    }
    return task;
  }

  private static Map<String, String> signals(Execution run, Language language) {
    Map<String, String> signals = new LinkedHashMap<>();
    signals.put("status", run.status().id());
    signals.put("exit_code", String.valueOf(run.exitCode()));
    signals.put("tests_passed", String.valueOf(run.passedTests()));
    signals.put("tests_failed", String.valueOf(run.failedTests()));
    run.error().map(ExecutionError::name).or(() -> ExecutionReport.collectionError(run, language))
        .ifPresent(error -> signals.put("error", error));
    return signals;
  }
}
