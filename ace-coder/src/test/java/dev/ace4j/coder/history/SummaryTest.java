package dev.ace4j.coder.history;

import static dev.ace4j.coder.history.Fixtures.outcomes;
import static dev.ace4j.coder.history.Fixtures.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The learning metrics against numbers worked out by hand. */
class SummaryTest {

  @Test
  void measuresImprovementAsTheLaterHalfMinusTheEarlierHalf() {
    Summary summary = Summary.of(outcomes(1, false, false, true, true, true));

    // first half = rows 0..1 (0/2), second half = rows 2..4 (3/3)
    assertThat(summary.improvementRate()).isEqualTo(1.0);
  }

  @Test
  void putsTheMiddleRowOfAnOddCountInTheLaterHalf() {
    Summary summary = Summary.of(outcomes(1, true, false, true));

    // first half = [T] (1/1), second half = [F, T] (1/2): 0.5 - 1.0
    assertThat(summary.improvementRate()).isEqualTo(-0.5);
  }

  @Test
  void reportsNoImprovementForASingleRow() {
    assertThat(Summary.of(outcomes(1, true)).improvementRate()).isEqualTo(0.0);
  }

  @Test
  void givesZerosAndEmptiesForNoRows() {
    Summary summary = Summary.of(List.of());

    assertThat(summary.totalExecutions()).isZero();
    assertThat(summary.successRate()).isZero();
    assertThat(summary.improvementRate()).isZero();
    assertThat(summary.averageIterations()).isZero();
    assertThat(summary.firstAttemptPassRate()).isZero();
    assertThat(summary.meanAttemptsToSuccess()).isEmpty();
    assertThat(summary.taskTypeBreakdown()).isEmpty();
    assertThat(summary.learningCurve()).isEmpty();
    assertThat(summary.passRateByRun()).isEmpty();
    assertThat(summary.knownCostUsd()).isEqualByComparingTo("0");
    assertThat(summary.costComplete()).isTrue();
  }

  @Test
  void totalsSuccessesStrategiesIterationsAndTime() {
    // fixture: success -> 1 attempt, 0 learned; failure -> 3 attempts, 1 learned; 1.5 s each
    Summary summary = Summary.of(outcomes(1, true, false, false, true));

    assertThat(summary.totalExecutions()).isEqualTo(4);
    assertThat(summary.successfulExecutions()).isEqualTo(2);
    assertThat(summary.successRate()).isEqualTo(0.5);
    assertThat(summary.totalStrategiesLearned()).isEqualTo(2);
    assertThat(summary.averageIterations()).isEqualTo(2.0);
    assertThat(summary.totalExecutionTime()).isCloseTo(6.0, within(1e-9));
  }

  @Test
  void breaksDownByTaskTypeInOrderOfFirstAppearance() {
    List<TaskRow> rows = new ArrayList<>(outcomes(1, true, false, true, false));
    rows.set(0, Fixtures.withType(rows.get(0), "string"));
    rows.set(2, Fixtures.withType(rows.get(2), "string"));

    Map<String, TaskTypeStats> breakdown = Summary.of(rows).taskTypeBreakdown();

    assertThat(breakdown.keySet()).containsExactly("string", "algorithm");
    assertThat(breakdown.get("string")).isEqualTo(new TaskTypeStats(2, 2, 0, 1.0, 1.0));
    assertThat(breakdown.get("algorithm")).isEqualTo(new TaskTypeStats(2, 0, 2, 3.0, 0.0));
  }

  @Test
  void drawsTheLearningCurveAsTheCumulativeSuccessRate() {
    Summary summary = Summary.of(outcomes(1, false, true, true, false));

    assertThat(summary.learningCurve()).extracting(CurvePoint::successRate)
        .containsExactly(0.0, 0.5, 2.0 / 3, 0.5);
    assertThat(summary.learningCurve().get(1).timestamp())
        .isEqualTo((double) Fixtures.T0.getEpochSecond() + 1);
  }

  @Test
  void givesThePassRateOfEachRunInRunOrder() {
    List<TaskRow> rows = new ArrayList<>(outcomes(7, true, false, false, false));
    rows.addAll(outcomes(9, true, true, true, false));

    Summary summary = Summary.of(rows, Map.of(7L, 1, 9L, 2));

    assertThat(summary.passRateByRun()).containsExactly(new RunPassRate(1, 7, 4, 1, 0.25),
        new RunPassRate(2, 9, 4, 3, 0.75));
  }

