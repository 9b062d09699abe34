package dev.ace4j.cli;

import dev.ace4j.coder.Benchmark;
import dev.ace4j.coder.BuiltinBenchmark;
import dev.ace4j.coder.CodeTask;
import dev.ace4j.coder.history.Filter;
import dev.ace4j.coder.history.History;
import dev.ace4j.coder.history.HistoryException;
import dev.ace4j.coder.history.RunInfo;
import dev.ace4j.coder.history.Session;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ace bench}: runs the built-in benchmark several times with one playbook and reports how learning went. */
@Command(name = "bench", sortOptions = false, defaultValueProvider = OptionDefaults.class,
    description = {
        "Run a benchmark suite --runs times with one playbook carried from run to run, so learning shows up run "
            + "over run. In each run the tasks are written and tested in parallel and their lessons curated in "
            + "task order (the same model answers give the same playbook). Each task is scored with hidden tests "
            + "the learner never sees; the original benchmark's text checks are reported beside, as information.",
        "Every attempt and task result goes to ACE4J_HOME/ace.db as it happens: an interrupted session continues "
            + "with --resume and loses no finished task. At the end the summary is printed and the metrics are "
            + "exported in the original system's JSON shapes (benchmark_results.json, ace_learning_metrics.json, "
            + "ace_metrics_visualization.json).",
        "Progress goes to stderr; with --json, stdout holds one JSON object."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
        "0:the session ran to the end (with --model reference: and every hidden test passed)",
        "1:the pass rate was under --fail-under; the model kept failing after its retries; with --model "
            + "reference, a reference solution failed its hidden tests (the harness is broken)",
        ExitCodes.HELP_BAD_INPUT, ExitCodes.HELP_INTERNAL, ExitCodes.HELP_INTERRUPTED
            + ": continue with ace bench --resume ID"},
    footerHeading = "%nExamples:%n",
    footer = {
        "  # Check the harness offline: each task's reference solution must pass",
        "  ace bench --model reference --runs 1",
        "  # Learn over 3 runs; exit 1 when the last run passes under 80%% (for CI)",
        "  ace bench --runs 3 --fail-under 80%%"})
// picocli injects @Spec and @Mixin and sets required and defaulted options before call(); the others are @Nullable.
@SuppressWarnings("NullAway.Init")
final class BenchCommand implements Callable<Integer> {
  static final String SUITE = "builtin";

  private final Map<String, String> environment;

  @Spec CommandSpec spec;

  @Option(names = "--suite", paramLabel = "NAME", order = 1, defaultValue = SUITE,
      description = "The benchmark: builtin (the original's 8 Python tasks, with hidden tests). "
          + "Default: ${DEFAULT-VALUE}.")
  String suite;

  @Option(names = "--runs", paramLabel = "N", order = 2, defaultValue = "3",
      description = "Passes over the suite with the same playbook. Default: ${DEFAULT-VALUE}.")
  int runs;

  @Option(names = "--parallel", paramLabel = "N", order = 3, defaultValue = "4",
      description = "Tasks written and tested at once. Default: ${DEFAULT-VALUE}.")
  int parallel;

  @Option(names = "--rounds", paramLabel = "N", order = 4, defaultValue = "3",
      description = "Reflect-and-retry rounds for a failing program, 1 to 5. Default: ${DEFAULT-VALUE}.")
  int rounds;

  @Option(names = "--playbook", paramLabel = "FILE", order = 5,
      description = "The playbook to start from and learn into (created when absent). Default: a new one per "
          + "session, ACE4J_HOME/playbooks/bench-SESSION.json, so each session starts from nothing.")
  @Nullable Path playbook;

  @Option(names = "--out", paramLabel = "DIR", order = 6,
      description = "The folder the exports go to (benchmark_results.json, ace_learning_metrics.json, "
          + "ace_metrics_visualization.json), created when missing and checked before any work. Default: "
          + "ACE4J_HOME/reports/bench-SESSION/.")
  @Nullable Path out;

  @Option(names = "--fail-under", paramLabel = "RATE", order = 8,
      description = "Exit 1 when the last run's hidden-test pass rate is under RATE (0.8 or 80%%), for CI.")
  @Nullable String failUnder;

  @Option(names = "--resume", arity = "0..1", fallbackValue = "", paramLabel = "ID", order = 7,
      description = "Continue a bench session that did not finish, with its playbook, model and --base-url: "
          + "session ID (the short id bench prints is enough; ace metrics sessions lists them), else the last one. "
          + "The unfinished run's remaining tasks run, then the runs not started.")
  @Nullable String resume;

  @Mixin ModelOptions model;

  @Mixin SandboxOptions sandbox;

  @Option(names = "--json", order = 200, description = "Print exactly one JSON object on stdout and nothing else.")
  boolean json;

  @Option(names = {"-q", "--quiet"}, order = 201, description = "No progress on stderr: only the report, and errors.")
  boolean quiet;

  /** The session this command runs, once it is known: failures name it in how to go on. */
  private @Nullable String shortId;

  BenchCommand(Map<String, String> environment) {
    this.environment = Map.copyOf(environment);
  }

