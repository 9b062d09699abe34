package dev.ace4j.cli;

import dev.ace4j.coder.Benchmark;
import dev.ace4j.coder.BuiltinBenchmark;
import dev.ace4j.coder.CodeTask;
import dev.ace4j.coder.DatasetException;
import dev.ace4j.coder.Datasets;
import dev.ace4j.coder.history.Filter;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ace eval}: one pass over a dataset with a frozen playbook, scored with hidden tests. */
@Command(name = "eval", sortOptions = false, defaultValueProvider = OptionDefaults.class,
    description = {
        "Evaluate a model with a frozen playbook: one program per task, no reflection, nothing learned or "
            + "written to the playbook. Each program is scored with the task's hidden tests; the results go to "
            + "ACE4J_HOME/ace.db and to benchmark_results.json (the original system's shape).",
        "Progress goes to stderr; with --json, stdout holds one JSON object."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
        "0:the evaluation ran (with --model reference: and every hidden test passed)",
        "1:the pass rate was under --fail-under; the model kept failing after its retries; with --model "
            + "reference, a reference solution failed its hidden tests (the harness is broken)",
        ExitCodes.HELP_BAD_INPUT, ExitCodes.HELP_INTERNAL,
        "130:interrupted by Ctrl-C (143: by SIGTERM); the tasks that finished are in the history"},
    footerHeading = "%nExamples:%n",
    footer = {
        "  # Check the harness offline with each task's reference solution",
        "  ace eval --dataset builtin --model reference",
        "  # Score completions made elsewhere: samples.jsonl_results.jsonl and pass@k",
        "  ace eval --dataset humaneval HumanEval.jsonl.gz --samples samples.jsonl"})
// picocli injects @Spec and @Mixin and sets required and defaulted options before call(); the others are @Nullable.
@SuppressWarnings("NullAway.Init")
final class EvalCommand implements Callable<Integer> {
  /** The temperature of several samples per task when none is given: Chen et al.'s for pass@10 and pass@100. */
  private static final double DEFAULT_SAMPLING_TEMPERATURE = 0.8;
  private static final Map<String, String> EXAMPLE_FILES = Map.of("humaneval", "HumanEval.jsonl.gz", "mbpp",
      "mbpp.jsonl", "io", "problems.jsonl");
  private final Map<String, String> environment;

  @Spec CommandSpec spec;

  @Option(names = "--dataset", paramLabel = "NAME", order = 1, required = true,
      description = "builtin (the 8 built-in tasks), humaneval FILE (HumanEval JSON lines, plain or .gz), mbpp "
          + "FILE (MBPP, a JSON array or JSON lines, plain or .gz) or io FILE (stdin/stdout problems, JSON lines of "
          + "task_id, prompt, solution, tests: [{input, output}], plain or .gz). Each problem is scored by its "
          + "checks, run sealed from the program (io: one run per case, stdout compared by ace); --model reference "
          + "scores the datasets' own solutions.")
  String dataset;

  @Parameters(arity = "0..1", paramLabel = "FILE", description = "The dataset file (for humaneval and mbpp).")
  @Nullable Path datasetFile;

  @Option(names = "--limit", paramLabel = "N", order = 2,
      description = "Evaluate only the first N tasks. Default: all.")
  @Nullable Integer limit;

  @Option(names = "--samples", paramLabel = "FILE", order = 2,
      description = "Score completions made elsewhere instead of asking a model: JSON lines of {task_id, "
          + "completion}, any number per task (HumanEval: the completion continues the prompt). Writes "
          + "FILE_results.jsonl beside it (each sample with result and passed) and prints pass@k for k in 1, 10, "
          + "100 where every task has at least k samples, as the official HumanEval harness does.")
  @Nullable Path samplesFile;

  @Option(names = "--samples-per-task", paramLabel = "N", order = 2,
      description = "Write N programs per task instead of one, each run of the session one sample of every task, "
          + "and print pass@k (Chen et al.'s unbiased estimator) for k in 1, 10, 100 up to N. Each sample is its own "
          + "request to a cache or recording, so a rerun is served sample for sample. Default: 1.")
  @Nullable Integer samplesPerTask;

  @Option(names = "--temperature", paramLabel = "T", order = 2,
      description = "The sampling temperature of the programs, 0 to 2. Default: 0.8 with --samples-per-task above "
          + "1 (as Chen et al. for pass@10 and pass@100), else 0.")
  @Nullable Double temperature;

