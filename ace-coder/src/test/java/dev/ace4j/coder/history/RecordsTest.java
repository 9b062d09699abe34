package dev.ace4j.coder.history;

import static dev.ace4j.coder.history.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The history's values check and normalise what they are given. */
class RecordsTest {

  @Test
  void rejectsABlankTaskIdNamingTheField() {
    assertThatThrownBy(() -> new AttemptRow(1, " ", 1, 0, true, "ok", null, 0, 0, null, 0, "x"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("taskId");
    assertThatThrownBy(() -> Fixtures.task(1, "", true, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("taskId");
  }

  @Test
  void turnsNullOptionalsListsAndCodeIntoEmptyOnes() {
    AttemptRow attempt = new AttemptRow(1, "a", 1, 0, false, "no_code", null, 0, 0, null, 0, null);
    TaskRow task = new TaskRow(1, "a", "A", "t", "easy", "python", "m", false, false, 0, 0, 0, 0, null, 0, 0, 0, 0,
        0, 0, null, 0, null, false, T0);
    Filter filter = new Filter(null, null, null);

    assertThat(attempt.errorType()).isEmpty();
    assertThat(attempt.costUsd()).isEmpty();
    assertThat(attempt.code()).isEmpty();
    assertThat(task.errorType()).isEmpty();
    assertThat(task.costUsd()).isEmpty();
    assertThat(task.patternsFound()).isEmpty();
    assertThat(filter).isEqualTo(Filter.all());
  }

  @Test
  void rejectsARunNumberBelowOne() {
    assertThatThrownBy(() -> Fixtures.run("s", "bench", 0, 1, T0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("runNumber");
  }

  @Test
  void rejectsANegativeCount() {
    assertThatThrownBy(() -> new AttemptRow(1, "a", 1, 0, true, "ok", null, -1, 0, null, 0, ""))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("inputTokens");
  }

  @Test
  void buildsFiltersThatNarrowStepByStep() {
    Filter filter = Filter.session("s1").withKind("bench").withModel("m");

    assertThat(filter.sessionId()).contains("s1");
    assertThat(filter.kind()).contains("bench");
    assertThat(filter.model()).contains("m");
  }

  @Test
  void copiesThePatternsSoTheRowCannotChange() {
    List<String> patterns = new ArrayList<>(List.of("def "));
    TaskRow task = new TaskRow(1, "a", "A", "t", "easy", "python", "m", false, false, 0, 0, 0, 0, null, 0, 0, 0, 0,
        0, 0, null, 0, patterns, false, T0);
    patterns.add("class ");

    assertThat(task.patternsFound()).containsExactly("def ");
  }
}
