package dev.ace4j.cli;

import dev.ace4j.coder.Benchmark;
import dev.ace4j.coder.CodeTask;
import dev.ace4j.coder.Difficulty;
import dev.ace4j.coder.Solution;
import dev.ace4j.coder.history.TaskRow;
import dev.ace4j.sandbox.Language;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ace solve}: writes code for one task, tests it, learns from the runs, and prints the program. */
@Command(name = "solve", sortOptions = false, defaultValueProvider = OptionDefaults.class,
    description = {
        "Write code for a task with the model, run it in the sandbox against your tests, and retry with the "
            + "Reflector's diagnosis until it passes (at most --rounds retries). What the runs teach goes into the "
            + "playbook, which the next task starts from.",
        "The program goes to stdout, progress and a summary to stderr; with --json, stdout holds one JSON object "
            + "(code, every attempt with its test run and reflection, the playbook changes, tokens, cost).",
        "Every attempt is recorded in ACE4J_HOME/ace.db (see ace bench for the metrics)."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
        "0:the last program passed the tests (or, without --tests, ran without error)",
        "1:no program passed within the rounds",
        ExitCodes.HELP_BAD_INPUT, ExitCodes.HELP_INTERNAL,
        "130:interrupted by Ctrl-C (143: by SIGTERM); the attempts so far are in the history"},
    footerHeading = "%nExamples:%n",
    footer = {
        "  # Until the pytest tests in test_add.py pass (they import the program",
        "  # with `from solution import add`); ace doctor shows the model it uses",
        "  ace solve --tests test_add.py 'Write def add(a, b) returning their sum.'",
        "  # Without --tests, the program passes when it runs without error",
        "  ace solve --lang bash 'Write a script that prints the primes below 50.'"})
// picocli injects @Spec and @Mixin and sets required and defaulted options before call(); the others are @Nullable.
@SuppressWarnings("NullAway.Init")
final class SolveCommand implements Callable<Integer> {
  /**
   * The most of standard input or a file {@code ace solve -} and {@code ace solve @FILE} read. A task is a description
   * for a prompt (a TASK argument can hold 128 KiB on Linux); a megabyte of it is a wrong file, not a task.
   */
  private static final int MAX_TASK = 1024 * 1024;

