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
 */
record RunPlan(
    List<WorkFile> files,
    List<String> argv,
    Map<String, String> environment,
    List<String> outputs,
    Optional<String> report,
    boolean limitAddressSpace) {

  RunPlan {
    files = List.copyOf(files);
    argv = List.copyOf(argv);
    environment = Map.copyOf(environment);
    outputs = List.copyOf(outputs);
  }
}
