package dev.ace4j.cli;

import dev.ace4j.coder.refactor.RefactorAttempt;
import dev.ace4j.coder.refactor.RefactorException;
import dev.ace4j.coder.refactor.RefactorResult;
import dev.ace4j.coder.refactor.Refactoring;
import dev.ace4j.core.FilePlaybookStore;
import dev.ace4j.core.PlaybookFormatException;
import dev.ace4j.flow.Flow;
import dev.ace4j.sandbox.Language;
import dev.ace4j.sandbox.Sandbox;
import dev.ace4j.sandbox.Sandboxes;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ace refactor}: a rewrite of a Python module toward a goal, accepted only when it keeps the behaviour. */
@Command(name = "refactor", sortOptions = false, defaultValueProvider = OptionDefaults.class,
    description = {
        "Refactor a Python module toward a goal with the model, and accept the rewrite only when it keeps the "
            + "module's behaviour: its tests (--tests) pass on it, and it agrees with the original on differential "
            + "cases, inputs generated for each public function with what the original returned or raised. Both "
            + "run sealed in the sandbox. A rejected rewrite's failing tests and differing calls go to the "
            + "Reflector, and the model tries again (at most --rounds times); what it learns goes into the "
            + "refactoring playbook.",
        "The accepted module goes to stdout (or --out); with --write it replaces the file, which is otherwise never "
            + "touched. Progress goes to stderr; with --json, stdout holds one JSON object."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
        "0:a rewrite was accepted",
        "1:no rewrite kept the behaviour within the rounds (the reason is printed)",
        ExitCodes.HELP_BAD_INPUT, ExitCodes.HELP_INTERNAL,
        "130:interrupted by Ctrl-C (143: by SIGTERM); the file is untouched"},
    footerHeading = "%nExamples:%n",
    footer = {
        "  ace refactor --file grades.py --goal 'make grade table-driven'",
        "  ace refactor --file sign.py --tests test_sign.py --goal 'one line' --write"})
// picocli injects @Spec and @Mixin and sets required and defaulted options before call(); the others are @Nullable.
@SuppressWarnings("NullAway.Init")
final class RefactorCommand implements Callable<Integer> {
  private final Map<String, String> environment;

  @Spec CommandSpec spec;

  @Option(names = "--file", paramLabel = "FILE", order = 1, required = true,
      description = "The Python module to refactor (FILE.py).")
  Path file;

  @Option(names = "--goal", paramLabel = "TEXT", order = 2, required = true,
      description = "What the refactoring should achieve, in words.")
  String goal;

  @Option(names = "--tests", paramLabel = "FILE", order = 3,
      description = "The module's pytest file (importing it by its name or as `solution`): it must pass on both "
          + "versions.")
  @Nullable Path tests;

  @Option(names = "--write", order = 4, description = "Replace FILE with the accepted rewrite.")
  boolean write;

  @Option(names = "--out", paramLabel = "FILE", order = 5,
      description = "Write the accepted rewrite to FILE (which must not exist yet) instead of stdout.")
  @Nullable Path out;

  @Option(names = "--rounds", paramLabel = "N", order = 6, defaultValue = "3",
      description = "Rewrites after a rejected first one, 1 to 5. Default: ${DEFAULT-VALUE}.")
  int rounds;

  @Option(names = "--playbook", paramLabel = "FILE", order = 7,
      description = "The refactoring playbook to start from and learn into (created when absent). Default: "
          + "ACE4J_HOME/playbooks/refactor.json.")
  @Nullable Path playbook;

  @Mixin ModelOptions model;

  @Mixin SandboxOptions sandbox;

  @Option(names = "--json", order = 200, description = "Print exactly one JSON object on stdout and nothing else.")
  boolean json;

  @Option(names = {"-q", "--quiet"}, order = 201, description = "No progress on stderr: only the outcome, and errors.")
  boolean quiet;

  RefactorCommand(Map<String, String> environment) {
    this.environment = Map.copyOf(environment);
  }

