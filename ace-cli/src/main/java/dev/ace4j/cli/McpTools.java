package dev.ace4j.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ace4j.coder.Benchmark;
import dev.ace4j.coder.CodeAttempt;
import dev.ace4j.coder.CodeTask;
import dev.ace4j.coder.Solution;
import dev.ace4j.coder.history.TaskRow;
import dev.ace4j.core.Bullet;
import dev.ace4j.core.DeltaBatch;
import dev.ace4j.core.DuplicateGroup;
import dev.ace4j.core.FilePlaybookStore;
import dev.ace4j.core.InvalidBatchException;
import dev.ace4j.core.LexicalDeduplicator;
import dev.ace4j.core.Operation;
import dev.ace4j.core.Playbook;
import dev.ace4j.core.PlaybookStore;
import dev.ace4j.core.Provenance;
import dev.ace4j.core.Sections;
import dev.ace4j.mcp.Resource;
import dev.ace4j.mcp.Tool;
import dev.ace4j.mcp.ToolCall;
import dev.ace4j.mcp.ToolInputException;
import dev.ace4j.mcp.ToolResult;
import dev.ace4j.sandbox.Execution;
import dev.ace4j.sandbox.ExecutionRequest;
import dev.ace4j.sandbox.InvalidRequestException;
import dev.ace4j.sandbox.Language;
import dev.ace4j.sandbox.Limits;
import dev.ace4j.sandbox.Sandbox;
import dev.ace4j.sandbox.SandboxSettings;
import dev.ace4j.sandbox.SandboxUnavailableException;
import io.opentelemetry.api.OpenTelemetry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;

/**
 * The tools and the resource of {@code ace mcp}: each answers with the JSON its command prints with {@code --json}
 * ({@code ace sandbox exec}, {@code ace solve}, {@code ace playbook show|search}), checks its arguments with the
 * same limits, and reports bad ones as one-line tool errors.
 */
final class McpTools {
  /** The resource that holds the playbook the server learns into. */
  static final String PLAYBOOK_URI = "playbook://default";
  /** The longest lesson {@code playbook_add_lesson} takes. */
  static final int MAX_LESSON = 2000;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Sandbox sandbox;
  private final Path playbook;
  private final Solver solver;
  private final Runnable playbookChanged;

  /** How {@code solve} runs one task: the CLI's model, history and learning, as {@code ace solve}. */
  interface Solver {
    /**
     * Solves {@code task} within {@code rounds}, telling {@code progress} of each attempt.
     *
     * @throws BadInputException when no model is configured, naming how to configure one
     */
    SolveOutcome solve(CodeTask task, int rounds, java.util.function.Consumer<String> progress);
  }

  /** A solved task and the session it was recorded in. */
  record SolveOutcome(String sessionId, Solution solution) {}

  McpTools(Sandbox sandbox, Path playbook, Solver solver, Runnable playbookChanged) {
    this.sandbox = sandbox;
    this.playbook = playbook;
    this.solver = solver;
    this.playbookChanged = playbookChanged;
  }

  List<Tool> tools() {
    return List.of(
        new Tool("run_code", "Run code", "Run a program in ace4j's local sandbox (bubblewrap: no network, a private "
            + "file system, limits on time, memory, processes and output) and return its status, exit code, "
            + "stdout, stderr and error, as `ace sandbox exec --json`.",
            input("run_code"), schema("execution.output.json"), true, this::runCode),
        new Tool("run_tests", "Run tests against code", "Run tests against code in the sandbox. The tests run "
            + "sealed: their results are taken by a runner the code cannot reach, so code that exits early or "
            + "rewrites reports does not pass. Returns each test's outcome.",
            input("run_tests"), schema("execution.output.json"), true, this::runTests),
        new Tool("solve", "Solve a coding task", "Write code for a task with ace4j's self-learning coder: generate, "
            + "run against the tests in the sandbox, reflect and retry; what the runs teach goes into the playbook. "
            + "Needs a configured model (ace doctor shows it).",
            schema("solve.input.json"), schema("solve.output.json"), true, this::solve),
        new Tool("playbook_search", "Search the playbook", "Strategies from the playbook relevant to a task, "
            + "ranked by the words they share with the query: pull lessons into your own context.",
            schema("playbook_search.input.json"), schema("playbook_search.output.json"), false, this::search),
        new Tool("playbook_show", "Show the playbook", "The playbook's active strategies by section, with their "
            + "helpful and harmful counts.",
            schema("playbook_show.input.json"), schema("playbook_show.output.json"), false, this::show),
        new Tool("playbook_add_lesson", "Add a lesson to the playbook", "Record a lesson you learned. It is "
            + "checked as the Curator's changes are (section, length, duplicates of what the playbook holds) and "
            + "stored as a new playbook version; a near-duplicate is not added and its id is returned.",
            schema("playbook_add_lesson.input.json"), schema("playbook_add_lesson.output.json"), false,
            this::addLesson));
  }