  @Override
  @SuppressWarnings("try") // the Interruption is held, not used: closing it disarms Ctrl-C handling
  public Integer call() {
    if (!SUITE.equals(suite)) {
      throw new BadInputException("--suite " + suite + ": no such suite: use --suite builtin");
    }
    Options.requirePositive("--runs", runs);
    Options.requirePositive("--parallel", parallel);
    Options.requireRounds(rounds);
    OptionalDouble minimum = failUnder == null ? OptionalDouble.empty()
        : OptionalDouble.of(Options.rate("--fail-under", failUnder));
    if (out != null) {
      Options.outputFolder("--out", out);
    }
    AceHome home = AceHome.of(environment);
    List<CodeTask> tasks = BuiltinBenchmark.tasks();
    Optional<Session> resumed = resume != null ? Optional.of(unfinishedSession(home, resume)) : Optional.empty();
    String sessionId = resumed.map(Session::sessionId).orElseGet(Benchmark::newSessionId);
    String shortId = sessionId.substring(0, 8);
    this.shortId = shortId;
    Path playbookFile = resumed.map(s -> Path.of(s.runs().get(0).playbook()))
        .orElseGet(() -> playbook != null ? playbook : home.playbook("bench-" + shortId)).toAbsolutePath();
    int plannedRuns = resumed.isPresent() && !spec.commandLine().getParseResult().hasMatchedOption("--runs")
        ? resumed.get().plannedRuns()
        : runs;
    PrintWriter stdout = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    // Held until the session ends, so that no second --resume takes over a live session.
    SessionLock running = SessionLock.take(home, sessionId);
    try (running;
        ChosenModel chosen = ChosenModel.open(model, environment, home, tasks, AceCommand.openTelemetry(spec));
        LearningResources resources = new LearningResources(home, chosen, sandbox.settings(),
            AceCommand.openTelemetry(spec), Optional.of(playbookFile), rounds, parallel, sessionId);
        Interruption interruption = resources.closeOnInterrupt(err,
            "continue with `ace bench --resume " + shortId + "`")) {
      Benchmark.Plan plan = new Benchmark.Plan(Benchmark.KIND, suite, tasks, chosen.name(), playbookFile.toString(),
          plannedRuns);
      err.println((resumed.isPresent() ? "resuming" : "starting") + " bench session " + sessionId + ": " + suite
          + " (" + Plural.of(tasks.size(), "task") + ") × " + Plural.of(plannedRuns, "run") + " with "
          + chosen.name() + " ("
          + chosen.reason() + "); playbook " + playbookFile);
      err.flush();
      ProgressPrinter progress = new ProgressPrinter(err, true, tasks.size(),
          ProgressPrinter.Mode.of(quiet, environment), System::nanoTime);
      if (resumed.isPresent()) {
        requireSameModel(resumed.get(), chosen.name());
        resources.benchmark.resume(resumed.get(), plan, progress);
      } else {
        model.baseUrl().ifPresent(url -> SessionSettings.rememberBaseUrl(home, sessionId, url));
        resources.benchmark.run(sessionId, plan, progress);
      }
      SessionReport report = new SessionReport(resources.history, Filter.session(sessionId),
          Optional.of(resources.coder.playbook()));
      report.exportTo(out != null ? out : home.reports("bench-" + shortId));
      if (json) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("session_id", sessionId);
        fields.put("suite", suite);
        fields.put("model", chosen.name());
        fields.put("playbook_file", playbookFile.toString());
        stdout.println(report.json(fields));
        stdout.flush();
      } else {
        report.printText(stdout, "bench session " + sessionId + " (" + suite + ", " + chosen.name() + ")");
      }
      boolean harnessBroken = chosen.name().equals("reference") && !report.allPassed();
      boolean shortOfTheBar = Options.fellShort(minimum, report.lastRunPassRate(), "the last run's pass rate", err);
      return harnessBroken || shortOfTheBar ? ExitCodes.FAILED : ExitCodes.OK;
    }
  }

  Optional<String> sessionShortId() {
    return Optional.ofNullable(shortId);
  }

  /** The session {@code id} names (the last bench session when empty), checked to be one that can go on. */
  private Session unfinishedSession(AceHome home, String id) {
    String option = id.isEmpty() ? "--resume" : "--resume " + id;
    try (History history = History.open(home.database())) {
      Session session = id.isEmpty()
          ? history.lastSession(Benchmark.KIND).orElseThrow(() -> new BadInputException("--resume: there is no "
              + "bench session in " + home.database() + " to resume: run ace bench without --resume"))
          : history.session(id);
      if (!session.kind().equals(Benchmark.KIND)) {
        throw new BadInputException(option + ": session " + session.sessionId() + " comes from ace "
            + session.kind() + ", and only bench sessions resume: run ace " + session.kind() + " again");
      }
      if (session.complete()) {
        throw new BadInputException(option + ": " + (id.isEmpty() ? "the last bench session " : "bench session ")
            + session.sessionId() + " finished " + (session.plannedRuns() == 1 ? "its run" : "all its "
            + Plural.of(session.plannedRuns(), "run")) + ": start a new one without --resume");
      }
      if (playbook != null && !playbook.toAbsolutePath().toString().equals(firstRun(session).playbook())) {
        throw new BadInputException(option + ": session " + session.sessionId() + " learns into "
            + firstRun(session).playbook() + ", not " + playbook + ": leave --playbook out to resume it");
      }
      if (model.model == null) {
        model.model = session.model();
      }
      if (model.baseUrl == null) {
        model.baseUrl = SessionSettings.baseUrl(home, session.sessionId()).orElse(null);
      }
      return session;
    } catch (HistoryException e) {
      throw new BadInputException(option + ": " + e.getMessage());
    }
  }

  private static RunInfo firstRun(Session session) {
    return session.runs().get(0);
  }

  private static void requireSameModel(Session session, String modelName) {
    if (!session.model().equals(modelName)) {
      throw new BadInputException("--resume: session " + session.sessionId() + " ran with " + session.model()
          + ", not " + modelName + ": resume it with --model " + session.model() + " or leave --model out");
    }
  }
}