  @Test
  void numbersRunsByIdOrderWhenTheirNumbersAreNotGiven() {
    List<TaskRow> rows = new ArrayList<>(outcomes(9, true));
    rows.addAll(outcomes(4, false));

    assertThat(Summary.of(rows).passRateByRun()).extracting(RunPassRate::runNumber, RunPassRate::runId)
        .containsExactly(tuple(1, 4L), tuple(2, 9L));
  }

  @Test
  void measuresTheFirstAttemptPassRateAndTheMeanAttemptsToSuccess() {
    List<TaskRow> rows = new ArrayList<>(outcomes(1, true, true, true, false));
    rows.set(1, Fixtures.withAttempts(rows.get(1), 2, false));
    rows.set(2, Fixtures.withAttempts(rows.get(2), 4, false));

    Summary summary = Summary.of(rows);

    assertThat(summary.firstAttemptPassRate()).isEqualTo(0.25);
    assertThat(summary.meanAttemptsToSuccess()).hasValueSatisfying(m -> assertThat(m).isEqualTo(7.0 / 3));
  }

  @Test
  void countsUnknownCostsInsteadOfGuessingThem() {
    List<TaskRow> rows = new ArrayList<>(outcomes(1, true, true, false));
    rows.set(1, Fixtures.withCost(rows.get(1), Optional.empty()));

    Summary summary = Summary.of(rows);

    assertThat(summary.knownCostUsd()).isEqualByComparingTo("0.0020");
    assertThat(summary.rowsWithUnknownCost()).isEqualTo(1);
    assertThat(summary.costComplete()).isFalse();
    assertThat(summary.inputTokens()).isEqualTo(300);
    assertThat(summary.outputTokens()).isEqualTo(150);
    assertThat(summary.render()).contains("cost: $0.0020 (unknown for 1 of 3 tasks, not included)");
  }

  @Test
  void writesItsJsonWithSnakeCaseKeys() {
    ObjectNode json = Summary.of(outcomes(1, false, true)).toJson();

    assertThat(json.get("total_executions").asInt()).isEqualTo(2);
    assertThat(json.get("improvement_rate").asDouble()).isEqualTo(1.0);
    assertThat(json.get("hidden_pass_rate_by_run").get(0).get("pass_rate").asDouble()).isEqualTo(0.5);
    assertThat(json.get("mean_attempts_to_success").asDouble()).isEqualTo(1.0);
    assertThat(json.get("known_cost_usd").decimalValue()).isEqualByComparingTo(new BigDecimal("0.0020"));
    assertThat(json.get("task_type_breakdown").get("algorithm").get("success_rate").asDouble()).isEqualTo(0.5);
  }

  @Test
  void rendersRatesAsPercentagesWithASignedImprovement() {
    List<TaskRow> rows = new ArrayList<>(outcomes(1, true, false));
    rows.add(task(2, "t9", false, 9));
    rows.add(task(2, "t8", false, 10));

    String text = Summary.of(rows).render();

    assertThat(text).contains("4 tasks, 1 passed the hidden tests (25.0%), improvement -50.0%")
        .contains("first attempt passed the visible tests: 25.0%")
        .contains("run 1: 1/2 passed the hidden tests (50.0%)")
        .contains("run 2: 0/2 passed the hidden tests (0.0%)")
        .contains("algorithm: 1/4 passed the hidden tests (25.0%)");
  }

  @Test
  void writesTimesAndRatesWithoutFloatingPointNoise() {
    List<TaskRow> rows = outcomes(1, true, true, true);
    List<TaskRow> timed = List.of(Fixtures.withDuration(rows.get(0), 1000), Fixtures.withDuration(rows.get(1), 1002),
        Fixtures.withDuration(rows.get(2), 1021));
    // Later half 7/10 passed, earlier half 6/10: 0.7 - 0.6 is 0.09999999999999998 in doubles.
    List<TaskRow> rates = outcomes(1, true, true, true, true, true, true, false, false, false, false,
        true, true, true, true, true, true, true, false, false, false);

    assertThat(Summary.of(timed).toJson().get("total_execution_time").toString()).isEqualTo("3.023");
    assertThat(Summary.of(rates).toJson().get("improvement_rate").toString()).isEqualTo("0.1");
  }
}
