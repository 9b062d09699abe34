package dev.ace4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ace4j.coder.history.AttemptRow;
import dev.ace4j.coder.history.Filter;
import dev.ace4j.coder.history.History;
import dev.ace4j.coder.history.RunPassRate;
import dev.ace4j.coder.history.RunStart;
import dev.ace4j.coder.history.TaskRow;
import dev.ace4j.core.Bullet;
import dev.ace4j.core.Playbook;
import dev.ace4j.core.PlaybookJson;
import dev.ace4j.core.Provenance;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ace report}: one self-contained HTML page of charts from the history that bench, solve and eval wrote. */
class ReportCommandTest {
  private static final List<String> CHARTS = List.of("Pass rate by run", "First-attempt pass rate by run",
      "Success by difficulty", "Attempts to success", "Tokens per run", "Cost per run", "Playbook size by version",
      "Playbook bullets by section", "Most helpful bullets", "Most harmful bullets");
  private static final String HOSTILE_ERROR = "<script>alert('error')</script>";
  private static final String HOSTILE_NAME = "<img src=x onerror=alert(1)>";
  private static final String BENCH = "aaaa1111-bench";
  private static final String EVAL = "bbbb2222-eval";

  @TempDir Path home;

  private Map<String, String> environment() {
    return Map.of("ACE4J_HOME", home.toString());
  }

