package dev.ace4j.cli;

import dev.ace4j.coder.mutation.MutationException;
import dev.ace4j.coder.mutation.MutationReport;
import dev.ace4j.coder.testgen.GeneratedSuite;
import dev.ace4j.coder.testgen.SuiteRound;
import dev.ace4j.coder.testgen.TestGeneration;
import dev.ace4j.core.FilePlaybookStore;
import dev.ace4j.core.PlaybookFormatException;
import dev.ace4j.flow.Flow;
import dev.ace4j.sandbox.Sandbox;
import dev.ace4j.sandbox.Sandboxes;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ace testgen}: a pytest suite for a Python module, written by the model and proven by mutation testing. */
@Command(name = "testgen", sortOptions = false, defaultValueProvider = OptionDefaults.class,
    description = {
        "Write a pytest suite for a Python module with the model, and prove it has teeth: the suite must pass on "
            + "the module, and then fail on its mutants (an operator, comparison, constant, condition, return "
            + "value, statement or argument order changed; see ace mutate). Wrong tests and surviving mutants go "
            + "to the Reflector and the model extends the suite, until the mutation score reaches --target or the "
            + "rounds run out. Tests still wrong at the end are dropped, with a note. What the runs teach goes "
            + "into the test-generation playbook, which the next module starts from.",
        "The suite goes to stdout (or --out); the report to stderr: tests, functions exercised, line coverage (with "
            + "Debian's python3-coverage), the score of every round and the surviving mutants. With --json, stdout "
            + "holds one JSON object, the suite included."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
        "0:the suite passes on the module and its mutation score reached --target",
        "1:no suite passed on the module, or the best one fell short of --target (it is still written)",
        ExitCodes.HELP_BAD_INPUT, ExitCodes.HELP_INTERNAL,
        "130:interrupted by Ctrl-C (143: by SIGTERM); the playbook keeps what was learned before"},
    footerHeading = "%nExamples:%n",
    footer = {
        "  # The tests import the module by its name: from stats import mean",
        "  ace testgen --module stats.py --out test_stats.py",
        "  ace testgen --module stats.py --target 0.9 --rounds 5 --json"})
// picocli injects @Spec and @Mixin and sets required and defaulted options before call(); the others are @Nullable.
@SuppressWarnings("NullAway.Init")
final class TestgenCommand implements Callable<Integer> {
  private final Map<String, String> environment;

  @Spec CommandSpec spec;

  @Option(names = "--module", paramLabel = "FILE", order = 1, required = true,
      description = "The Python module to write tests for (FILE.py).")
  Path module;

  @Option(names = "--out", paramLabel = "FILE", order = 2,
      description = "Write the suite to FILE (which must not exist yet) instead of stdout.")
  @Nullable Path out;

  @Option(names = "--target", paramLabel = "RATE", order = 3, defaultValue = "0.8",
      description = "The mutation score to reach (0.8 or 80%%). Default: ${DEFAULT-VALUE}.")
  String target;

  @Option(names = "--rounds", paramLabel = "N", order = 4, defaultValue = "3",
      description = "Suites written after the first, to fix wrong tests or kill surviving mutants, 1 to 5. "
          + "Default: ${DEFAULT-VALUE}.")
  int rounds;

  @Option(names = "--playbook", paramLabel = "FILE", order = 5,
      description = "The test-generation playbook to start from and learn into (created when absent). Default: "
          + "ACE4J_HOME/playbooks/testgen.json.")
  @Nullable Path playbook;

  @Option(names = "--parallel", paramLabel = "N", order = 6, defaultValue = "4",
      description = "Mutants run at once. Default: ${DEFAULT-VALUE}.")
  int parallel;

  @Option(names = "--timeout", paramLabel = "DURATION", order = 7, converter = DurationConverter.class,
      description = "Each mutant's wall-clock limit (500ms, 10s). Default: ten times the suite's time on the "
          + "module, at least 1 s.")
  @Nullable Duration timeout;

  @Mixin ModelOptions model;

