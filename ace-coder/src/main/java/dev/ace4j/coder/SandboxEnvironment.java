package dev.ace4j.coder;

import dev.ace4j.core.GeneratorOutput;
import dev.ace4j.core.Sample;
import dev.ace4j.core.spi.Environment;
import dev.ace4j.core.spi.Feedback;
import dev.ace4j.sandbox.Execution;
import dev.ace4j.sandbox.ExecutionRequest;
import dev.ace4j.sandbox.InvalidRequestException;
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
 * tests: when the module ran without error, on the first stdin/stdout case's input for a task that has such cases,
 * whose expected output it is not told); its text reports failed tests, the error and limits, and never
 * mentions the hidden tests. Its detail is the {@link ExecutionReport}, which callers read with
 * {@link #report(Feedback)}.
 *
 * <p>Each evaluation is one sandbox run (a Python start-up plus pytest, typically well under a second). The sandbox
 * is borrowed: closing it is the caller's job.
 */
public final class SandboxEnvironment implements Environment {
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
    ExecutionReport report = run(task(sample.id()), GeneratedCode.of(output));
    return new Feedback(report.text(), Optional.of(report.passed()), Optional.of(report));
  }

  /**
   * The execution report that {@link #evaluate} put in {@code feedback}.
   *
   * @throws IllegalArgumentException when the feedback did not come from a sandbox environment
   */
  public static ExecutionReport report(Feedback feedback) {
    return feedback.detail(ExecutionReport.class).orElseThrow(() -> new IllegalArgumentException(
        "the feedback holds no execution report: it did not come from a SandboxEnvironment"));
  }

  /**
   * The task {@code id} names.
   *
   * @throws IllegalArgumentException when it is not one of this environment's tasks
   */
  CodeTask task(String id) {
    CodeTask task = tasks.get(id);
    if (task == null) {
      throw new IllegalArgumentException("sample '" + id + "' names no task of this environment: build samples with "
          + "CodeSamples.of(task) from one of " + String.join(", ", tasks.keySet()));
    }
    return task;
  }

  private ExecutionReport run(CodeTask task, Optional<String> code) {
    if (code.isEmpty()) {
      return ExecutionReport.noCode();
    }
    try {
      if (task.visibleTests().isBlank()) {
        String stdin = task.ioTests().isEmpty() ? "" : task.ioTests().get(0).input();
        Execution run = sandbox.execute(ExecutionRequest.snippet(task.language(), code.get()).stdin(stdin).build());
        return ExecutionReport.ofProgram(code.get(), run);
      }
      Execution run = sandbox.execute(
          ExecutionRequest.testSuite(task.language(), code.get(), task.visibleTests()).build());
      return ExecutionReport.ofTests(code.get(), run, task.language());
    } catch (InvalidRequestException refused) {
      // The program itself asks too much (larger than a file may be): the model's fault, told as such.
      return ExecutionReport.refused(code.get(), String.valueOf(refused.getMessage()));
    }
  }
}
