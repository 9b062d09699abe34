package dev.ace4j.sandbox;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One thing to run: a snippet, a test suite, or a raw command, with its files, input and limits. Immutable; build
 * one with {@link #snippet}, {@link #testSuite} or {@link #command}.
 *
 * <pre>{@code
 * ExecutionRequest request = ExecutionRequest.snippet(Language.PYTHON, "print(6 * 7)")
 *     .limits(Limits.defaults().withWall(Duration.ofSeconds(2)))
 *     .build();
 * }</pre>
 */
public final class ExecutionRequest {
  private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final int MAX_ENV_BYTES = 64 * 1024;

  /** What the request runs. */
  public enum Kind {
    /** The code is the program: {@code python3 main.py}, {@code node main.js}, {@code java Main}, {@code bash main.sh}. */
    SNIPPET,
    /** The code is a module and the tests exercise it with the language's test runner. */
    TEST_SUITE,
    /** An argument vector run as it is in the work directory, like E2B's {@code commands.run}. */
    COMMAND,
    /**
     * A module and its tests, mutation-tested by the language's mutation tool: PIT (Java). The tool's report comes
     * back as the output file {@link #MUTATION_REPORT}.
     */
    MUTATION_TEST
  }

  /** Where a mutation test's report lands: PIT's {@code mutations.xml}. */
  public static final String MUTATION_REPORT = ".ace-mutations/mutations.xml";

  /**
   * How a mutation test runs.
   *
   * @param threads mutants analysed at once (PIT's {@code --threads})
   * @param mutantTimeout what a mutant's run may take beyond the tests' own time on the module (PIT's
   *     {@code --timeoutConst}); one that takes longer is reported as timed out
   */
  public record Mutation(int threads, Duration mutantTimeout) {
    public Mutation {
      if (threads < 1) {
        throw new InvalidRequestException("mutation threads must be at least 1, got " + threads);
      }
      if (Objects.requireNonNull(mutantTimeout, "mutantTimeout").isNegative() || mutantTimeout.isZero()) {
        throw new InvalidRequestException("mutant timeout must be positive, got " + mutantTimeout);
      }
    }
  }

  private final Kind kind;
  private final Language language;
  private final String code;
  private final String tests;
  private final List<String> command;
  private final List<WorkFile> files;
  private final byte[] stdin;
  private final Limits limits;
  private final Map<String, String> environment;
  private final List<String> outputs;
  private final Optional<Mutation> mutation;

  private ExecutionRequest(Builder builder) {
    this.kind = builder.kind;
    this.language = builder.language;
    this.code = builder.code;
    this.tests = builder.tests;
    this.command = List.copyOf(builder.command);
    this.files = List.copyOf(builder.files);
    this.stdin = builder.stdin.clone();
    this.limits = builder.limits;
    this.environment = Map.copyOf(builder.environment);
    this.outputs = List.copyOf(builder.outputs);
    this.mutation = builder.mutation;
  }

  /** A program in {@code language}, run as the sandbox's main file. */
  public static Builder snippet(Language language, String code) {
    return new Builder(Kind.SNIPPET, Objects.requireNonNull(language, "language"), requireText("code", code), "");
  }

  /**
   * A module and its tests, run with the language's own runner: pytest (Python), {@code node --test} (JavaScript),
   * the JUnit Platform console launcher (Java), or {@code test_*} functions (Bash). Per-test results come back in
   * {@link Execution#tests()}.
   */
  public static Builder testSuite(Language language, String code, String tests) {
    return new Builder(
        Kind.TEST_SUITE, Objects.requireNonNull(language, "language"), code == null ? "" : code,
        requireText("tests", tests));
  }

  /**
   * A module and its tests, mutation-tested: Java only, with PIT and its JUnit 5 plugin. The run compiles both, and
   * PIT checks the tests on the module, mutates its bytecode and runs the tests against each mutant; its XML report
   * comes back as the output file {@link #MUTATION_REPORT}. PIT's processes talk over sockets, so this run alone may
   * open IP sockets, inside its own network namespace, which has only a loopback interface.
   *
   * @throws InvalidRequestException for another language
   */
  public static Builder mutationTest(Language language, String code, String tests, Mutation mutation) {
    if (Objects.requireNonNull(language, "language") != Language.JAVA) {
      throw new InvalidRequestException("mutation tests run for java only, not " + language.id()
          + ": mutation-test other languages with the tests' own runner");
    }
    Builder builder = new Builder(Kind.MUTATION_TEST, language, requireText("code", code),
        requireText("tests", tests));
    builder.mutation = Optional.of(Objects.requireNonNull(mutation, "mutation"));
    return builder;
  }

  /** An argument vector, run without a shell in the work directory. */
  public static Builder command(List<String> argv) {
    if (argv == null || argv.isEmpty() || argv.get(0).isBlank()) {
      throw new InvalidRequestException("command is empty: give the program to run and its arguments");
    }
    for (String arg : argv) {
      if (arg.indexOf('\0') >= 0) {
        throw new InvalidRequestException("command argument holds a NUL character: remove it");
      }
    }
    Builder builder = new Builder(Kind.COMMAND, Language.BASH, "", "");
    builder.command.addAll(argv);
    return builder;
  }

  public Kind kind() {
    return kind;
  }

  /** The language; {@link Language#BASH} for a raw command. */
  public Language language() {
    return language;
  }

  /** The program (snippet) or module under test (test suite); empty for a command. */
  public String code() {
    return code;
  }

  /** The test source, for a test suite or a mutation test. */
  public Optional<String> tests() {
    return kind == Kind.TEST_SUITE || kind == Kind.MUTATION_TEST ? Optional.of(tests) : Optional.empty();
  }

  /** How a mutation test runs; empty for the other kinds. */
  public Optional<Mutation> mutation() {
    return mutation;
  }

  /** The argument vector, for a command; empty otherwise. */
  public List<String> command() {
    return command;
  }

  /** Extra files placed in the work directory beside the code. */
  public List<WorkFile> files() {
    return files;
  }

  /** Bytes fed to the program's standard input; empty means end-of-file at once. */
  public byte[] stdin() {
    return stdin.clone();
  }

  public Limits limits() {
    return limits;
  }

  /** Variables added inside the sandbox (never to the host-side launcher). */
  public Map<String, String> environment() {
    return environment;
  }

  /** Work-directory paths (files or directories) to copy out after the run; regular files only. */
  public List<String> outputs() {
    return outputs;
  }

  /** A copy of this request with other limits. */
  public ExecutionRequest withLimits(Limits newLimits) {
    return toBuilder().limits(newLimits).build();
  }

  private Builder toBuilder() {
    Builder builder = new Builder(kind, language, code, tests);
    builder.command.addAll(command);
    builder.files.addAll(files);
    builder.stdin = stdin;
    builder.limits = limits;
    builder.environment.putAll(environment);
    builder.outputs.addAll(outputs);
    builder.mutation = mutation;
    return builder;
  }

  private static String requireText(String what, String text) {
    if (text == null || text.isBlank()) {
      throw new InvalidRequestException(what + " is empty: give the source to run");
    }
    return text;
  }

  /** Builds an {@link ExecutionRequest}; every setter validates its input at once. */
  public static final class Builder {
    private final Kind kind;
    private final Language language;
    private final String code;
    private final String tests;
    private final List<String> command = new ArrayList<>();
    private final List<WorkFile> files = new ArrayList<>();
    private byte[] stdin = new byte[0];
    private Limits limits = Limits.defaults();
    private final Map<String, String> environment = new LinkedHashMap<>();
    private final List<String> outputs = new ArrayList<>();
    private Optional<Mutation> mutation = Optional.empty();

    private Builder(Kind kind, Language language, String code, String tests) {
      this.kind = kind;
      this.language = language;
      this.code = code;
      this.tests = tests;
    }

    /** Adds a file to the work directory. Names the runner uses for the code and tests are refused at build time. */
    public Builder file(WorkFile file) {
      files.add(Objects.requireNonNull(file, "file"));
      return this;
    }

    /** Adds a UTF-8 text file to the work directory. */
    public Builder file(String path, String text) {
      return file(WorkFile.of(path, text));
    }

    public Builder stdin(byte[] input) {
      this.stdin = Objects.requireNonNull(input, "stdin").clone();
      return this;
    }

    public Builder stdin(String input) {
      return stdin(input.getBytes(StandardCharsets.UTF_8));
    }

    public Builder limits(Limits value) {
      this.limits = Objects.requireNonNull(value, "limits");
      return this;
    }

    /** Sets a variable inside the sandbox. Names must be shell-style identifiers. */
    public Builder environment(String name, String value) {
      if (name == null || !ENV_NAME.matcher(name).matches()) {
        throw new InvalidRequestException(
            "environment variable name '" + name + "' is invalid: use letters, digits and '_'");
      }
      if (value == null || value.indexOf('\0') >= 0 || value.length() > MAX_ENV_BYTES) {
        throw new InvalidRequestException(
            "environment variable " + name + " has a NUL character or is over 64 KiB: shorten it");
      }
      environment.put(name, value);
      return this;
    }

    /** Asks for a work-directory path (a file, or a directory copied whole) to be copied out after the run. */
    public Builder output(String path) {
      WorkFile.checkPath(path);
      outputs.add(path);
      return this;
    }

    public ExecutionRequest build() {
      Set<String> seen = new HashSet<>();
      for (WorkFile file : files) {
        if (!seen.add(file.path())) {
          throw new InvalidRequestException("file '" + file.path() + "' is given twice: give each path once");
        }
      }
      return new ExecutionRequest(this);
    }
  }
}
