package dev.ace4j.cli;

import dev.ace4j.coder.history.AttemptRow;
import dev.ace4j.coder.history.Filter;
import dev.ace4j.coder.history.History;
import dev.ace4j.coder.history.RunInfo;
import dev.ace4j.coder.history.Session;
import dev.ace4j.coder.history.TaskRow;
import dev.ace4j.core.Playbook;
import dev.ace4j.core.PlaybookFormatException;
import dev.ace4j.core.PlaybookJson;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What {@code ace report} draws, read once from the history: the selected task rows, each run's counts, the failed
 * tasks with their last attempt, and the playbook the newest selected session learned into (when its file is there).
 *
 * @param scope what the rows are, for the page's heading
 * @param runs in the order the runs started
 * @param playbookNote why there is no playbook, or which file it is
 */
record ReportData(String scope, List<TaskRow> rows, List<RunStats> runs, List<FailedTask> failed,
    Optional<Playbook> playbook, String playbookNote) {

  /**
   * One run's counts.
   *
   * @param label the run as the charts name it: its number, after the session's short id when several sessions
   *     are shown
   * @param visible tasks whose last attempt passed the visible tests
   * @param firstAttempt tasks whose first attempt passed the visible tests
   * @param unknownCost tasks whose cost is unknown and left out of {@code knownCostUsd}
   */
  record RunStats(String label, int tasks, int hidden, int visible, int firstAttempt, long inputTokens,
      long outputTokens, BigDecimal knownCostUsd, int unknownCost) {}

  /** A task that did not pass its hidden tests, with what went wrong. */
  record FailedTask(String run, TaskRow row, String error) {}

  static ReportData read(History history, Filter filter, String scope) {
    List<TaskRow> rows = history.tasks(filter);
    Map<Long, String> labels = runLabels(history, filter, rows);
    Map<Long, List<TaskRow>> byRun = new LinkedHashMap<>();
    labels.keySet().forEach(id -> byRun.put(id, new ArrayList<>()));
    rows.forEach(row -> byRun.computeIfAbsent(row.runId(), id -> new ArrayList<>()).add(row));
    List<RunStats> runs = new ArrayList<>();
    List<FailedTask> failed = new ArrayList<>();
    byRun.forEach((runId, runRows) -> {
      if (runRows.isEmpty()) {
        return;
      }
      Map<String, AttemptRow> last = lastAttempts(history.attempts(runId));
      String label = labels.getOrDefault(runId, "run id " + runId);
      runs.add(stats(label, runRows, last));
      runRows.stream().filter(row -> !row.success())
          .forEach(row -> failed.add(new FailedTask(label, row, error(row, last.get(row.taskId())))));
    });
    Optional<Path> playbookFile = newestSession(history, filter, rows).map(s -> Path.of(s.runs().get(0).playbook()));
    Optional<Playbook> playbook = playbookFile.flatMap(ReportData::readPlaybook);
    String note = playbookFile.map(file -> playbook.isPresent() ? "playbook " + file
        : "playbook file " + file + " could not be read").orElse("no playbook file is named in the history");
    return new ReportData(scope, rows, runs, failed, playbook, note);
  }

  private static RunStats stats(String label, List<TaskRow> rows, Map<String, AttemptRow> last) {
    int visible = (int) rows.stream()
        .filter(row -> Optional.ofNullable(last.get(row.taskId())).map(AttemptRow::passed).orElse(false)).count();
    return new RunStats(label, rows.size(), (int) rows.stream().filter(TaskRow::success).count(), visible,
        (int) rows.stream().filter(TaskRow::firstAttemptPassed).count(),
        rows.stream().mapToLong(TaskRow::inputTokens).sum(), rows.stream().mapToLong(TaskRow::outputTokens).sum(),
        rows.stream().flatMap(r -> r.costUsd().stream()).reduce(BigDecimal.ZERO, BigDecimal::add),
        (int) rows.stream().filter(r -> r.costUsd().isEmpty()).count());
  }

  /** Each task's attempt with the highest number. */
  private static Map<String, AttemptRow> lastAttempts(List<AttemptRow> attempts) {
    Map<String, AttemptRow> last = new HashMap<>();
    attempts.forEach(a -> last.merge(a.taskId(), a, (x, y) -> y.attempt() >= x.attempt() ? y : x));
    return last;
  }

  private static String error(TaskRow row, @Nullable AttemptRow last) {
    String hidden = "hidden tests " + row.hiddenPassed() + "/" + row.hiddenTotal() + " passed";
    if (last == null) {
      return row.errorType().map(e -> e + "; ").orElse("") + hidden;
    }
    String attempt = "last attempt: " + last.status() + last.errorType().map(e -> " (" + e + ")").orElse("");
    return row.errorType().map(e -> e + "; ").orElse("") + attempt + "; " + hidden;
  }

  /** Run labels by run id, in the order the runs started; the session's short id only when several are shown. */
  private static Map<Long, String> runLabels(History history, Filter filter, List<TaskRow> rows) {
    List<Session> sessions = sessions(history, filter, rows);
    Map<Long, String> labels = new LinkedHashMap<>();
    boolean several = sessions.size() > 1;
    for (Session session : sessions) {
      String prefix = several ? session.sessionId().substring(0, Math.min(8, session.sessionId().length())) + " "
          : "";
      for (RunInfo run : session.runs()) {
        labels.put(run.runId(), prefix + "run " + run.runNumber());
      }
    }
    return labels;
  }

  /** The sessions that hold some of {@code rows}, the one that started first first. */
  private static List<Session> sessions(History history, Filter filter, List<TaskRow> rows) {
    if (filter.sessionId().isPresent()) {
      return List.of(history.session(filter.sessionId().get()));
    }
    var runIds = rows.stream().map(TaskRow::runId).distinct().toList();
    return history.sessions().stream()
        .filter(s -> s.runs().stream().anyMatch(run -> runIds.contains(run.runId()))).toList();
  }

  private static Optional<Session> newestSession(History history, Filter filter, List<TaskRow> rows) {
    List<Session> sessions = sessions(history, filter, rows);
    return sessions.isEmpty() ? Optional.empty() : Optional.of(sessions.get(sessions.size() - 1));
  }

  private static Optional<Playbook> readPlaybook(Path file) {
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      return Optional.of(PlaybookJson.read(file));
    } catch (PlaybookFormatException | UncheckedIOException e) {
      return Optional.empty();
    }
  }
}
