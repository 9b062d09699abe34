package dev.ace4j.cli;

import dev.ace4j.coder.mutation.JavaMutationTesting;
import dev.ace4j.coder.mutation.MutationException;
import dev.ace4j.coder.mutation.MutationReport;
import dev.ace4j.coder.mutation.MutationTesting;
import dev.ace4j.sandbox.Language;
import dev.ace4j.sandbox.Sandbox;
import dev.ace4j.sandbox.Sandboxes;
import dev.ace4j.sandbox.TestResult;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ace mutate}: the mutation score of a Python module's pytest suite, or of a Java class's JUnit 5 tests (with
 * PIT), in the sandbox, with no model. The language comes from the module's file name.
 */
@Command(name = "mutate", sortOptions = false, defaultValueProvider = OptionDefaults.class,
    description = {
        "Measure how well a test suite tells a module from broken versions of it: mutants of the module (an "
            + "operator, comparison, boolean, constant, condition, return value, statement or argument order "
            + "changed) each run against the tests in the sandbox. A mutant is killed when a test fails on it; "
            + "one that runs past --timeout counts as killed and is reported; the others survive, shown as diffs. "
            + "A survivor that the module's differential cases (generated inputs, and what the module does on "
            + "them) cannot tell apart either is likely equivalent. Score = killed / (mutants - likely equivalent "
            + "- unreached). No model is called.",
        "A Java class (--module Calc.java --tests CalcTest.java, JUnit 5) is mutated by PIT in the sandbox; mutants "
            + "that no test runs are reported as unreached and left out of the score.",
        "Python tests import the module by its file's name (stats for stats.py) or as `solution` (as in ace sandbox "
            + "exec --tests). Progress goes to stderr; with --json, stdout holds one JSON object."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
        "0:the mutants ran (and the score reached --fail-under, when given)",
        "1:the module fails its own tests (they are named), or the score is under --fail-under",
        ExitCodes.HELP_BAD_INPUT, ExitCodes.HELP_INTERNAL},
    footerHeading = "%nExamples:%n",
    footer = {
        "  ace mutate --module stats.py --tests test_stats.py --fail-under 0.8",
        "  ace mutate --module Calc.java --tests CalcTest.java --json"})
