package dev.ace4j.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ace4j.coder.history.Filter;
import dev.ace4j.coder.history.History;
import dev.ace4j.coder.history.HistoryException;
import dev.ace4j.coder.history.RunInfo;
import dev.ace4j.coder.history.Session;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code ace metrics}: the learning history in ACE4J_HOME/ace.db, summarized or exported. */
@Command(name = "metrics", description = "Summarize or export the learning history (ACE4J_HOME/ace.db).",
    subcommands = {MetricsCommand.Summary.class, MetricsCommand.Export.class, MetricsCommand.Sessions.class},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:done: the metrics were printed or written", MetricsCommand.HELP_BAD_INPUT,
        ExitCodes.HELP_INTERNAL},
    footerHeading = "%nExamples:%n",
    footer = {
        "  # The learning metrics of the newest bench session",
        "  ace metrics summary --last bench",
        "  # The same in the original system's three JSON files",
        "  ace metrics export --last bench --out bench-report"})
// picocli injects @Spec before call().
@SuppressWarnings("NullAway.Init")
final class MetricsCommand implements Callable<Integer> {
  /** Reading the history never fails the way a run does: there is no exit code 1. */
  static final String HELP_BAD_INPUT = "2:bad input: no history yet, an unknown session, an unreadable "
      + "ace.db, an unwritable --out (one line on stderr says how to fix it)";

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    throw new ParameterException(spec.commandLine(), "missing command: use `ace metrics summary`, "
        + "`ace metrics export` or `ace metrics sessions`");
  }

  /** Which rows of the history: a session, the last session of a kind, a kind, a model; all by default. */
  static final class Selection {
    @Option(names = "--session", paramLabel = "ID", order = 1,
        description = "One session (its id, as bench and eval print it).")
    @Nullable String session;

    @Option(names = "--last", paramLabel = "KIND", order = 2,
        description = "The newest session of KIND: bench, solve or eval.")
    @Nullable String last;

    @Option(names = "--kind", paramLabel = "KIND", order = 3,
        description = "Every session of KIND: bench, solve or eval.")
    @Nullable String kind;

    @Option(names = "--model", paramLabel = "SPEC", order = 4, description = "Only tasks run with this model.")
    @Nullable String model;

    Filter filter(History history) {
      if (session != null && last != null) {
        throw new BadInputException("--session and --last both pick a session: give one of them");
      }
      Optional.ofNullable(last).ifPresent(k -> requireKind("--last", k));
      Optional.ofNullable(kind).ifPresent(k -> requireKind("--kind", k));
      if (last != null && kind != null && !last.equals(kind)) {
        throw new BadInputException("--last " + last + " and --kind " + kind + " contradict each other: a " + last
            + " session holds only " + last + " runs; give one of them");
      }
      Filter filter = Filter.all();
      if (session != null) {
        Session picked = history.session(session);
        if (kind != null && !picked.kind().equals(kind)) {
          throw new BadInputException("--session " + session + " and --kind " + kind + " contradict each other: "
              + "that session is a " + picked.kind() + " session; leave --kind out");
        }
        filter = filter.withSession(picked.sessionId());
      } else if (last != null) {
        Session newest = history.lastSession(last).orElseThrow(() -> new BadInputException("--last " + last
            + ": no " + last + " session in " + history.file() + " yet: run ace " + last + " first"));
        filter = filter.withSession(newest.sessionId());
      }
      if (kind != null) {
        filter = filter.withKind(kind);
      }
      return model == null ? filter : filter.withModel(model);
    }
  }

  private static final List<String> KINDS = List.of("bench", "solve", "eval");

  /** Refuses a session kind that does not exist. */
  static void requireKind(String option, String kind) {
    if (!KINDS.contains(kind)) {
      throw new BadInputException(option + " " + kind + ": no such kind of session: use bench, solve or eval");
    }
  }

  /** Opens the existing history to read: metrics creates nothing and works on a read-only ACE4J_HOME. */
  static History open(Map<String, String> environment) {
    Path database = AceHome.of(environment).database();
    if (!Files.isRegularFile(database)) {
      throw new BadInputException(database + " does not exist yet: run ace solve, ace bench or ace eval first "
          + "(or set ACE4J_HOME to where they ran)");
    }
    try {
      return History.openReadOnly(database);
    } catch (HistoryException e) {
      throw new BadInputException(e.getMessage());
    }
  }

  /** {@code ace metrics summary}. */
  @Command(name = "summary", sortOptions = false,
      description = {"Print the learning metrics of the selected rows: the original system's (success rate = "
          + "share that passed the hidden tests, improvement rate = later half minus earlier half, per task type, "
          + "learning curve) beside the hidden-test pass rate per run, the share of first attempts that passed the "
          + "visible tests, mean attempts to success, tokens and cost."},
      exitCodeListHeading = "%nExit codes:%n",
      exitCodeList = {"0:the metrics were printed", HELP_BAD_INPUT, ExitCodes.HELP_INTERNAL},
      footerHeading = "%nExamples:%n",
      footer = {
          "  # The learning metrics of the newest bench session",
          "  ace metrics summary --last bench",
          "  # Every eval with the offline model, as one JSON object",
          "  ace metrics summary --kind eval --model reference --json"})
  // picocli injects @Spec and @Mixin before call().
  @SuppressWarnings("NullAway.Init")
  static final class Summary implements Callable<Integer> {
    private final Map<String, String> environment;

    @Spec CommandSpec spec;

    @Mixin Selection selection;

    @Option(names = "--json", order = 200, description = "Print exactly one JSON object on stdout.")
    boolean json;

    Summary(Map<String, String> environment) {
      this.environment = Map.copyOf(environment);
    }

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      try (History history = open(environment)) {
        SessionReport report = new SessionReport(history, selection.filter(history), Optional.empty());
        if (json) {
          out.println(report.json(fields(selection)));
        } else {
          report.printText(out, "learning metrics of " + report.rows().size() + " task results");
        }
        out.flush();
        return ExitCodes.OK;
      } catch (HistoryException e) {
        throw new BadInputException(e.getMessage());
      }
    }
  }

  /** {@code ace metrics export}. */
  @Command(name = "export", sortOptions = false,
      description = {"Write the selected rows in the original system's JSON shapes: benchmark_results.json, "
          + "ace_learning_metrics.json and ace_metrics_visualization.json."},
      exitCodeListHeading = "%nExit codes:%n",
      exitCodeList = {"0:the three files were written", HELP_BAD_INPUT, ExitCodes.HELP_INTERNAL},
      footerHeading = "%nExamples:%n",
      footer = {
          "  # The newest bench session in the original system's three JSON files",
          "  ace metrics export --last bench --out bench-report"})
  // picocli injects @Spec and @Mixin and sets the required --out before call().
  @SuppressWarnings("NullAway.Init")
  static final class Export implements Callable<Integer> {
    private final Map<String, String> environment;

    @Spec CommandSpec spec;

    @Mixin Selection selection;

    @Option(names = "--out", paramLabel = "DIR", order = 10, required = true,
        description = "The folder the three files are written to (created when absent; files replaced whole).")
    Path out;

    Export(Map<String, String> environment) {
      this.environment = Map.copyOf(environment);
    }

    @Override
    public Integer call() {
      PrintWriter err = spec.commandLine().getErr();
      Options.outputFolder("--out", out);
      try (History history = open(environment)) {
        SessionReport report = new SessionReport(history, selection.filter(history), Optional.empty());
        report.exportTo(out);
        err.println("ace: wrote " + report.rows().size() + " task results to " + out.toAbsolutePath());
        err.flush();
        return ExitCodes.OK;
      } catch (HistoryException e) {
        throw new BadInputException(e.getMessage());
      }
    }
  }

  /** {@code ace metrics sessions}. */
  @Command(name = "sessions", sortOptions = false,
      description = {"List the sessions in the history, oldest first: id (the short id that --session and "
          + "bench --resume take), kind, model, when it started (UTC), runs finished of those planned, and state: "
          + "finished, running (with its pid) or interrupted."},
      exitCodeListHeading = "%nExit codes:%n",
      exitCodeList = {"0:the sessions were listed", HELP_BAD_INPUT, ExitCodes.HELP_INTERNAL},
      footerHeading = "%nExamples:%n",
      footer = {
          "  # Every session, with the short ids that --session and bench --resume take",
          "  ace metrics sessions",
          "  # The bench sessions as JSON, for a script",
          "  ace metrics sessions --kind bench --json"})
  // picocli injects @Spec before call().
  @SuppressWarnings("NullAway.Init")
  static final class Sessions implements Callable<Integer> {
    private static final DateTimeFormatter STARTED =
        DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);
    private final Map<String, String> environment;

    @Spec CommandSpec spec;

    @Option(names = "--kind", paramLabel = "KIND", order = 1, description = "Only sessions of KIND: bench, solve "
        + "or eval.")
    @Nullable String kind;

    @Option(names = "--json", order = 200, description = "Print exactly one JSON object on stdout.")
    boolean json;

    Sessions(Map<String, String> environment) {
      this.environment = Map.copyOf(environment);
    }

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      AceHome home = AceHome.of(environment);
      Optional.ofNullable(kind).ifPresent(k -> requireKind("--kind", k));
      try (History history = open(environment)) {
        List<Session> sessions = history.sessions().stream()
            .filter(s -> kind == null || s.kind().equals(kind)).toList();
        if (json) {
          out.println(SessionsJson.of(sessions, home));
        } else if (sessions.isEmpty()) {
          out.println("no " + (kind == null ? "" : kind + " ") + "sessions in " + history.file());
        } else {
          String format = "%-8s  %-5s  %-24s  %-16s  %-5s  %s%n";
          out.printf(format, "ID", "KIND", "MODEL", "STARTED (UTC)", "RUNS", "STATE");
          for (Session session : sessions) {
            out.printf(format, session.sessionId().substring(0, Math.min(8, session.sessionId().length())),
                session.kind(), session.model(), STARTED.format(session.runs().get(0).startedAt()),
                finishedRuns(session) + "/" + session.plannedRuns(), state(home, session));
          }
        }
        out.flush();
        return ExitCodes.OK;
      } catch (HistoryException e) {
        throw new BadInputException(e.getMessage());
      }
    }

    private static long finishedRuns(Session session) {
      return session.runs().stream().filter(RunInfo::finished).map(RunInfo::runNumber).distinct().count();
    }

    private static String state(AceHome home, Session session) {
      if (session.complete()) {
        return "finished";
      }
      return SessionLock.holder(home, session.sessionId()).map(pid -> "running (pid " + pid + ")")
          .orElse(session.kind().equals("bench") ? "interrupted" : "interrupted (cannot resume)");
    }

    /**
     * {@code {"sessions": [...]}}. A class of its own: the verifier loads the types a method uses when it links the
     * class, and {@code ace --help} builds this command without printing JSON.
     */
    private static final class SessionsJson {
      static String of(List<Session> sessions, AceHome home) {
        ArrayNode array = JsonNodeFactory.instance.arrayNode();
        for (Session session : sessions) {
          ObjectNode node = array.addObject();
          node.put("session_id", session.sessionId());
          node.put("kind", session.kind());
          node.put("model", session.model());
          node.put("started", session.runs().get(0).startedAt().toString());
          node.put("runs_finished", finishedRuns(session));
          node.put("runs_planned", session.plannedRuns());
          node.put("state", state(home, session));
        }
        return JsonNodeFactory.instance.objectNode().set("sessions", array).toString();
      }
    }
  }

  private static Map<String, String> fields(Selection selection) {
    Map<String, String> fields = new LinkedHashMap<>();
    Optional.ofNullable(selection.session).ifPresent(v -> fields.put("session_id", v));
    Optional.ofNullable(selection.last).ifPresent(v -> fields.put("last", v));
    Optional.ofNullable(selection.kind).ifPresent(v -> fields.put("kind", v));
    Optional.ofNullable(selection.model).ifPresent(v -> fields.put("model", v));
    return fields;
  }
}
