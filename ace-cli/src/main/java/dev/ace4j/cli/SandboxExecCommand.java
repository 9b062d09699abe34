package dev.ace4j.cli;

import dev.ace4j.flow.Flow;
import dev.ace4j.flow.Step;
import dev.ace4j.sandbox.Execution;
import dev.ace4j.sandbox.ExecutionRequest;
import dev.ace4j.sandbox.InvalidRequestException;
import dev.ace4j.sandbox.Language;
import dev.ace4j.sandbox.Limits;
import dev.ace4j.sandbox.Sandbox;
import dev.ace4j.sandbox.SandboxSettings;
import dev.ace4j.sandbox.Sandboxes;
import dev.ace4j.sandbox.Status;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ace sandbox exec}: runs one program or test suite in the sandbox and reports what it did. */
@Command(name = "exec", sortOptions = false, defaultValueProvider = OptionDefaults.class,
    description = {
        "Run code in a fresh sandbox: a program, or with --tests a test suite.",
        "The program's stdout and stderr pass through, then a one-line summary goes to stderr. With --json, "
            + "stdout holds exactly one JSON object instead.",
        "Give the code with exactly one of --file, --code or - (standard input)."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
        ExitCodes.HELP_OK, ExitCodes.HELP_FAILED, ExitCodes.HELP_BAD_INPUT, ExitCodes.HELP_INTERNAL,
        "130:interrupted by Ctrl-C (143: by SIGTERM); the program was killed and nothing of it is left"},
    footerHeading = "%nExamples:%n",
    footer = {
        "  # Run a program; its output passes through, then a one-line summary",
        "  ace sandbox exec --lang python --code 'print(6 * 7)'",
        "  # Code from standard input; the outcome as one JSON object",
        "  echo 'console.log(6 * 7)' | ace sandbox exec --lang javascript --json -"})
// picocli injects @Spec and @Mixin and sets required and defaulted options before call(); the others are @Nullable.
@SuppressWarnings("NullAway.Init")
final class SandboxExecCommand implements Callable<Integer> {
  private static final AttributeKey<String> LANGUAGE = AttributeKey.stringKey("ace.sandbox.language");
  private static final AttributeKey<String> BACKEND = AttributeKey.stringKey("ace.sandbox.backend");
  private static final AttributeKey<String> STATUS = AttributeKey.stringKey("ace.sandbox.status");
  private static final AttributeKey<Long> EXIT_CODE = AttributeKey.longKey("ace.sandbox.exit_code");

  private final InputStream stdin;

  @Spec CommandSpec spec;

  @Option(names = "--lang", required = true, paramLabel = "LANG", order = 1,
      description = "python, javascript, java or bash.")
  Language language;

  @Option(names = "--file", paramLabel = "FILE", order = 2, description = "Read the code from FILE (UTF-8).")
  @Nullable Path file;

  @Option(names = "--code", paramLabel = "CODE", order = 3, description = "The code itself, as one argument.")
  @Nullable String code;

  @Parameters(arity = "0..1", paramLabel = "-", description = "Read the code from standard input.")
  @Nullable String source;

  @Option(names = "--tests", paramLabel = "FILE", order = 4,
      description = "Run the tests in FILE against the code instead of running the code, and report each test. "
          + "Python: pytest, with the code saved as solution.py; JavaScript: node:test, code in solution.js; "
          + "Java: the JUnit Platform, code in a file named after its public class; Bash: the test_* functions "
          + "of FILE, code in solution.sh. Python, JavaScript and Java tests run in a sandbox of their own, apart "
          + "from the code, so the code cannot forge their results.")
  @Nullable Path tests;

  @Option(names = "--timeout", paramLabel = "DURATION", order = 10, converter = DurationConverter.class,
      description = "Wall-clock limit; then every sandbox process is killed. 500ms, 10s, 2m; a plain number means "
          + "seconds. Default: ${DEFAULT-VALUE}.")
  Duration timeout;

  @Option(names = "--cpu", paramLabel = "DURATION", order = 11, converter = DurationConverter.class,
      description = "CPU-time limit of all the program's processes together. Default: ${DEFAULT-VALUE}.")
  Duration cpu;

  @Option(names = "--memory", paramLabel = "SIZE", order = 12, converter = SizeConverter.class,
      description = "Memory limit of the whole sandbox. 64k, 512m, 1g; a plain number means bytes. "
          + "Default: ${DEFAULT-VALUE}.")
  long memory;