  private String report(String... options) throws IOException {
    Path out = home.resolve("report.html");
    String[] args = new String[options.length + 3];
    args[0] = "report";
    System.arraycopy(options, 0, args, 1, options.length);
    args[options.length + 1] = "--out";
    args[options.length + 2] = out.toString();
    AceRun run = AceRun.withEnvironment(environment(), args);
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.errLines()).singleElement().asString().contains("wrote " + out);
    return Files.readString(out);
  }

  @Test
  void drawsEveryChartAsAnSvgWithItsTitle() throws IOException {
    writeHistory();

    String html = report();

    for (String chart : CHARTS) {
      assertThat(html).as(chart).contains("<h2>" + chart + "</h2>\n<figure>\n<svg ")
          .containsPattern("<svg [^>]*role=\"img\"><title>" + chart + "</title>");
    }
    assertThat(html.split("<svg ", -1)).hasSize(CHARTS.size() + 1);
    assertThat(html).contains("<h2>Failed tasks</h2>");
  }

  @Test
  void showsThePassRatesOfEachRunAsTheHistoryHoldsThem() throws IOException {
    writeHistory();
    List<RunPassRate> runs;
    try (History history = History.openReadOnly(home.resolve("ace.db"))) {
      runs = history.summary(Filter.all()).passRateByRun();
    }

    String html = report();

    assertThat(runs).extracting(RunPassRate::passRate).containsExactly(0.5, 0.75, 0.25);
    List<String> labels = List.of("aaaa1111 run 1", "aaaa1111 run 2", "bbbb2222 run 1");
    for (int i = 0; i < runs.size(); i++) {
      RunPassRate run = runs.get(i);
      assertThat(html).contains("<tr><td>" + labels.get(i) + "</td><td>" + run.tasks() + "</td><td>"
          + run.passed() + "</td><td>" + String.format(Locale.ROOT, "%.1f%%", run.passRate() * 100) + "</td>");
    }
    // Visible tests: the last attempt of 3, 4 and 2 of the 4 tasks passed them; first attempts: 2, 3 and 1.
    assertThat(html).contains("<td>aaaa1111 run 1</td><td>4</td><td>2</td><td>50.0%</td><td>3</td><td>75.0%</td>",
        "<td>bbbb2222 run 1</td><td>4</td><td>1</td><td>25.0%</td><td>2</td><td>50.0%</td>",
        "<tr><td>aaaa1111 run 2</td><td>4</td><td>3</td><td>75.0%</td></tr>",
        "<b>12</b>task results", "<b>50.0%</b>passed every hidden test",
        "<tr><td>hard</td><td>6</td><td>1</td><td>16.7%</td></tr>",
        "<tr><td>aaaa1111 run 2</td><td>4000</td><td>1000</td></tr>",
        "<tr><td>rules</td><td>2</td></tr>");
  }

  @Test
  void escapesTheTextOfTheHistoryAndThePlaybook() throws IOException {
    writeHistory();

    String html = report();

    assertThat(html).doesNotContain("<script", "<img")
        .contains("&lt;script&gt;alert(&#39;error&#39;)&lt;/script&gt;", "&lt;img src=x onerror=alert(1)&gt;",
            "use &lt;/table&gt; carefully");
  }

  @Test
  void fetchesNothingFromTheNetwork() throws IOException {
    writeHistory();

    String html = report();

    assertThat(html).doesNotContainIgnoringCase("http://").doesNotContainIgnoringCase("https://")
        .doesNotContain("<script", "<link", "<img", "@import", "src=\"").doesNotContainPattern("url\\((?!#)");
  }

  @Test
  void reportsTheNewestSessionOfAKindAlone() throws IOException {
    writeHistory();

    String html = report("--last", "bench");

    assertThat(html).contains("bench session " + BENCH, "<td>run 2</td>").doesNotContain("bbbb2222");
  }

  @Test
  void anEmptyHistoryGivesAPageThatSaysHowToMakeOne() throws IOException {
    String html = report();

    assertThat(html).contains("No learning history yet", "ace bench --model reference --runs 1")
        .doesNotContain("<svg");
    assertThat(home.resolve("ace.db")).as("a report creates no history").doesNotExist();
  }

  @Test
  void refusesAnUnknownSessionInOneLineAndWritesNothing() throws IOException {
    writeHistory();
    Path out = home.resolve("report.html");

    AceRun run = AceRun.withEnvironment(environment(), "report", "--session", "nope", "--out", out.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.errLines()).singleElement().asString().contains("no session 'nope'");
    assertThat(out).doesNotExist();
  }

  @Test
  void chartsARealBenchSessionWithTheRatesMetricsPrints() throws IOException {
    AceRun bench = AceRun.withEnvironment(environment(), "bench", "--model", "reference", "--runs", "2");
    assertThat(bench.exitCode()).as(bench.err()).isIn(0, 1);
    AceRun metrics = AceRun.withEnvironment(environment(), "metrics", "summary", "--last", "bench");

    String html = report("--last", "bench");

    // "run 1: 6/8 passed the hidden tests (75.0%)" becomes the row "run 1, 8 tasks, 6 passed, 75.0%".
    List<String> runLines = metrics.out().lines().filter(line -> line.matches("run \\d+: .*")).toList();
    assertThat(runLines).hasSize(2);
    for (String line : runLines) {
      String[] parts = line.split("[:/ ()]+");
      assertThat(html).contains("<tr><td>run " + parts[1] + "</td><td>" + parts[3] + "</td><td>" + parts[2]
          + "</td><td>" + line.substring(line.indexOf('(') + 1, line.indexOf(')')) + "</td>");
    }
    // The offline reference model learns no bullet and uses no token: six charts say so instead of drawing zeros.
    assertThat(html.split("<svg ", -1)).hasSize(4 + 1);
    assertThat(html).contains("Not charted: no run used a token", "Not charted: no run has a known cost above 0 USD",
        "Not charted: the playbook held no active bullet after any task", "Not charted: the playbook has no active "
        + "bullet.", "Not charted: no bullet was called helpful yet.", "Not charted: no bullet was called harmful yet.");
  }

  /**
   * Two sessions: a bench of two runs (2 then 3 of 4 tasks passed the hidden tests) and an eval of one (1 of 4),
   * whose playbook holds bullets with verdicts; a failed task's name and error are hostile HTML.
   */
  private void writeHistory() throws IOException {
    Path benchPlaybook = home.resolve("playbooks/bench.json");
    Path evalPlaybook = home.resolve("playbooks/eval.json");
    try (History history = History.open(home.resolve("ace.db"))) {
      long run1 = history.startRun(run(BENCH, "bench", benchPlaybook, 1, 2, "2026-12-01T10:00:00Z"));
      tasks(history, run1, "2026-12-01T10:01:00Z", new boolean[] {true, true, false, false},
          new boolean[] {true, true, true, false}, new boolean[] {true, true, false, false}, 1);
      history.finishRun(run1, Instant.parse("2026-12-01T10:05:00Z"));
      long run2 = history.startRun(run(BENCH, "bench", benchPlaybook, 2, 2, "2026-12-01T10:06:00Z"));
      tasks(history, run2, "2026-12-01T10:07:00Z", new boolean[] {true, true, true, false},
          new boolean[] {true, true, true, true}, new boolean[] {true, true, true, false}, 2);
      history.finishRun(run2, Instant.parse("2026-12-01T10:10:00Z"));
      long eval = history.startRun(run(EVAL, "eval", evalPlaybook, 1, 1, "2026-12-02T10:00:00Z"));
      tasks(history, eval, "2026-12-02T10:01:00Z", new boolean[] {true, false, false, false},
          new boolean[] {true, true, false, false}, new boolean[] {true, false, false, false}, 3);
      history.finishRun(eval, Instant.parse("2026-12-02T10:05:00Z"));
    }
    Instant now = Instant.parse("2026-12-02T10:05:00Z");
    Files.createDirectories(evalPlaybook.getParent());
    PlaybookJson.write(new Playbook(5, 4, List.of("rules", "pitfalls"), List.of(
        bullet("rules-00001", "rules", "check the empty input first", 6, 1, now),
        bullet("rules-00002", "rules", "use </table> carefully", 2, 0, now),
        bullet("pitfalls-00003", "pitfalls", "recursion depth runs out on long lists", 1, 4, now))), evalPlaybook);
  }

  private static Bullet bullet(String id, String section, String content, int helpful, int harmful, Instant now) {
    return new Bullet(id, section, content, helpful, harmful, 0, now, now, Bullet.Status.ACTIVE, 1,
        Provenance.of("t", EVAL), List.of());
  }

  private static RunStart run(String session, String kind, Path playbook, int number, int planned, String at) {
    return new RunStart(session, kind, "builtin", "reference", playbook.toString(), 0, number, planned,
        Instant.parse(at));
  }

  /**
   * Four tasks (easy, medium, hard, hard) of run {@code runId}: which passed the hidden tests, which passed the
   * visible tests at their last attempt (the second, after a failed first) and which at their first; the playbook
   * grows by one bullet per task from {@code versionBase}.
   */
  private static void tasks(History history, long runId, String finishedAt, boolean[] hidden, boolean[] visible,
      boolean[] first, int versionBase) {
    List<String> difficulties = List.of("easy", "medium", "hard", "hard");
    for (int i = 0; i < 4; i++) {
      String id = "task_" + i;
      int attempts = first[i] ? 1 : 2;
      history.recordAttempt(attempt(runId, id, 1, first[i]));
      if (attempts == 2) {
        history.recordAttempt(attempt(runId, id, 2, visible[i]));
      }
      long version = versionBase * 4L + i;
      history.finishTask(new TaskRow(runId, id, i == 3 ? HOSTILE_NAME : "task " + i, id, difficulties.get(i), "python",
          "reference", hidden[i], first[i], attempts, attempts - 1, hidden[i] ? 5 : 2, 5,
          hidden[i] ? Optional.empty() : Optional.of(i == 3 ? HOSTILE_ERROR : "hidden_tests_failed"), 1, 1, version,
          (int) version, 1000, 250, Optional.of(new BigDecimal("0.0125")), 1200, List.of(), hidden[i],
          Instant.parse(finishedAt).plusSeconds(i)));
    }
  }

  private static AttemptRow attempt(long runId, String taskId, int number, boolean passed) {
    return new AttemptRow(runId, taskId, number, 0, passed, passed ? "ok" : "error",
        passed ? Optional.empty() : Optional.of("AssertionError"), 0, 0, Optional.empty(), 100, "print(1)");
  }
}