  Resource playbookResource() {
    return new Resource(PLAYBOOK_URI, "playbook", "The playbook the server learns into (ace4j JSON): "
        + playbook, "application/json", this::playbookText);
  }

  private ToolResult runCode(ToolCall call) {
    Language language = language(call);
    Limits limits = limits(call.arguments());
    ExecutionRequest.Builder request = ExecutionRequest.snippet(language, source(call, "code", limits))
        .limits(limits);
    for (JsonNode file : call.arguments().path("files")) {
      String path = file.path("path").asText("");
      try {
        request.file(path, file.path("content").asText(""));
      } catch (InvalidRequestException e) {
        throw new ToolInputException("argument files: " + path + ": " + e.getMessage());
      }
    }
    call.text("stdin").ifPresent(request::stdin);
    return execution(call, request);
  }

  private ToolResult runTests(ToolCall call) {
    Language language = language(call);
    Limits limits = limits(call.arguments());
    ExecutionRequest.Builder request = ExecutionRequest.testSuite(language, source(call, "code", limits),
        source(call, "tests", limits)).limits(limits);
    return execution(call, request);
  }

  private ToolResult execution(ToolCall call, ExecutionRequest.Builder request) {
    Execution run;
    try {
      run = sandbox.execute(request.build());
    } catch (InvalidRequestException | SandboxUnavailableException e) {
      throw new ToolInputException(String.valueOf(e.getMessage()));
    }
    ObjectNode json = tree(ExecutionJson.write(run));
    String text = run.status().id() + (run.exitCode() == Execution.NO_EXIT_CODE ? "" : " (exit " + run.exitCode()
        + ")") + (run.tests().isEmpty() ? "" : ", " + run.tests().stream().filter(t -> t.outcome().id()
        .equals("passed")).count() + "/" + run.tests().size() + " tests passed") + "\n" + json;
    return new ToolResult(text, json, false);
  }

  private ToolResult solve(ToolCall call) {
    String task = call.requiredText("task");
    if (task.length() > 1024 * 1024) {
      throw new ToolInputException("argument task is over 1 MiB: describe the task in fewer words");
    }
    Language language = call.text("language").isPresent() ? language(call) : Language.PYTHON;
    int rounds = (int) call.integer("rounds", 3, 1, 5);
    String tests = call.text("tests").orElse("");
    CodeTask adhoc = SolveCommand.adhocTask(task.strip(), language, tests);
    SolveOutcome outcome;
    try {
      outcome = solver.solve(adhoc, rounds, call::progress);
    } catch (BadInputException e) {
      return ToolResult.error(String.valueOf(e.getMessage()));
    }
    playbookChanged.run();
    ObjectNode json = tree(SolutionJson.write(outcome.sessionId(), outcome.solution(), playbook));
    Solution solution = outcome.solution();
    return new ToolResult((solution.passed() ? "passed" : "did not pass") + " after " + solution.attempts().size()
        + " attempt(s)\n" + solution.code().orElse(""), json, false);
  }

