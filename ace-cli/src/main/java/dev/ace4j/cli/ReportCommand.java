package dev.ace4j.cli;

import dev.ace4j.coder.history.Filter;
import dev.ace4j.coder.history.History;
import dev.ace4j.coder.history.HistoryException;
import dev.ace4j.coder.history.Session;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ace report}: the learning history in ACE4J_HOME/ace.db as one self-contained HTML page of charts. */
@Command(name = "report", sortOptions = false,
    description = {"Write the learning history (ACE4J_HOME/ace.db) as one HTML file with charts: pass rate by run "
        + "(hidden and visible tests), first-attempt pass rate, success by difficulty, attempts to success, tokens "
        + "and cost per run, playbook size by version and by section, the most helpful and most harmful bullets, "
        + "and the failed tasks with their errors. The file fetches nothing: styles and charts (SVG) are inline, "
        + "and it follows the browser's light or dark mode. An empty history gives a page that says how to make one."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:the report was written (a page saying how to start, when the history is empty)",
        "2:bad input: an unknown session, no session of the --last kind, an unreadable ace.db, an unwritable --out "
            + "(one line on stderr says how to fix it)", ExitCodes.HELP_INTERNAL},
    footerHeading = "%nExamples:%n",
    footer = {
        "  # The newest bench session, in report.html",
        "  ace report --last bench",
        "  # One session, by the short id ace metrics sessions prints",
        "  ace report --session 1a2b3c4d --out session.html"})
// picocli injects @Spec before call().
@SuppressWarnings("NullAway.Init")
final class ReportCommand implements Callable<Integer> {
  static final String DEFAULT_FILE = "report.html";
  private final Map<String, String> environment;

  @Spec CommandSpec spec;

  @Option(names = "--session", paramLabel = "ID", order = 1,
      description = "One session (its id or the short id bench, eval and ace metrics sessions print). "
          + "Default: every session.")
  @Nullable String session;

  @Option(names = "--last", paramLabel = "KIND", order = 2,
      description = "The newest session of KIND: bench, solve or eval.")
  @Nullable String last;

  @Option(names = "--out", paramLabel = "FILE", order = 3,
      description = "The HTML file to write (replaced whole; a folder gets " + DEFAULT_FILE + " in it). "
          + "Default: ${DEFAULT-VALUE}.")
  Path out = Path.of(DEFAULT_FILE);

  ReportCommand(Map<String, String> environment) {
    this.environment = Map.copyOf(environment);
  }

  @Override
  public Integer call() {
    if (session != null && last != null) {
      throw new BadInputException("--session and --last both pick a session: give one of them");
    }
    if (last != null) {
      MetricsCommand.requireKind("--last", last);
    }
    Path target = Options.outputFile("--out", out, DEFAULT_FILE);
    Path database = AceHome.of(environment).database();
    String html = Files.isRegularFile(database) ? report(database) : missing(database);
    Options.writeWhole("--out", target, html);
    PrintWriter err = spec.commandLine().getErr();
    err.println("ace: wrote " + target.toAbsolutePath());
    err.flush();
    return ExitCodes.OK;
  }

  private String missing(Path database) {
    if (session != null) {
      throw new BadInputException("--session " + session + ": no such session: " + database + " does not exist "
          + "yet (run ace bench, ace solve or ace eval first, or set ACE4J_HOME to where they ran)");
    }
    return ReportPage.empty(database.toString());
  }

  private String report(Path database) {
    try (History history = History.openReadOnly(database)) {
      boolean empty = history.tasks(Filter.all()).isEmpty();
      if (empty && session == null) {
        return ReportPage.empty(database.toString());
      }
      Filter filter = Filter.all();
      String scope = "every session in " + database;
      if (session != null) {
        Session picked = history.session(session);
        filter = filter.withSession(picked.sessionId());
        scope = describe(picked);
      } else if (last != null) {
        String kind = last;
        Session newest = history.lastSession(kind).orElseThrow(() -> new BadInputException("--last " + kind
            + ": no " + kind + " session in " + database + " yet: run ace " + kind + " first, or leave --last out"));
        filter = filter.withSession(newest.sessionId());
        scope = describe(newest);
      }
      ReportData data = ReportData.read(history, filter, scope);
      return ReportPage.of(data, ReportCharts.of(data));
    } catch (HistoryException e) {
      throw new BadInputException(e.getMessage());
    }
  }

  private static String describe(Session session) {
    return session.kind() + " session " + session.sessionId() + ", model " + session.model() + ", "
        + session.runs().size() + " of " + session.plannedRuns() + " runs";
  }
}