  @Option(names = "--float-tolerance", paramLabel = "X", order = 2,
      description = "For --dataset io: output tokens that are both numbers match within X, absolute or relative "
          + "(e.g. 1e-6). Default: exact.")
  @Nullable Double floatTolerance;

  @Option(names = "--parallel", paramLabel = "N", order = 3, defaultValue = "4",
      description = "Tasks written and tested at once. Default: ${DEFAULT-VALUE}.")
  int parallel;

  @Option(names = "--playbook", paramLabel = "FILE", order = 4,
      description = "The playbook to evaluate with; it is read, never changed. Default: an empty playbook.")
  @Nullable Path playbook;

  @Option(names = "--out", paramLabel = "FILE", order = 5,
      description = "The results file to write (benchmark_results.json); given an existing folder, "
          + "benchmark_results.json in it. Checked before any work. Default: ACE4J_HOME/reports/eval-SESSION/"
          + "benchmark_results.json.")
  @Nullable Path out;

  @Option(names = "--results", paramLabel = "FILE", order = 5,
      description = "The per-task results file to write: each task's status (passed, failed, timeout, error), "
          + "error name and duration_ms. Default: task_results.json beside benchmark_results.json.")
  @Nullable Path taskResults;

  @Option(names = "--fail-under", paramLabel = "RATE", order = 6,
      description = "Exit 1 when the hidden-test pass rate is under RATE (0.8 or 80%%), for CI.")
  @Nullable String failUnder;

  @Mixin ModelOptions model;

  @Mixin SandboxOptions sandbox;

  @Option(names = "--json", order = 200, description = "Print exactly one JSON object on stdout and nothing else.")
  boolean json;

  @Option(names = {"-q", "--quiet"}, order = 201, description = "No progress on stderr: only the report, and errors.")
  boolean quiet;

  EvalCommand(Map<String, String> environment) {
    this.environment = Map.copyOf(environment);
  }

  @Override
  @SuppressWarnings("try") // the Interruption is held, not used: closing it disarms Ctrl-C handling
  public Integer call() {
    List<CodeTask> tasks = tasks();
    Options.requirePositive("--parallel", parallel);
    OptionalDouble minimum = failUnder == null ? OptionalDouble.empty()
        : OptionalDouble.of(Options.rate("--fail-under", failUnder));
    if (samplesFile != null) {
      for (String ignored : List.of("--model", "--base-url", "--no-cache", "--record", "--price", "--playbook",
          "--out", "--results", "--samples-per-task", "--temperature")) {
        if (spec.commandLine().getParseResult().hasMatchedOption(ignored)) {
          throw new BadInputException(ignored + ": --samples scores completions made elsewhere, with no model, "
              + "playbook or session report (it writes FILE_results.jsonl): leave out " + ignored + " or --samples");
        }
      }
      return SamplesScoring.run(tasks, samplesFile, sandbox.settings(), parallel, minimum, json,
          spec.commandLine().getOut(), spec.commandLine().getErr());
    }
    int samples = samplesPerTask == null ? 1 : samplesPerTask;
    Options.requirePositive("--samples-per-task", samples);
    if (temperature != null && !(temperature >= 0 && temperature <= 2)) {
      throw new BadInputException("--temperature " + temperature + ": give a number from 0 to 2 (e.g. 0.8)");
    }
    if (playbook != null && !Files.isRegularFile(playbook)) {
      throw new BadInputException("--playbook " + playbook + ": no such file: give an existing playbook, or leave "
          + "--playbook out to evaluate with an empty one");
    }
    Path outFile = out == null ? null : Options.outputFile("--out", out, SessionReport.BENCHMARK_RESULTS);
    AceHome home = AceHome.of(environment);
    String sessionId = Benchmark.newSessionId();
    Path results = outFile != null ? outFile
        : home.reports("eval-" + sessionId.substring(0, 8)).resolve(SessionReport.BENCHMARK_RESULTS);
    Path taskResultsFile = taskResults != null
        ? Options.outputFile("--results", taskResults, TaskResults.FILE_NAME)
        : results.resolveSibling(TaskResults.FILE_NAME);
    PrintWriter stdout = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Optional<Path> playbookFile = Optional.ofNullable(playbook).map(Path::toAbsolutePath);
    try (ChosenModel chosen = ChosenModel.open(model, environment, home, tasks, AceCommand.openTelemetry(spec));
        LearningResources resources = new LearningResources(home, chosen, sandbox.settings(),
            AceCommand.openTelemetry(spec), playbookFile, 1, parallel, sessionId);
        Interruption interruption = resources.closeOnInterrupt(err, "the tasks that finished are in session "
            + sessionId.substring(0, 8) + " (ace metrics summary --session " + sessionId.substring(0, 8)
            + "); run ace eval again for the whole evaluation")) {
      String playbookName = playbookFile.map(Path::toString).orElse("(empty)");
      err.println("evaluating " + Plural.of(tasks.size(), "task") + " of " + dataset
          + " with " + chosen.name() + " ("
          + chosen.reason() + "); playbook " + playbookName + " v" + resources.coder.playbook().version()
          + ", frozen");
      err.flush();
      TaskResults perTask = new TaskResults(new ProgressPrinter(err, false, tasks.size(),
          ProgressPrinter.Mode.of(quiet, environment), System::nanoTime));
      Benchmark.Plan plan = new Benchmark.Plan("eval", dataset, tasks, chosen.name(), playbookName, samples);
      if (samples == 1 && temperature == null) {
        resources.benchmark.evaluate(sessionId, plan, perTask);
      } else {
        resources.benchmark.evaluateSamples(sessionId, plan, temperature != null ? temperature
            : DEFAULT_SAMPLING_TEMPERATURE, perTask);
      }
      Map<Integer, Double> passAtK = perTask.passAtK();
      SessionReport report = new SessionReport(resources.history, Filter.session(sessionId),
          Optional.of(resources.coder.playbook()));
      report.export(SessionReport.BENCHMARK_RESULTS, results);
      perTask.write(taskResultsFile, tasks);
      if (json) {
        Map<String, @Nullable String> fields = new LinkedHashMap<>();
        fields.put("session_id", sessionId);
        fields.put("dataset", dataset);
        fields.put("model", chosen.name());
        fields.put("playbook_file", playbookFile.map(Path::toString).orElse(null)); // null: an empty playbook
        stdout.println(report.json(fields, samples, passAtK));
        stdout.flush();
      } else {
        report.printText(stdout, "eval " + sessionId + " (" + dataset + ", " + chosen.name() + ")");
        if (samples > 1) {
          stdout.println(Plural.of(samples, "sample") + " per task:");
          passAtK.forEach((k, value) -> stdout.println(String.format(Locale.ROOT, "pass@%d: %.4f", k, value)));
        }
      }
      boolean harnessBroken = chosen.name().equals("reference") && !report.allPassed();
      boolean shortOfTheBar = Options.fellShort(minimum, report.successRate(), "the pass rate", err);
      return harnessBroken || shortOfTheBar ? ExitCodes.FAILED : ExitCodes.OK;
    }
  }

