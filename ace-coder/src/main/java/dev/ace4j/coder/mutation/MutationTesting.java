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
import dev.ace4j.sandbox.WorkFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Mutation testing of a Python module against its pytest suite, in the sandbox, with no model: the mutants are made
 * from the module's syntax tree by {@code _ace_mutants.py} (run in the sandbox, which only parses the module), the
 * unchanged module must pass its tests, and then every mutant runs against them, sealed like any suite. A mutant is
 * killed when a test fails or errors on it, and counted as killed, but reported, when it runs past the time limit.
 * A mutant every test passes on is checked against the module's {@linkplain DifferentialCases differential cases}:
 * when they ran the line it changes and still pass on it, it is likely equivalent, and left out of the score.
 */
public final class MutationTesting {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String MAKER = resource("_ace_mutants.py");
  /** The least time a mutant gets, however fast the tests ran on the module. */
  private static final Duration LEAST = Duration.ofSeconds(1);
  /** The least time the differential cases get on a mutant: pytest's start and every case. */
  private static final Duration CASES_LEAST = Duration.ofSeconds(5);
  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  /** Names the sandbox's Python runner uses itself. */
  private static final Set<String> RESERVED = Set.of("solution", "test_solution", "_ace_sealed", "conftest");

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
    return run(module, "solution", tests, progress);
  }

  /**
   * Mutation-tests {@code module} against {@code tests}, which import it as {@code solution} or by {@code name}
   * (its file's name without {@code .py}, as tests written beside it do).
   *
   * @param progress told of each mutant's verdict as it comes in, from several threads
   * @throws MutationException when the module does not parse, has no functions, or the tests cannot run
   */
  public MutationReport run(String module, String name, String tests, Consumer<MutationReport.Result> progress) {
    List<WorkFile> alias = alias(name, tests);
    long start = System.nanoTime();
    Mutants mutants = mutants(module);
    if (mutants.functions() == 0) {
      throw new MutationException("the module has no functions: mutation testing changes function bodies; give a "
          + "module that defines at least one function");
    }
    Execution original = sandbox.execute(suite(module, tests, alias).build());
    if (original.stdout().text().contains("No module named pytest")
        || original.stderr().text().contains("No module named pytest")) {
      throw new MutationException("pytest is not installed for the sandbox's python3: install it with `apt-get "
          + "install python3-pytest`");
    }
    if (original.tests().isEmpty() && original.status() == Status.OK) {
      throw new MutationException("the tests file has no tests: give a pytest file with test_ functions that "
          + "import the module by its name or as solution");
    }
    List<TestResult> failing = originalFailures(original);
    if (!failing.isEmpty()) {
      List<TestResult> ran = new ArrayList<>(original.tests());
      failing.stream().filter(test -> !ran.contains(test)).forEach(ran::add);
      return new MutationReport(mutants.functions(), ran, List.of(), since(start));
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
    // Made once, when the first mutant survives; a module the cases cannot run leaves every survivor a survivor.
    Supplier<Optional<DifferentialCases>> cases = memoized(() -> {
      try {
        return Optional.of(DifferentialCases.of(sandbox, module)).filter(c -> c.count() > 0);
      } catch (MutationException e) {
        return Optional.empty();
      }
    });
    Limits casesLimits = Limits.defaults().withWall(max(limit, CASES_LEAST));
    try {
      List<CompletableFuture<MutationReport.Result>> runs = mutants.list().stream()
          .map(mutant -> CompletableFuture.supplyAsync(() -> {
            MutationReport.Result result = verdict(mutant, sandbox.execute(
                suite(mutant.source(), tests, alias).limits(limits).build()));
            if (result.verdict() == MutationReport.Verdict.SURVIVED
                && cases.get().filter(c -> equivalent(mutant, c, casesLimits)).isPresent()) {
              result = new MutationReport.Result(mutant, MutationReport.Verdict.EQUIVALENT, "");
            }
            progress.accept(result);
            return result;
          }, workers)).toList();
      List<MutationReport.Result> results = runs.stream().map(CompletableFuture::join).toList();
      return new MutationReport(mutants.functions(), original.tests(), results, since(start));
    } finally {
      workers.shutdownNow();
    }
  }

  /**
   * The name tests written beside a module file import it by: the file's name without {@code .py} when that is a
   * name Python can import and the sandbox does not use itself, else {@code solution}.
   */
  public static String importName(String stem) {
    return IDENTIFIER.matcher(stem).matches() && !RESERVED.contains(stem) ? stem : "solution";
  }

  /**
   * A module {@code name} that is the module under test, for tests that import it by its own name: the sandbox
   * names the module under test {@code solution}. Made only when the tests import {@code name}, so that a module
   * named like a standard one (random, json) shadows nothing the test runner needs.
   */
  public static List<WorkFile> alias(String name, String tests) {
    boolean imported = Pattern.compile("^\\s*(?:import|from)\\s+" + Pattern.quote(name) + "\\b", Pattern.MULTILINE)
        .matcher(tests).find();
    if (!IDENTIFIER.matcher(name).matches() || RESERVED.contains(name) || !imported) {
      return List.of();
    }
    return List.of(WorkFile.of(name + ".py", "import sys\nimport solution\n\nsys.modules[__name__] = solution\n"));
  }

  private static ExecutionRequest.Builder suite(String module, String tests, List<WorkFile> alias) {
    ExecutionRequest.Builder request = ExecutionRequest.testSuite(Language.PYTHON, module, tests);
    alias.forEach(request::file);
    return request;
  }

  /** Whether the cases ran the line {@code mutant} changes, and every one passed on it. */
  private boolean equivalent(Mutant mutant, DifferentialCases cases, Limits limits) {
    if (!cases.lines().contains(mutant.line())) {
      return false;
    }
    Execution run = sandbox.execute(ExecutionRequest.testSuite(Language.PYTHON, mutant.source(), cases.tests())
        .limits(limits).build());
    return run.status() == Status.OK && run.exitCode() == 0 && run.tests().size() == cases.count()
        && run.tests().stream().allMatch(TestResult::passed);
  }

  private static <T> Supplier<T> memoized(Supplier<T> make) {
    return new Supplier<>() {
      private @Nullable T value;

      @Override
      public synchronized T get() {
        if (value == null) {
          value = make.get();
        }
        return value;
      }
    };
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
