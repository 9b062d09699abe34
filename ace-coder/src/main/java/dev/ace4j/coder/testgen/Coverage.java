package dev.ace4j.coder.testgen;

import java.util.List;

/**
 * What a suite exercises of its module, measured with coverage.py in the sandbox. Information for the reader, not
 * a verdict: it comes from a run in which the tests could write their own figures.
 *
 * @param statements the module's executable lines
 * @param covered how many of them the tests ran
 * @param functions the module's functions and methods, in the order of its lines
 * @param exercised those whose body the tests entered
 */
public record Coverage(int statements, int covered, List<String> functions, List<String> exercised) {
  public Coverage {
    functions = List.copyOf(functions);
    exercised = List.copyOf(exercised);
  }

  /** Covered lines over executable lines; 1 for a module without any. */
  public double lineRate() {
    return statements == 0 ? 1.0 : (double) covered / statements;
  }
}