  @Mixin SandboxOptions sandbox;

  @Option(names = "--json", order = 200, description = "Print exactly one JSON object on stdout and nothing else.")
  boolean json;

  @Option(names = {"-q", "--quiet"}, order = 201, description = "No progress on stderr: only the report, and errors.")
  boolean quiet;

  TestgenCommand(Map<String, String> environment) {
    this.environment = Map.copyOf(environment);
  }

  @Override
  @SuppressWarnings("try") // the Interruption is held, not used: closing it disarms Ctrl-C handling
  public Integer call() {
    Options.requireRounds(rounds);
    Options.requirePositive("--parallel", parallel);
    double goal = Options.rate("--target", target);
    if (goal <= 0) {
      throw new BadInputException("--target " + target + ": give a score above 0, e.g. 0.8");
    }
    if (timeout != null && (timeout.isZero() || timeout.isNegative())) {
      throw new BadInputException("--timeout " + timeout + ": give a positive duration, e.g. 5s");
    }
    String file = String.valueOf(module.getFileName());
    if (!file.endsWith(".py")) {
      throw new BadInputException("--module " + module + ": not a Python module (.py): ace testgen writes pytest "
          + "suites for Python modules");
    }
    String source = InputFiles.readText("--module", module);
    if (source.isBlank()) {
      throw new BadInputException("--module " + module + ": the file is empty: give a Python module with functions");
    }
    if (out != null) {
      if (Files.exists(out)) {
        throw new BadInputException("--out " + out + ": the file exists: give a new file name, or move it away "
            + "first (ace testgen never overwrites a file)");
      }
      Options.outputFile("--out", out, "test_" + file);
    }
    if (model.spec().filter(spec -> spec.strip().equals("reference")).isPresent()) {
      throw new BadInputException("--model reference: the reference model only replays benchmark tasks' own "
          + "solutions and cannot write tests: give a language model (ace doctor lists how to configure one)");
    }
    AceHome home = AceHome.of(environment);
    Path playbookFile = (playbook != null ? playbook : home.playbook("testgen")).toAbsolutePath();
    if (Files.isDirectory(playbookFile)) {
      throw new BadInputException("--playbook " + playbookFile + ": is a folder: give the playbook's file "
          + "(created when absent)");
    }
    PrintWriter stdout = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    GeneratedSuite suite;
    try (ChosenModel chosen = ChosenModel.open(model, environment, home, List.of(), AceCommand.openTelemetry(spec));
        Sandbox box = Sandboxes.create(sandbox.settings());
        Flow flow = Flow.builder().openTelemetry(AceCommand.openTelemetry(spec)).build();
        FilePlaybookStore store = openPlaybook(playbookFile);
        Interruption interruption = Interruption.arm(err, "the playbook " + playbookFile + " keeps what was "
            + "learned before; run ace testgen again to go on", List.of(box))) {
      TestGeneration.Builder generation = TestGeneration.builder(chosen.model(), box, store).rounds(rounds)
          .target(Math.min(1, goal)).parallel(parallel).flow(flow);
      if (timeout != null) {
        generation.timeout(timeout);
      }
      String banner = "testgen " + file + " with " + chosen.name() + " (" + chosen.reason() + "); playbook "
          + playbookFile + " v" + store.current().version() + " (" + store.current().active().size() + " bullets)";
      suite = generation.build().generate(file.substring(0, file.length() - 3), source, new TestGeneration.Listener() {
        @Override
        public void checked() {
          if (!quiet) {
            err.println(banner);
            err.flush();
          }
        }

        @Override
        public void measured(SuiteRound round) {
          if (!quiet) {
            err.println(roundLine(round));
            err.flush();
          }
        }
      });
    } catch (MutationException e) {
      throw new BadInputException("--module " + module + ": " + e.getMessage());
    }
    if (json) {
      stdout.println(TestgenJson.of(suite, module, playbookFile));
    } else if (suite.tests().isPresent() && out == null) {
      String tests = suite.tests().get();
      stdout.print(tests.endsWith("\n") ? tests : tests + "\n");
    }
    stdout.flush();
    if (out != null && suite.tests().isPresent()) {
      Options.writeWhole("--out", out, suite.tests().get());
    }
    report(suite, playbookFile, err);
    return suite.reachedTarget() ? ExitCodes.OK : ExitCodes.FAILED;
  }