  private ToolResult search(ToolCall call) {
    String query = call.requiredText("query");
    int limit = (int) call.integer("limit", 10, 1, 100);
    List<BulletSearch.Hit> hits = BulletSearch.search(current(), query, limit);
    StringBuilder text = new StringBuilder(hits.isEmpty() ? "no strategy matches " + query : "");
    hits.forEach(hit -> text.append('[').append(hit.bullet().id()).append("] ").append(hit.bullet().content())
        .append('\n'));
    return new ToolResult(text.toString().strip(), tree(PlaybookViewsJson.search(query, hits)), false);
  }

  private ToolResult show(ToolCall call) {
    Playbook current = current();
    Map<String, List<Bullet>> sections = new LinkedHashMap<>(current.bySection());
    Optional<String> section = call.text("section");
    if (section.isPresent()) {
      String key = Sections.key(section.get());
      sections.keySet().removeIf(name -> !Sections.key(name).equals(key));
    }
    return new ToolResult(PlaybookViews.markdown(current).strip(),
        tree(PlaybookViewsJson.show(current, playbook.toString(), sections)), false);
  }

  private ToolResult addLesson(ToolCall call) {
    String section = call.requiredText("section").strip();
    String content = call.requiredText("content").strip();
    if (content.length() > MAX_LESSON) {
      throw new ToolInputException("argument content has " + content.length() + " characters: state the lesson "
          + "in at most " + MAX_LESSON);
    }
    if (section.length() > 80) {
      throw new ToolInputException("argument section is over 80 characters: name a section, e.g. common mistakes");
    }
    DeltaBatch batch = new DeltaBatch("a lesson an agent recorded through ace mcp",
        List.of(Operation.Add.of(section, content)), new Provenance("", "", "MCP", "playbook_add_lesson"));
    try (PlaybookStore store = FilePlaybookStore.open(playbook)) {
      Playbook before = store.current();
      Playbook trial = before.apply(batch, Instant.EPOCH);
      Set<String> added = newIds(before, trial);
      List<DuplicateGroup> duplicates = LexicalDeduplicator.create().findDuplicatesOf(trial, added);
      if (!duplicates.isEmpty()) {
        String known = duplicates.get(0).bulletIds().stream().filter(id -> !added.contains(id)).findFirst()
            .orElse(duplicates.get(0).kept());
        ObjectNode json = JSON.createObjectNode().put("added", false).put("duplicate_of", known)
            .put("version", before.version()).put("file", playbook.toString());
        return new ToolResult("not added: the playbook already holds it as [" + known + "]", json, false);
      }
      Playbook after = store.apply(batch);
      String id = newIds(before, after).stream().findFirst().orElse("");
      playbookChanged.run();
      ObjectNode json = JSON.createObjectNode().put("added", true).put("id", id).putNull("duplicate_of")
          .put("version", after.version()).put("file", playbook.toString());
      return new ToolResult("added [" + id + "] as playbook version " + after.version(), json, false);
    } catch (InvalidBatchException e) {
      throw new ToolInputException("the lesson was refused: " + e.getMessage());
    }
  }

  private static Set<String> newIds(Playbook before, Playbook after) {
    Set<String> ids = new java.util.LinkedHashSet<>();
    after.active().forEach(b -> ids.add(b.id()));
    before.bullets().forEach(b -> ids.remove(b.id()));
    return ids;
  }

  private Playbook current() {
    return Files.isRegularFile(playbook) ? PlaybookFiles.current(playbook) : Playbook.empty();
  }

