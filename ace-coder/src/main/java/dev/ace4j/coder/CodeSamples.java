package dev.ace4j.coder;

import dev.ace4j.core.Sample;
import java.util.Optional;

/** Turns code tasks into samples for the ACE loop, leaving everything the learner must not see behind. */
public final class CodeSamples {
  private CodeSamples() {}

  /**
   * A sample whose id is the task's id, whose question is the task's prompt and whose context states the language,
   * the signature and the visible tests. It has no ground truth: the hidden tests and the reference solution stay
   * with the task, so no role can quote them.
   */
  public static Sample of(CodeTask task) {
    String language = task.language().id();
    StringBuilder context = new StringBuilder("Language: ").append(language).append('\n');
    if (!task.signature().isBlank()) {
      context.append("\nSignature:\n").append(task.signature().strip()).append('\n');
    }
    if (task.visibleTests().isBlank()) {
      context.append("\nNo tests are given: your module is run as a program and must exit without error.\n");
    } else {
      context.append("\nVisible tests (").append(howTestsSeeTheCode(task)).append("):\n```")
          .append(language).append('\n').append(task.visibleTests().strip()).append("\n```\n");
    }
    return new Sample(task.id(), task.prompt(), context.toString(), Optional.empty());
  }

  /** How the language's test runner finds the program (see the sandbox's runners). */
  private static String howTestsSeeTheCode(CodeTask task) {
    return switch (task.language()) {
      case PYTHON -> "they import your module as `solution`: `from solution import ...`";
      case JAVASCRIPT -> "they load your module with `require('./solution.js')`: export what they use";
      case JAVA -> "they use your public classes by name, in the default package";
      case BASH -> "they source your script and call its functions";
    };
  }
}