  private List<CodeTask> tasks() {
    if (floatTolerance != null && (!dataset.equals("io") || !(floatTolerance >= 0) || floatTolerance.isInfinite())) {
      throw new BadInputException("--float-tolerance " + floatTolerance + ": give a number >= 0 (e.g. 1e-6), and "
          + "only with --dataset io, whose outputs it compares");
    }
    List<CodeTask> all = switch (dataset) {
      case BenchCommand.SUITE -> {
        if (datasetFile != null) {
          throw new BadInputException("FILE " + datasetFile + ": the builtin dataset takes no file: leave it out");
        }
        yield BuiltinBenchmark.tasks();
      }
      case "humaneval" -> read(Datasets::humanEval);
      case "mbpp" -> read(Datasets::mbpp);
      case "io" -> read(file -> Datasets.io(file, floatTolerance == null ? 0 : floatTolerance));
      default -> throw new BadInputException("--dataset " + dataset + ": no such dataset: use builtin, humaneval "
          + "FILE, mbpp FILE or io FILE");
    };
    if (limit == null) {
      return all;
    }
    if (samplesFile != null) {
      throw new BadInputException("--limit " + limit + ": --samples scores the tasks its samples name: leave out "
          + "--limit, or the other tasks' samples from FILE");
    }
    Options.requirePositive("--limit", limit);
    return all.subList(0, Math.min(limit, all.size()));
  }

  /** The problems of the dataset file, which humaneval and mbpp need: ace does not ship them. */
  private List<CodeTask> read(Function<Path, List<CodeTask>> reader) {
    if (datasetFile == null) {
      throw new BadInputException("--dataset " + dataset + " needs its file: give it after the options, e.g. ace eval "
          + "--dataset " + dataset + " " + EXAMPLE_FILES.get(dataset));
    }
    try {
      return reader.apply(datasetFile);
    } catch (DatasetException e) {
      throw new BadInputException(String.valueOf(e.getMessage()));
    }
  }

}