  @Option(names = "--processes", paramLabel = "N", order = 13,
      description = "Processes and threads at once. Default: ${DEFAULT-VALUE}.")
  int processes;

  @Option(names = "--file-size", paramLabel = "SIZE", order = 14, converter = SizeConverter.class,
      description = "Largest file the program may write, and so the largest code or tests ace accepts (the "
          + "sandbox writes them as files). Default: ${DEFAULT-VALUE}.")
  long fileSize;

  @Option(names = "--output-limit", paramLabel = "SIZE", order = 15, converter = SizeConverter.class,
      description = "Bytes kept of stdout and of stderr each; more ends the run with status output_limit. "
          + "Default: ${DEFAULT-VALUE}.")
  long outputLimit;

  @Option(names = "--stdin", paramLabel = "FILE", order = 20,
      description = "Feed FILE to the program's standard input. Default: empty input.")
  @Nullable Path stdinFile;

  @Option(names = "--output", paramLabel = "PATH", order = 21,
      description = "A file or directory (relative to the work directory) to copy out after the run; regular "
          + "files only, links are never followed. Repeatable. Listed in the summary; --json carries the content. "
          + "A path the program left no file at is a warning, not a failure.")
  List<String> outputs = new ArrayList<>();

  @Option(names = "--output-dir", paramLabel = "DIR", order = 22,
      description = "Write the files copied out with --output into DIR (created when missing), each at its path "
          + "in the work directory; files of the same name are replaced. DIR is checked before the run.")
  @Nullable Path outputDir;

  @Option(names = "--env", paramLabel = "NAME=VALUE", order = 23,
      description = "Set a variable inside the sandbox (the sandbox starts from an empty environment). Repeatable.")
  Map<String, String> environment = new LinkedHashMap<>();

  @Mixin SandboxOptions sandbox;

  @Option(names = "--json", order = 200,
      description = "Print exactly one JSON object on stdout (status, exit_code, stdout, stderr, error, tests, "
          + "duration_ms, files, backend, detail) and nothing else there.")
  boolean json;

  SandboxExecCommand(InputStream stdin) {
    this.stdin = stdin;
  }

  @Override
  public Integer call() throws Exception {
    ExecutionRequest request = request();
    Optional<OutputFolder> folder = outputFolder();
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    // The unsafe-process backend announces itself on System.err: what we wrote so far must come first.
    err.flush();
    // One run gains nothing from a warm sandbox: starting its server costs more than a cold start.
    SandboxSettings settings = sandbox.settings().withWarm(false);
    Execution run;
    try (Flow flow = Flow.builder().openTelemetry(AceCommand.openTelemetry(spec)).build()) {
      run = flow.run(Step.of("sandbox.exec", (input, context) -> execute(settings, input, context.span(), err)),
          request);
    }
    // Tracebacks and test reports name the files as the user gave them, not as the sandbox saved them.
    run = SourceNames.of(language, file, tests).apply(run);
    String filesWent = "--json carries their content";
    if (folder.isPresent() && run.status() != Status.SANDBOX_FAILURE) {
      folder.get().write(run.files(), err);
      filesWent = "written into " + outputDir;
    }
    if (json) {
      out.println(ExecutionJson.write(run));
      out.flush();
    } else {
      ExecutionText.print(run, out, err, filesWent);
    }
    warnAboutMissingOutputs(run, err);
    return switch (run.status()) {
      case OK -> ExitCodes.OK;
      case SANDBOX_FAILURE -> ExitCodes.INTERNAL;
      case ERROR, TIMEOUT, MEMORY_LIMIT, OUTPUT_LIMIT -> ExitCodes.FAILED;
    };
  }

  /**
   * One sandbox run, recorded on {@code span}: language and backend, then status and exit code. A run that did not
   * end {@code ok} marks the span as an error, described by the run's detail (which limit was hit).
   */
  @SuppressWarnings("try") // the Interruption is held, not used: closing it disarms Ctrl-C handling
  private static Execution execute(SandboxSettings settings, ExecutionRequest request, Span span, PrintWriter err) {
    span.setAttribute(LANGUAGE, request.language().id());
    span.setAttribute(BACKEND, settings.backend().id());
    Execution run;
    try (Sandbox box = Sandboxes.create(settings);
        // Ctrl-C kills the program and removes its run folder and control groups before the JVM exits.
        Interruption interruption = Interruption.arm(err, "the program was stopped", List.of(box))) {
      run = box.execute(request);
    }
    span.setAttribute(STATUS, run.status().id());
    if (run.exitCode() != Execution.NO_EXIT_CODE) {
      span.setAttribute(EXIT_CODE, (long) run.exitCode());
    }
    if (!run.ok()) {
      span.setStatus(StatusCode.ERROR, run.detail());
    }
    return run;
  }

