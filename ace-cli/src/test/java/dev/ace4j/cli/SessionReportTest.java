package dev.ace4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ace4j.coder.history.Filter;
import dev.ace4j.coder.history.History;
import dev.ace4j.coder.history.RunStart;
import dev.ace4j.coder.history.TaskRow;
import dev.ace4j.core.DeltaBatch;
import dev.ace4j.core.Operation;
import dev.ace4j.core.Playbook;
import dev.ace4j.core.Provenance;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a session report counts as learned: the session's bullets that are still in the playbook. */
class SessionReportTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
  private static final String SESSION = "session-1";

  @TempDir Path folder;

  @Test
  void strategiesLearnedAreTheSessionsBulletsStillActiveInThePlaybook() throws IOException {
    try (History history = threeTasksThatEachAddedABullet()) {
      SessionReport report = new SessionReport(history, Filter.session(SESSION), Optional.of(oneOfThreeLeft()));
      report.exportTo(folder.resolve("exports"));

      assertThat(report.json(Map.of()).at("/summary/total_strategies_learned").asLong()).isEqualTo(1);
      assertThat(exported(SessionReport.BENCHMARK_RESULTS).at("/summary/total_strategies_learned").asLong())
          .isEqualTo(1);
      assertThat(exported(SessionReport.VISUALIZATION).at("/summary/total_strategies_learned").asLong())
          .isEqualTo(1);
    }
  }

  @Test
  void withoutThePlaybookCountsWhatEachTaskLeftActiveWhenItFinished() throws IOException {
    try (History history = threeTasksThatEachAddedABullet()) {
      SessionReport report = new SessionReport(history, Filter.session(SESSION), Optional.empty());

      assertThat(report.json(Map.of()).at("/summary/total_strategies_learned").asLong()).isEqualTo(3);
    }
  }

  private History threeTasksThatEachAddedABullet() {
    History history = History.open(folder.resolve("ace.db"));
    long run = history.startRun(new RunStart(SESSION, "bench", "builtin", "m", "p.json", 0, 1, 1, T0));
    for (String task : List.of("a", "b", "c")) {
      history.finishTask(new TaskRow(run, task, task, task, "easy", "python", "m", false, false, 1, 1, 0, 5,
          Optional.of("tests_failed"), 0, 1, 1, 1, 10, 10, Optional.empty(), 100, List.of(), false, T0));
    }
    return history;
  }

  /** Three bullets the session added and two a later curation removed, beside one from another session. */
  private static Playbook oneOfThreeLeft() {
    Playbook playbook = Playbook.empty()
        .apply(new DeltaBatch("", List.of(Operation.Add.of("s", "from before")), Provenance.of("x", "other")), T0);
    for (String task : List.of("a", "b", "c")) {
      playbook = playbook.apply(new DeltaBatch("", List.of(Operation.Add.of("s", "lesson of " + task)),
          Provenance.of(task, SESSION)), T0);
    }
    List<String> ids = playbook.active().stream().map(b -> b.id()).toList();
    return playbook.apply(DeltaBatch.of(new Operation.Remove(ids.get(1), ""), new Operation.Remove(ids.get(2), "")),
        T0);
  }

  private JsonNode exported(String name) throws IOException {
    return JSON.readTree(folder.resolve("exports").resolve(name).toFile());
  }
}
