package dev.ace4j.coder.mutation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ace4j.sandbox.Execution;
import dev.ace4j.sandbox.ExecutionRequest;
import dev.ace4j.sandbox.Language;
import dev.ace4j.sandbox.Limits;
import dev.ace4j.sandbox.Sandbox;
import dev.ace4j.sandbox.Status;
import dev.ace4j.sandbox.TestResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * Mutation testing of a Python module against its pytest suite, in the sandbox, with no model: the mutants are made
 * from the module's syntax tree by {@code _ace_mutants.py} (run in the sandbox, which only parses the module), the
 * unchanged module must pass its tests, and then every mutant runs against them, sealed like any suite. A mutant is
 * killed when a test fails or errors on it, and counted as killed, but reported, when it runs past the time limit.
 */
public final class MutationTesting {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String MAKER = resource("_ace_mutants.py");
  /** The least time a mutant gets, however fast the tests ran on the module. */
  private static final Duration LEAST = Duration.ofSeconds(1);

  private final Sandbox sandbox;
  private final int parallel;
  private final Optional<Duration> timeout;

  /**
   * @param sandbox runs the maker, the module's tests and the mutants; borrowed
   * @param parallel mutants run at once
   * @param timeout each mutant's wall-clock limit; empty: ten times the tests' own time on the module (as their
   *     report gives it, without the sandbox's start), at least 1 s
   */
  public MutationTesting(Sandbox sandbox, int parallel, Optional<Duration> timeout) {
    this.sandbox = Objects.requireNonNull(sandbox, "sandbox");
    if (parallel < 1) {
      throw new IllegalArgumentException("parallel must be at least 1, got " + parallel);
    }
    this.parallel = parallel;
    this.timeout = Objects.requireNonNull(timeout, "timeout");
  }

  /** The mutants of {@code module}, in the order of its lines. */
  public Mutants mutants(String module) {
    Execution made = sandbox.execute(ExecutionRequest.snippet(Language.PYTHON, MAKER).file("module.py", module)
        .build());
    JsonNode json;
    try {
      json = JSON.readTree(made.stdout().text());
    } catch (IOException e) {
      json = null;
    }
    if (json == null || !json.isObject()) {
      throw new IllegalStateException("the mutant maker failed (" + made.status().id() + "): "
          + made.stderr().text().strip());
    }
    if (json.has("error")) {
      throw new MutationException("the module does not parse: " + json.get("error").asText()
          + ": fix it, or give the module file the tests import as solution");
    }
    List<Mutant> mutants = new ArrayList<>();
    for (JsonNode m : json.path("mutants")) {
      mutants.add(new Mutant(mutants.size() + 1, m.path("operator").asText(), m.path("line").asInt(),
          m.path("description").asText(), m.path("source").asText(), m.path("diff").asText()));
    }
    return new Mutants(json.path("functions").asInt(), mutants);
  }

  /** A module's functions and mutants. */
  public record Mutants(int functions, List<Mutant> list) {
    public Mutants {
      list = List.copyOf(list);
    }
  }

  /**
   * Mutation-tests {@code module} against {@code tests} (a pytest file that imports the module as {@code solution}).
   *
   * @param progress told of each mutant's verdict as it comes in, from several threads
   * @throws MutationException when the module does not parse, has no functions, or the tests cannot run
   */
  public MutationReport run(String module, String tests, Consumer<MutationReport.Result> progress) {
    long start = System.nanoTime();
    Mutants mutants = mutants(module);
    if (mutants.functions() == 0) {
      throw new MutationException("the module has no functions: mutation testing changes function bodies; give a "
          + "module that defines at least one function");
    }
    Execution original = sandbox.execute(ExecutionRequest.testSuite(Language.PYTHON, module, tests).build());
    if (original.stdout().text().contains("No module named pytest")
        || original.stderr().text().contains("No module named pytest")) {
      throw new MutationException("pytest is not installed for the sandbox's python3: install it with `apt-get "
          + "install python3-pytest`");
    }
    if (original.tests().isEmpty() && original.status() == Status.OK) {
      throw new MutationException("the tests file has no tests: give a pytest file with test_ functions that "
          + "import the module as solution");
    }
    List<TestResult> failing = originalFailures(original);
    if (!failing.isEmpty()) {
      return new MutationReport(mutants.functions(), failing, List.of(), since(start));
    }
    // The tests' own time, as their report gives it: a run's wall time also holds a sandbox's start, which the
    // first run in each slot pays and the others do not.
    Duration testsTime = original.tests().stream().map(TestResult::duration).reduce(Duration.ZERO, Duration::plus);
    Duration limit = timeout.orElseGet(() -> max(LEAST, testsTime.multipliedBy(10)));
    Limits limits = Limits.defaults().withWall(limit);
    ExecutorService workers = Executors.newFixedThreadPool(parallel, work -> {
      Thread thread = new Thread(work, "ace4j-mutants");
      thread.setDaemon(true);
      return thread;
    });
    try {
      List<CompletableFuture<MutationReport.Result>> runs = mutants.list().stream()
          .map(mutant -> CompletableFuture.supplyAsync(() -> {
            MutationReport.Result result = verdict(mutant, sandbox.execute(
                ExecutionRequest.testSuite(Language.PYTHON, mutant.source(), tests).limits(limits).build()));
            progress.accept(result);
            return result;
          }, workers)).toList();
      List<MutationReport.Result> results = runs.stream().map(CompletableFuture::join).toList();
      return new MutationReport(mutants.functions(), List.of(), results, since(start));
    } finally {
      workers.shutdownNow();
    }
  }

  /**
   * The tests that fail or error on the unchanged module, or, when the suite did not run through, the suite itself
   * with the run's status; empty when the module passed its tests.
   */
  static List<TestResult> originalFailures(Execution original) {
    List<TestResult> failing = original.tests().stream()
        .filter(t -> t.outcome() == TestResult.Outcome.FAILED || t.outcome() == TestResult.Outcome.ERROR).toList();
    if (!failing.isEmpty()) {
      return failing;
    }
    if (original.tests().isEmpty() || original.status() != Status.OK) {
      return List.of(new TestResult("", "(the suite)", TestResult.Outcome.ERROR,
          original.status().id() + ": " + original.detail(), original.duration()));
    }
    return List.of();
  }

  static Duration since(long start) {
    return Duration.ofNanos(System.nanoTime() - start);
  }

  private static MutationReport.Result verdict(Mutant mutant, Execution run) {
    if (run.status() == Status.TIMEOUT) {
      return new MutationReport.Result(mutant, MutationReport.Verdict.TIMED_OUT, "");
    }
    Optional<TestResult> teller = run.tests().stream().filter(t -> !t.passed()).findFirst();
    boolean survived = run.status() == Status.OK && run.exitCode() == 0 && !run.tests().isEmpty()
        && teller.isEmpty();
    return survived ? new MutationReport.Result(mutant, MutationReport.Verdict.SURVIVED, "")
        : new MutationReport.Result(mutant, MutationReport.Verdict.KILLED,
            teller.map(TestResult::name).orElse(run.status().id()));
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  private static String resource(String name) {
    try (InputStream in = MutationTesting.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