// picocli injects @Spec and @Mixin and sets required options before call(); the others are @Nullable.
@SuppressWarnings("NullAway.Init")
final class MutateCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--module", paramLabel = "FILE", order = 1, required = true,
      description = "The Python module (.py) or Java class (.java) to mutate.")
  Path module;

  @Option(names = "--tests", paramLabel = "FILE", order = 2, required = true,
      description = "Its pytest file, importing the module by its name or as `solution`; for a Java class, its "
          + "JUnit 5 test class.")
  Path tests;

  @Option(names = "--timeout", paramLabel = "DURATION", order = 3, converter = DurationConverter.class,
      description = "Each mutant's wall-clock limit (500ms, 10s, 2m). Default: ten times the tests' time on the "
          + "module, at least 1 s. Java: what a mutant may take beyond the tests' own time (PIT's default 4 s).")
  @Nullable Duration timeout;

  @Option(names = "--parallel", paramLabel = "N", order = 4, defaultValue = "4",
      description = "Mutants run at once. Default: ${DEFAULT-VALUE}.")
  int parallel;

  @Option(names = "--fail-under", paramLabel = "RATE", order = 5,
      description = "Exit 1 when the score is under RATE (0.8 or 80%%), for CI.")
  @Nullable String failUnder;

  @Mixin SandboxOptions sandbox;

  @Option(names = "--json", order = 200, description = "Print exactly one JSON object on stdout and nothing else.")
  boolean json;

  @Option(names = {"-q", "--quiet"}, order = 201, description = "No progress on stderr: only the report, and errors.")
  boolean quiet;

  @Override
  public Integer call() {
    Options.requirePositive("--parallel", parallel);
    OptionalDouble minimum = failUnder == null ? OptionalDouble.empty()
        : OptionalDouble.of(Options.rate("--fail-under", failUnder));
    if (timeout != null && (timeout.isZero() || timeout.isNegative())) {
      throw new BadInputException("--timeout " + timeout + ": give a positive duration, e.g. 5s");
    }
    String source = InputFiles.readText("--module", module);
    Language language = String.valueOf(module.getFileName()).endsWith(".java") ? Language.JAVA : Language.PYTHON;
    if (source.isBlank()) {
      throw new BadInputException("--module " + module + ": the file is empty: give a "
          + (language == Language.JAVA ? "Java class" : "Python module with functions"));
    }
    TestsFile.requireLanguage(tests, language);
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    MutationReport report;
    try (Sandbox box = Sandboxes.create(sandbox.settings())) {
      String testSource = TestsFile.read(tests, language, box);
      AtomicInteger done = new AtomicInteger();
      Consumer<MutationReport.Result> progress = result -> {
        if (!quiet) {
          synchronized (err) {
            err.println("mutant " + done.incrementAndGet() + ": " + result.verdict().id() + " (line "
                + result.mutant().line() + ", " + result.mutant().operator() + ": " + result.mutant().description()
                + ")");
            err.flush();
          }
        }
      };
      report = language == Language.JAVA
          ? new JavaMutationTesting(box, parallel, Optional.ofNullable(timeout)).run(source, testSource, progress)
          : new MutationTesting(box, parallel, Optional.ofNullable(timeout))
              .run(source, moduleName(), testSource, progress);
    } catch (MutationException e) {
      String message = String.valueOf(e.getMessage());
      String option = message.startsWith("the tests") ? "--tests " + tests : "--module " + module;
      throw new BadInputException(option + ": " + message);
    }
    if (!report.originalPassed()) {
      err.println("ace: --tests " + tests + ": the module fails its own tests, so no mutant was run: "
          + String.join(", ", report.originalFailures().stream().map(MutateCommand::named).toList()));
      if (json) {
        out.println(MutationJson.of(report, module, tests));
      }
      return ExitCodes.FAILED;
    }
    if (json) {
      out.println(MutationJson.of(report, module, tests));
    } else {
      printText(report, out);
    }
    out.flush();
    return Options.fellShort(minimum, report.score(), "the mutation score", err) ? ExitCodes.FAILED : ExitCodes.OK;
  }

  /** The module's file name without {@code .py}: tests beside it import it by that name. */
  private String moduleName() {
    String file = String.valueOf(module.getFileName());
    return file.endsWith(".py") ? file.substring(0, file.length() - 3) : file;
  }

  private static String named(TestResult test) {
    String message = test.message().lines().findFirst().orElse("");
    return test.name() + (message.isEmpty() ? "" : " (" + message + ")");
  }

  private void printText(MutationReport report, PrintWriter out) {
    long killed = report.count(MutationReport.Verdict.KILLED);
    long timedOut = report.count(MutationReport.Verdict.TIMED_OUT);
    long equivalent = report.count(MutationReport.Verdict.EQUIVALENT);
    long unreached = report.count(MutationReport.Verdict.UNREACHED);
    List<String> leftOut = new ArrayList<>();
    if (equivalent > 0) {
      leftOut.add(equivalent + " likely equivalent");
    }
    if (unreached > 0) {
      leftOut.add(unreached + " unreached by any test");
    }
    out.println(String.format(Locale.ROOT, "mutation score: %.2f (%d of %s killed%s; %d survived%s) in %.1f s",
        report.score(), killed + timedOut, Plural.of(report.results().size() - equivalent - unreached,
            leftOut.isEmpty() ? "mutant" : "scored mutant"),
        timedOut > 0 ? ", " + timedOut + " by timeout" : "", report.survivors().size(),
        leftOut.isEmpty() ? "" : "; " + String.join(", ", leftOut) + ": left out",
        report.duration().toMillis() / 1000.0));
    for (MutationReport.Result survivor : report.survivors()) {
      out.println();
      out.println("survived: mutant " + survivor.mutant().number() + ", line " + survivor.mutant().line() + ", "
          + survivor.mutant().operator() + " (" + survivor.mutant().description() + ")");
      out.print(survivor.mutant().diff());
    }
    if (!leftOut.isEmpty()) {
      out.println();
    }
    for (MutationReport.Result result : report.results()) {
      String label = switch (result.verdict()) {
        case EQUIVALENT -> "likely equivalent (every differential case passes on it): ";
        case UNREACHED -> "unreached: ";
        default -> "";
      };
      if (!label.isEmpty()) {
        out.println(label + "mutant " + result.mutant().number() + ", line " + result.mutant().line() + ", "
            + result.mutant().operator() + " (" + result.mutant().description() + ")");
      }
    }
  }
}