  private static FilePlaybookStore openPlaybook(Path file) {
    try {
      return FilePlaybookStore.open(file);
    } catch (PlaybookFormatException e) {
      throw new BadInputException(String.valueOf(e.getMessage()));
    }
  }

  /** One line per suite, as it is measured. */
  static String roundLine(SuiteRound round) {
    String what = round.dropped().isEmpty() ? "suite " + round.number()
        : "suite " + round.number() + " (suite " + (round.number() - 1) + " without " + round.dropped().size()
            + " wrong test" + (round.dropped().size() == 1 ? "" : "s") + ")";
    if (round.problem().isPresent()) {
      return what + ": not run: " + round.problem().get();
    }
    MutationReport report = round.measured().orElseThrow();
    if (!round.passed()) {
      return what + ": " + report.originalFailures().size() + " of " + Plural.of(round.testCount(), "test")
          + " fail on the module: " + report.originalFailures().stream().map(t -> t.name())
              .collect(Collectors.joining(", "));
    }
    return String.format(Locale.ROOT, "%s: %s pass; mutation score %.2f (%d of %d mutants killed)", what,
        Plural.of(round.testCount(), "test"), report.score(), report.results().size() - report.survivors().size(),
        report.results().size());
  }

  private void report(GeneratedSuite suite, Path playbookFile, PrintWriter err) {
    if (quiet && json) {
      return;
    }
    String scores = suite.rounds().stream().map(round -> round.score().isPresent()
        ? String.format(Locale.ROOT, "%.2f", round.score().getAsDouble()) : "-").collect(Collectors.joining(" -> "));
    err.println();
    suite.best().ifPresentOrElse(best -> {
      MutationReport report = best.measured().orElseThrow();
      err.println("tests: " + best.testCount() + ", all passing on the module (suite " + best.number() + ")"
          + (out != null ? "; written to " + out : ""));
      suite.coverage().ifPresentOrElse(coverage -> {
        err.println("functions exercised: " + coverage.exercised().size() + " of " + coverage.functions().size()
            + (coverage.exercised().size() < coverage.functions().size() ? " (not: " + coverage.functions().stream()
                .filter(f -> !coverage.exercised().contains(f)).collect(Collectors.joining(", ")) + ")" : ""));
        err.println(String.format(Locale.ROOT, "line coverage: %.0f%% (%d of %d lines)", 100 * coverage.lineRate(),
            coverage.covered(), coverage.statements()));
      }, () -> err.println("line coverage: not measured (install python3-coverage for the sandbox's python3)"));
      err.println("mutation score by round: " + scores + (suite.reachedTarget() ? "" : String.format(Locale.ROOT,
          " (under the target %.2f)", suite.target())));
      for (MutationReport.Result survivor : report.survivors()) {
        err.println();
        err.println("survived: mutant " + survivor.mutant().number() + ", line " + survivor.mutant().line() + ", "
            + survivor.mutant().operator() + " (" + survivor.mutant().description() + ")");
        err.print(survivor.mutant().diff());
      }
    }, () -> err.println("no suite passed on the module in " + Plural.of(suite.rounds().size(), "round")
        + "; mutation score by round: " + scores));
    int added = suite.bulletsAdded();
    err.println();
    err.println("ace: playbook " + playbookFile + " v" + suite.playbookVersion()
        + (added > 0 ? " (+" + Plural.of(added, "bullet") + ")" : "") + suite.problem().map(p -> "; " + p).orElse("")
        + "; " + suite.usage().inputTokens() + " tokens in, " + suite.usage().outputTokens() + " out; "
        + suite.duration().toMillis() + " ms");
    err.flush();
  }
}