  @Override
  @SuppressWarnings("try") // the Interruption is held, not used: closing it disarms Ctrl-C handling
  public Integer call() {
    Options.requireRounds(rounds);
    String name = String.valueOf(file.getFileName());
    if (!name.endsWith(".py")) {
      throw new BadInputException("--file " + file + ": not a Python module (.py): ace refactor rewrites Python "
          + "modules");
    }
    if (goal.isBlank()) {
      throw new BadInputException("--goal is empty: say what the refactoring should achieve, e.g. --goal 'remove "
          + "the duplication'");
    }
    if (write && out != null) {
      throw new BadInputException("--write and --out " + out + ": give one: --write replaces the file, --out writes "
          + "a new one");
    }
    String source = InputFiles.readText("--file", file);
    if (source.isBlank()) {
      throw new BadInputException("--file " + file + ": the file is empty: give a Python module with functions");
    }
    if (write && !Files.isWritable(file)) {
      throw new BadInputException("--write: " + file + " is not writable: give a file you may write, or use --out");
    }
    if (out != null) {
      if (Files.exists(out)) {
        throw new BadInputException("--out " + out + ": the file exists: give a new file name (ace refactor never "
            + "overwrites a file but --file with --write)");
      }
      Options.outputFile("--out", out, name);
    }
    if (tests != null) {
      TestsFile.requireLanguage(tests, Language.PYTHON);
    }
    if (model.spec().filter(spec -> spec.strip().equals("reference")).isPresent()) {
      throw new BadInputException("--model reference: the reference model only replays benchmark tasks' own "
          + "solutions and cannot refactor: give a language model (ace doctor lists how to configure one)");
    }
    AceHome home = AceHome.of(environment);
    Path playbookFile = (playbook != null ? playbook : home.playbook("refactor")).toAbsolutePath();
    if (Files.isDirectory(playbookFile)) {
      throw new BadInputException("--playbook " + playbookFile + ": is a folder: give the playbook's file "
          + "(created when absent)");
    }
    PrintWriter stdout = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    RefactorResult result;
    try (ChosenModel chosen = ChosenModel.open(model, environment, home, List.of(), AceCommand.openTelemetry(spec));
        Sandbox box = Sandboxes.create(sandbox.settings());
        Flow flow = Flow.builder().openTelemetry(AceCommand.openTelemetry(spec)).build();
        FilePlaybookStore store = openPlaybook(playbookFile);
        Interruption interruption = Interruption.arm(err, file + " is untouched", List.of(box))) {
      Optional<String> testSource = tests == null ? Optional.empty()
          : Optional.of(TestsFile.read(tests, Language.PYTHON, box));
      String banner = "refactor " + name + " with " + chosen.name() + " (" + chosen.reason() + "); playbook "
          + playbookFile + " v" + store.current().version();
      result = Refactoring.builder(chosen.model(), box, store).rounds(rounds).flow(flow).build()
          .refactor(name.substring(0, name.length() - 3), source, goal, testSource, new Refactoring.Listener() {
            @Override
            public void checked(int cases) {
              progress(err, banner + "; behaviour pinned by " + (testSource.isPresent() ? "its tests and " : "")
                  + Plural.of(cases, "differential case"));
            }

            @Override
            public void attempted(RefactorAttempt attempt) {
              progress(err, "rewrite " + attempt.number() + ": " + verdict(attempt));
            }
          });
    } catch (RefactorException e) {
      throw new BadInputException("--file " + file + ": " + e.getMessage());
    }
    if (json) {
      stdout.println(RefactorJson.of(result, file, goal, write || out != null));
    } else if (result.accepted() && !write && out == null) {
      String code = result.code().orElseThrow();
      stdout.print(code.endsWith("\n") ? code : code + "\n");
    }
    stdout.flush();
    if (result.accepted()) {
      Path target = write ? file : out;
      if (target != null) {
        Options.writeWhole(write ? "--write" : "--out", target, result.code().orElseThrow());
      }
    }
    if (!json || !quiet) {
      err.println(result.accepted()
          ? "ace: accepted rewrite " + result.attempts().stream().filter(RefactorAttempt::accepted).findFirst()
              .orElseThrow().number() + " of " + result.attempts().size() + (write ? "; " + file + " replaced"
              : out != null ? "; written to " + out : "") + summary(result, playbookFile)
          : "ace: gave up after " + Plural.of(result.attempts().size(), "rewrite") + ": "
              + result.reason().orElse("no rewrite kept the behaviour") + "; " + file + " is untouched"
              + summary(result, playbookFile));
      err.flush();
    }
    return result.accepted() ? ExitCodes.OK : ExitCodes.FAILED;
  }

  private void progress(PrintWriter err, String line) {
    if (!quiet) {
      err.println(line);
      err.flush();
    }
  }

  private static String verdict(RefactorAttempt attempt) {
    if (attempt.accepted()) {
      return "accepted";
    }
    if (attempt.problem().isPresent()) {
      return "not judged: " + attempt.problem().get();
    }
    StringBuilder text = new StringBuilder("rejected:");
    if (!attempt.failedTests().isEmpty()) {
      text.append(' ').append(Plural.of(attempt.failedTests().size(), "test")).append(" failed (first ")
          .append(attempt.failedTests().get(0)).append(')');
    }
    if (!attempt.differences().isEmpty()) {
      text.append(attempt.failedTests().isEmpty() ? " " : "; ").append("differs on ")
          .append(Plural.of(attempt.differences().size(), "input")).append(" (first ")
          .append(attempt.differences().get(0)).append(')');
    }
    return text.toString();
  }

  private static String summary(RefactorResult result, Path playbookFile) {
    int added = result.bulletsAdded();
    return "; playbook " + playbookFile + " v" + result.playbookVersion() + (added > 0 ? " (+"
        + Plural.of(added, "bullet") + ")" : "") + result.problem().map(p -> "; " + p).orElse("") + "; "
        + result.usage().inputTokens() + " tokens in, " + result.usage().outputTokens() + " out; "
        + result.duration().toMillis() + " ms";
  }

  private static FilePlaybookStore openPlaybook(Path file) {
    try {
      return FilePlaybookStore.open(file);
    } catch (PlaybookFormatException e) {
      throw new BadInputException(String.valueOf(e.getMessage()));
    }
  }
}
