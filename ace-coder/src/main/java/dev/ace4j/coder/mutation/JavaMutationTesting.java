package dev.ace4j.coder.mutation;

import dev.ace4j.sandbox.Execution;
import dev.ace4j.sandbox.ExecutionError;
import dev.ace4j.sandbox.ExecutionRequest;
import dev.ace4j.sandbox.Language;
import dev.ace4j.sandbox.Limits;
import dev.ace4j.sandbox.OutputFile;
import dev.ace4j.sandbox.Sandbox;
import dev.ace4j.sandbox.Status;
import dev.ace4j.sandbox.TestResult;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Mutation testing of a Java class against its JUnit 5 tests, with PIT ({@code org.pitest} and its JUnit 5 plugin)
 * run inside the sandbox ({@link ExecutionRequest#mutationTest}), no model: the unchanged class must first pass its
 * tests in an ordinary sealed run; then PIT mutates its bytecode, runs the tests that cover each mutant, and its XML
 * report, read on the host, gives each mutant's verdict. PIT's {@code NO_COVERAGE} mutants are
 * {@linkplain MutationReport.Verdict#UNREACHED unreached}: reported, and out of the score; its timeouts count as
 * killed and are reported. PIT changes bytecode, not source, so a mutant's {@linkplain Mutant#diff() diff} is the
 * line it changed, quoted unchanged under a header with PIT's description ({@code changed conditional boundary}),
 * and its source is empty.
 *
 * <p>What the verdicts rest on. The check of the original is sealed: the class runs in a sandbox of its own and
 * cannot touch the tests' report. PIT's run cannot be sealed that way: its minions load the class and the tests in
 * the same JVM, in the sandbox where PIT writes its report, so code in the class or the tests could rewrite that
 * report. Its mutants are only checked to lie in the class's file and lines. That is enough for {@code ace mutate},
 * where the class and the tests are the user's own and the score is for the user; a caller that mutation-tests
 * code or tests from an untrusted author (a model) must not gate on this score alone.
 *
 * <p>Cost: one sealed test run, then one PIT run of a few seconds for a small class (two javac runs, PIT's JVM, a
 * coverage minion and one minion per thread).
 */
public final class JavaMutationTesting {
  /** PIT's own default for what a mutant may take beyond the tests' normal time ({@code --timeoutConst}). */
  private static final Duration PIT_TIMEOUT = Duration.ofSeconds(4);
  private static final long MIB = 1024 * 1024;
  private static final Pattern PUBLIC_TYPE = Pattern.compile(
      "(?m)^\\s*public\\s+(?:(?:final|abstract|sealed|non-sealed|strictfp)\\s+)*"
          + "(?:class|interface|enum|record)\\s+([A-Za-z_$][A-Za-z0-9_$]*)");
  private static final Pattern COMPILER_FILE = Pattern.compile("(?m)^([A-Za-z_$][A-Za-z0-9_$]*\\.java):\\d+: error");

  private final Sandbox sandbox;
  private final int parallel;
  private final Optional<Duration> timeout;

  /**
   * @param sandbox runs the tests on the class, and PIT; borrowed
   * @param parallel PIT's threads: mutants analysed at once, each in a minion JVM
   * @param timeout what a mutant's run may take beyond the tests' time on the class; empty: PIT's default, 4 s
   */
  public JavaMutationTesting(Sandbox sandbox, int parallel, Optional<Duration> timeout) {
    this.sandbox = Objects.requireNonNull(sandbox, "sandbox");
    if (parallel < 1) {
      throw new IllegalArgumentException("parallel must be at least 1, got " + parallel);
    }
    this.parallel = parallel;
    this.timeout = Objects.requireNonNull(timeout, "timeout");
  }

  /**
   * Mutation-tests the class {@code source} against {@code tests} (a JUnit 5 test class that uses it).
   *
   * @param progress told of each mutant's verdict, once PIT's report is read
   * @throws MutationException when the class or the tests do not compile, the tests file has no tests, or PIT
   *     cannot run them
   */
  public MutationReport run(String source, String tests, Consumer<MutationReport.Result> progress) {
    long start = System.nanoTime();
    Execution original = sandbox.execute(ExecutionRequest.testSuite(Language.JAVA, source, tests).build());
    original.error().filter(e -> e.name().equals("CompilationError"))
        .ifPresent(e -> {
          throw new MutationException(notCompiling(e, source, tests));
        });
    if (original.tests().isEmpty() && original.status() == Status.OK) {
      throw new MutationException("the tests file has no tests: give a JUnit 5 class with @Test methods");
    }
    List<TestResult> failing = MutationTesting.originalFailures(original);
    if (!failing.isEmpty()) {
      return new MutationReport(0, failing, List.of(), MutationTesting.since(start));
    }
    Execution pit = sandbox.execute(ExecutionRequest.mutationTest(Language.JAVA, source, tests,
        new ExecutionRequest.Mutation(parallel, timeout.orElse(PIT_TIMEOUT))).limits(limits()).build());
    Optional<OutputFile> report = pit.file(ExecutionRequest.MUTATION_REPORT);
    if (pit.status() != Status.OK || pit.exitCode() != 0 || report.isEmpty()) {
      throw new MutationException("PIT could not mutation-test the class (" + pit.status().id() + ", exit "
          + pit.exitCode() + "): " + lastLines(pit.stderr().text() + "\n" + pit.stdout().text()));
    }
    PitReport.Parsed parsed = PitReport.parse(report.get().content(), fileName(source), source);
    parsed.results().forEach(progress);
    return new MutationReport(parsed.methods(), List.of(), parsed.results(), MutationTesting.since(start));
  }

  /** One JVM per thread and PIT's own share the memory; the whole run is capped at the sandbox's longest. */
  private Limits limits() {
    long memory = Math.min(Limits.MAX_MEMORY, 512 * MIB * (parallel + 1));
    return Limits.defaults().withWall(Limits.MAX_TIME).withCpu(Limits.MAX_TIME).withMemoryBytes(memory)
        .withProcesses(Math.min(Limits.MAX_PROCESSES, 128 * (parallel + 1)));
  }

  private static String notCompiling(ExecutionError error, String source, String tests) {
    Matcher file = COMPILER_FILE.matcher(error.traceback());
    String which = file.find() && file.group(1).equals(fileName(tests)) && !fileName(tests).equals(fileName(source))
        ? "the tests do not compile" : "the class does not compile";
    return which + ": " + error.traceback().lines().findFirst().orElse(error.value()) + ": fix it and run again";
  }

  /** The file javac wants for {@code source}: its public type's name, as the sandbox names it. */
  private static String fileName(String source) {
    Matcher type = PUBLIC_TYPE.matcher(source);
    return (type.find() ? type.group(1) : "Solution") + ".java";
  }

  private static String lastLines(String text) {
    List<String> lines = text.lines().filter(l -> !l.isBlank()).toList();
    return String.join(" / ", lines.subList(Math.max(0, lines.size() - 3), lines.size()));
  }
}