  private final InputStream stdin;
  private final Map<String, String> environment;

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "TASK",
      description = "What to write, in words; state the function or class and its signature. - reads it from "
          + "standard input, @FILE from FILE (UTF-8, up to 1 MiB; @@ starts a task that begins with @).")
  String task;

  @Option(names = "--tests", paramLabel = "FILE", order = 1,
      description = "Tests the program must pass; they import it as the module `solution` (Python: pytest, "
          + "`from solution import f`). Without tests a program passes when it runs without error.")
  @Nullable Path tests;

  @Option(names = "--lang", paramLabel = "LANG", order = 2, defaultValue = "python",
      description = "python, javascript, java or bash. Default: ${DEFAULT-VALUE}.")
  Language language;

  @Option(names = "--playbook", paramLabel = "FILE", order = 3,
      description = "The playbook file to start from and learn into (created when absent; not a folder). Default: "
          + "ACE4J_HOME/playbooks/default.json.")
  @Nullable Path playbook;

  @Option(names = "--rounds", paramLabel = "N", order = 4, defaultValue = "3",
      description = "Reflect-and-retry rounds for a failing program, 1 to 5. Default: ${DEFAULT-VALUE}.")
  int rounds;

  @Mixin ModelOptions model;

  @Mixin SandboxOptions sandbox;

  @Option(names = "--json", order = 200, description = "Print exactly one JSON object on stdout and nothing else.")
  boolean json;

  SolveCommand(InputStream stdin, Map<String, String> environment) {
    this.stdin = stdin;
    this.environment = Map.copyOf(environment);
  }

  @Override
  @SuppressWarnings("try") // the Interruption is held, not used: closing it disarms Ctrl-C handling
  public Integer call() {
    if (task.equals("-")) {
      task = readTask("TASK - (standard input)", () -> stdin.readNBytes(MAX_TASK + 1));
    } else if (task.startsWith("@@")) {
      task = task.substring(1);
    } else if (task.startsWith("@") && task.length() > 1) {
      Path file = Path.of(task.substring(1));
      task = readTask("TASK @" + file, () -> InputFiles.read("TASK @" + file, file, MAX_TASK + 1));
    }
    if (task.isBlank()) {
      throw new BadInputException("TASK is empty: say what to write, e.g. ace solve \"def add(a, b): return the sum\"");
    }
    Options.requireRounds(rounds);
    if (tests != null) {
      TestsFile.requireLanguage(tests, language);
    }
    if (playbook != null) {
      requirePlaybookFile(playbook);
    }
    AceHome home = AceHome.of(environment);
    Path playbookFile = (playbook != null ? playbook : home.playbook("default")).toAbsolutePath();
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    AtomicReference<Solution> solved = new AtomicReference<>();
    String sessionId = Benchmark.newSessionId();
    CodeTask adhoc = task("");
    try (ChosenModel chosen = ChosenModel.open(model, environment, home, List.of(adhoc),
            AceCommand.openTelemetry(spec));
        LearningResources resources = new LearningResources(home, chosen, sandbox.settings(),
            AceCommand.openTelemetry(spec), Optional.of(playbookFile), rounds, 1, sessionId);
        Interruption interruption = resources.closeOnInterrupt(err, "the attempts so far are in session "
            + sessionId.substring(0, 8) + "; run ace solve again to go on from the playbook")) {
      String testSource = tests == null ? "" : TestsFile.read(tests, language, resources.sandbox);
      CodeTask withTests = task(testSource);
      err.println("starting solve session " + sessionId + " with " + chosen.name() + " (" + chosen.reason()
          + "); playbook " + playbookFile + " v"
          + resources.coder.playbook().version() + " (" + resources.coder.playbook().active().size() + " bullets)");
      err.flush();
      ProgressPrinter printer = new ProgressPrinter(err, false);
      resources.benchmark.run(sessionId, new Benchmark.Plan("solve", "adhoc", List.of(withTests), chosen.name(),
          playbookFile.toString(), 1), new Benchmark.Progress() {
            @Override
            public void attempted(int run, CodeTask task, dev.ace4j.coder.CodeAttempt attempt) {
              printer.attempted(run, task, attempt);
            }

            @Override
            public void taskFinished(int run, Solution solution, TaskRow row) {
              solved.set(solution);
            }
          });
    }
    Solution solution = Objects.requireNonNull(solved.get(), "the benchmark ended without the task's solution");
    if (json) {
      out.println(SolutionJson.write(sessionId, solution, playbookFile));
    } else {
      solution.code().ifPresent(code -> out.print(code.endsWith("\n") ? code : code + "\n"));
      err.println(summary(solution, playbookFile));
    }
    out.flush();
    err.flush();
    return solution.passed() ? ExitCodes.OK : ExitCodes.FAILED;
  }

  /** Where a task's bytes come from: standard input or a file, read at most one byte past the limit. */
  private interface TaskSource {
    byte[] read() throws IOException;
  }

  /**
   * The task from {@code source} ({@code what} names it): UTF-8 text without surrounding blank space, refused past
   * {@link #MAX_TASK} rather than read on.
   */
  private static String readTask(String what, TaskSource source) {
    byte[] bytes;
    try {
      bytes = source.read();
    } catch (IOException e) {
      throw new BadInputException(what + ": cannot read it: " + e.getMessage());
    }
    if (bytes.length > MAX_TASK) {
      throw new BadInputException(what + " is over 1 MiB: describe the task in fewer words, and give the tests "
          + "with --tests");
    }
    // As $(cat file) would: the newline that ends a file or an echo is no part of the task (nor of its id).
    return InputFiles.decode(what, bytes).strip();
  }

  /**
   * The playbook must be a file ace can create or update; checked before any work, so a folder or a place ace may
   * not write is one line, not a failure halfway.
   */
  private static void requirePlaybookFile(Path file) {
    if (Files.isDirectory(file)) {
      throw new BadInputException("--playbook " + file + ": is a folder: give the playbook's file, e.g. "
          + file.resolve("default.json") + " (created when absent)");
    }
    // Not a folder, so the default name Options.outputFile gives a folder is never used.
    Options.outputFile("--playbook", file, "default.json");
  }

  private CodeTask task(String testSource) {
    return adhocTask(task, language, testSource);
  }

  /**
   * The ad-hoc task {@code text} in {@code language} with its tests: its id is derived from the text, so the same
   * task keeps its id across runs (and across {@code ace solve} and the MCP tool {@code solve}).
   */
  static CodeTask adhocTask(String text, Language language, String testSource) {
    String id = "solve-" + digest(text + "\n" + language.id()).substring(0, 12);
    String name = text.strip().lines().findFirst().orElse(id);
    return new CodeTask(id, name.length() > 60 ? name.substring(0, 60) + "…" : name, "", text, language, "",
        testSource, "", Optional.empty(), Difficulty.MEDIUM, List.of("adhoc"), List.of(), List.of());
  }

  private static String summary(Solution solution, Path playbookFile) {
    int added = solution.bulletsAdded();
    String outcome = solution.passed()
        ? "passed after " + solution.attempts().size() + " attempt" + (solution.attempts().size() == 1 ? "" : "s")
        : "did not pass in " + solution.attempts().size() + " attempt" + (solution.attempts().size() == 1 ? "" : "s")
            + solution.errorType().map(e -> " (" + e + ")").orElse("");
    String cost = solution.costUsd().map(c -> ", $" + c.stripTrailingZeros().toPlainString()).orElse(", cost unknown");
    return "ace: " + outcome + solution.problem().map(p -> "; " + p).orElse("") + "; playbook " + playbookFile
        + " v" + solution.playbookVersion() + (added > 0 ? " (+" + added + " bullet" + (added == 1 ? "" : "s") + ")"
        : "") + "; " + solution.usage().inputTokens() + " tokens in, " + solution.usage().outputTokens() + " out"
        + cost + "; " + solution.duration().toMillis() + " ms";
  }

  private static String digest(String text) {
    try {
      byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