  private String playbookText() {
    try {
      return Files.isRegularFile(playbook) ? Files.readString(playbook, StandardCharsets.UTF_8)
          : dev.ace4j.core.PlaybookJson.write(Playbook.empty());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + playbook + ": " + e.getMessage(), e);
    }
  }

  private static Language language(ToolCall call) {
    String id = call.requiredText("language");
    return switch (id.toLowerCase(Locale.ROOT)) {
      case "python" -> Language.PYTHON;
      case "javascript" -> Language.JAVASCRIPT;
      case "java" -> Language.JAVA;
      case "bash" -> Language.BASH;
      default -> throw new ToolInputException("argument language is " + id + ": use python, javascript, java or "
          + "bash");
    };
  }

  /** A source argument, not blank and within the run's file-size limit (the sandbox writes it as a file). */
  private static String source(ToolCall call, String name, Limits limits) {
    String text = call.requiredText(name);
    long bytes = text.getBytes(StandardCharsets.UTF_8).length;
    if (bytes > limits.fileSizeBytes()) {
      throw new ToolInputException("argument " + name + " is " + bytes + " bytes, over the file-size limit of "
          + limits.fileSizeBytes() + ": raise limits.file_size_kb or send less");
    }
    return text;
  }

  /** The defaults with each given limit applied; {@link Limits} judges the ranges, the error names the argument. */
  static Limits limits(JsonNode arguments) {
    JsonNode given = arguments.path("limits");
    Limits limits = Limits.defaults();
    limits = limit(limits, given, "timeout_seconds", v -> l -> l.withWall(seconds(v)));
    limits = limit(limits, given, "cpu_seconds", v -> l -> l.withCpu(seconds(v)));
    limits = limit(limits, given, "memory_mb", v -> l -> l.withMemoryBytes(v.longValue() * 1024 * 1024));
    limits = limit(limits, given, "processes", v -> l -> l.withProcesses(v.intValue()));
    limits = limit(limits, given, "file_size_kb", v -> l -> l.withFileSizeBytes(v.longValue() * 1024));
    return limit(limits, given, "output_kb", v -> l -> l.withOutputBytes(v.longValue() * 1024));
  }

  private static Duration seconds(Number value) {
    return Duration.ofMillis(Math.round(value.doubleValue() * 1000));
  }

  private static Limits limit(Limits limits, JsonNode given, String name,
      java.util.function.Function<Number, UnaryOperator<Limits>> change) {
    JsonNode value = given.get(name);
    if (value == null || value.isNull()) {
      return limits;
    }
    if (!value.isNumber() || value.asDouble() <= 0 || value.asDouble() > 1e9) {
      throw new ToolInputException("argument limits." + name + " must be a positive number, not " + value);
    }
    try {
      return change.apply(value.numberValue()).apply(limits);
    } catch (InvalidRequestException e) {
      throw new ToolInputException("argument limits." + name + " " + value + ": " + e.getMessage());
    }
  }

  private static ObjectNode tree(String json) {
    try {
      return (ObjectNode) JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String input(String name) {
    return schema(name + ".input.json").replace("LIMITS", schema("limits.json"));
  }

  private static String schema(String name) {
    try (InputStream in = McpTools.class.getResourceAsStream("mcp/" + name)) {
      if (in == null) {
        throw new IllegalStateException("the schema mcp/" + name + " is missing from ace-cli");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The {@link Solver} of {@code ace mcp}: as {@code ace solve}, one session per call, recorded in the history. */
  static Solver cliSolver(ModelOptions model, Map<String, String> environment, AceHome home,
      SandboxSettings settings, OpenTelemetry openTelemetry, Path playbook) {
    return (task, rounds, progress) -> {
      AtomicReference<Solution> solved = new AtomicReference<>();
      String sessionId = Benchmark.newSessionId();
      try (ChosenModel chosen = ChosenModel.open(model, environment, home, List.of(task), openTelemetry);
          LearningResources resources = new LearningResources(home, chosen, settings, openTelemetry,
              Optional.of(playbook), rounds, 1, sessionId)) {
        progress.accept("solving with " + chosen.name() + " from playbook v" + resources.coder.playbook()
            .version());
        resources.benchmark.run(sessionId, new Benchmark.Plan("solve", "adhoc", List.of(task), chosen.name(),
            playbook.toString(), 1), new Benchmark.Progress() {
              @Override
              public void attempted(int run, CodeTask attempted, CodeAttempt attempt) {
                progress.accept("attempt " + attempt.number() + ": " + attempt.report().status());
              }

              @Override
              public void taskFinished(int run, Solution solution, TaskRow row) {
                solved.set(solution);
              }
            });
      }
      Solution solution = solved.get();
      if (solution == null) {
        throw new IllegalStateException("the session ended without the task's solution");
      }
      return new SolveOutcome(sessionId, solution);
    };
  }
}