  /**
   * One warning per {@code --output} path the run left nothing at: the program may not have meant to write it, so
   * this is no failure. After a sandbox failure nothing ran, and nothing is said.
   */
  private void warnAboutMissingOutputs(Execution run, PrintWriter err) {
    if (run.status() == Status.SANDBOX_FAILURE) {
      return;
    }
    for (String output : outputs) {
      if (run.files().stream().noneMatch(f -> f.path().equals(output) || f.path().startsWith(output + "/"))) {
        err.println("ace: warning: --output " + output + ": the program left no regular file there; nothing "
            + "copied out");
      }
    }
    err.flush();
  }

  /** The {@code --output-dir} folder, checked before anything runs. */
  private Optional<OutputFolder> outputFolder() {
    if (outputDir == null) {
      return Optional.empty();
    }
    if (outputs.isEmpty()) {
      throw new BadInputException("--output-dir " + outputDir + ": no --output given: name the files to copy out "
          + "with --output PATH");
    }
    return Optional.of(OutputFolder.checked(outputDir));
  }

  private ExecutionRequest request() {
    Limits limits = limits();
    SourceLimit sources = new SourceLimit(limits);
    String program = program(sources);
    ExecutionRequest.Builder builder = tests == null
        ? ExecutionRequest.snippet(language, program)
        : ExecutionRequest.testSuite(language, program, nonEmpty("--tests " + tests, sources.file("--tests", tests)));
    builder.limits(limits);
    if (stdinFile != null) {
      builder.stdin(InputFiles.read("--stdin", stdinFile));
    }
    outputs.forEach(builder::output);
    environment.forEach(builder::environment);
    return builder.build();
  }

  /** The code, from the one source that was given, within the limit of what the sandbox writes. */
  private String program(SourceLimit sources) {
    if (source != null && !source.equals("-")) {
      throw new ParameterException(spec.commandLine(),
          "unexpected argument '" + source + "': give the code with --file FILE, --code CODE or - (stdin)");
    }
    int given = (file != null ? 1 : 0) + (code != null ? 1 : 0) + (source != null ? 1 : 0);
    if (given == 0) {
      throw new ParameterException(spec.commandLine(),
          "no code given: use --file FILE, --code CODE or - to read it from standard input");
    }
    if (given > 1) {
      throw new ParameterException(spec.commandLine(),
          "give the code only once: use one of --file, --code and -");
    }
    if (file != null) {
      return nonEmpty("--file " + file, sources.file("--file", file));
    }
    if (code != null) {
      return nonEmpty("--code", sources.text("--code", code));
    }
    return nonEmpty("standard input (-)", sources.stream("standard input (-)", stdin));
  }

  private static String nonEmpty(String what, String text) {
    if (text.isBlank()) {
      throw new BadInputException(what + " is empty: give the source to run");
    }
    return text;
  }

  /** {@link Limits#defaults()} with each option applied; Limits judges the ranges, we name the option. */
  private Limits limits() {
    Limits limits = Limits.defaults();
    limits = limit(limits, "--timeout", l -> l.withWall(timeout));
    limits = limit(limits, "--cpu", l -> l.withCpu(cpu));
    limits = limit(limits, "--memory", l -> l.withMemoryBytes(memory));
    limits = limit(limits, "--processes", l -> l.withProcesses(processes));
    limits = limit(limits, "--file-size", l -> l.withFileSizeBytes(fileSize));
    return limit(limits, "--output-limit", l -> l.withOutputBytes(outputLimit));
  }

  private Limits limit(Limits limits, String option, UnaryOperator<Limits> change) {
    try {
      return change.apply(limits);
    } catch (InvalidRequestException e) {
      throw new ParameterException(spec.commandLine(), option + " " + given(option) + ": " + e.getMessage());
    }
  }

  /** The value as the user typed it, or the default's spelling. */
  private String given(String option) {
    OptionSpec optionSpec = spec.findOption(option);
    List<String> typed = optionSpec.originalStringValues();
    return typed.isEmpty() ? String.valueOf(optionSpec.defaultValueString()) : typed.get(typed.size() - 1);
  }
}
