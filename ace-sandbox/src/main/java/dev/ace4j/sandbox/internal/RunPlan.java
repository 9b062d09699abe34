package dev.ace4j.sandbox.internal;

import dev.ace4j.sandbox.WorkFile;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How a backend runs one request, decided by {@link Runners}: what goes in the work directory, the argument vector
 * (relative to the work directory), the variables to add, and what to bring back.
 *
 * @param files the work directory's contents before the run
 * @param argv the program and its arguments
 * @param environment variables to set inside, on top of the sandbox's own
 * @param outputs work-directory paths to copy out: the request's own, plus the report
 * @param report where the test runner writes its JUnit XML, for a test suite
 * @param limitAddressSpace whether RLIMIT_AS may cap memory (true for Python and Bash; the JVM and V8 reserve far
 *     more address space than they use, so they get heap flags instead)
 * @param sealedCode for a sealed test run, the code under test's own side: then this plan is the tests' side, and
 *     the two run in separate sandboxes joined by a channel (see {@link CodeSide})
 * @param fallback the plan that decides when this one's run is not {@linkplain Results#conclusive conclusive}: this
 *     plan is then a quicker runner's, trusted only where it does what the fallback's would (a sealed Python suite of
 *     plain test functions: ace's own runner, with pytest as the fallback)
 */
record RunPlan(
    List<WorkFile> files,
    List<String> argv,
    Map<String, String> environment,
    List<String> outputs,
    Optional<String> report,
    boolean limitAddressSpace,
    Optional<CodeSide> sealedCode,
    Optional<RunPlan> fallback) {

  RunPlan {
    files = List.copyOf(files);
    argv = List.copyOf(argv);
    environment = Map.copyOf(environment);
    outputs = List.copyOf(outputs);
  }

  /** A plan without a fallback. */
  RunPlan(List<WorkFile> files, List<String> argv, Map<String, String> environment, List<String> outputs,
      Optional<String> report, boolean limitAddressSpace, Optional<CodeSide> sealedCode) {
    this(files, argv, environment, outputs, report, limitAddressSpace, sealedCode, Optional.empty());
  }

  /**
   * The code under test's side of a sealed test run. It runs in a sandbox of its own, under the same limits and
   * control groups, and talks to the tests only through two pipes: it reads requests on descriptor 3 and answers
   * on descriptor 4. It never sees the tests, their process or their report; see docs/SECURITY.md, "Sealed test
   * execution".
   *
   * @param files its work directory's contents: the code and the request's extra files
   * @param argv the server that imports the code and answers the tests' calls
   * @param outputs the request's outputs, copied out of this side's work directory
   */
  record CodeSide(List<WorkFile> files, List<String> argv, List<String> outputs) {
    CodeSide {
      files = List.copyOf(files);
      argv = List.copyOf(argv);
      outputs = List.copyOf(outputs);
    }
  }
}
