package dev.ace4j.coder.history;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The learning metrics of some task rows. The first seven components reproduce the original system's
 * {@code get_aggregated_metrics}; the rest say more: the hidden-test pass rate run over run (where learning shows on
 * a fixed suite), the share of first attempts that passed the visible tests, and tokens and cost with unknown prices
 * counted rather than guessed. A success is a task whose program passed every hidden test.
 *
 * @param successfulExecutions rows whose program passed every hidden test (the score)
 * @param totalExecutionTime seconds
 * @param averageIterations mean attempts per task
 * @param improvementRate success rate of the later half of the rows minus that of the earlier half; may be negative
 * @param taskTypeBreakdown in order of first appearance
 * @param learningCurve one point per row, cumulative
 * @param passRateByRun the share of each run's rows that passed the hidden tests
 * @param firstAttemptPassRate the share of rows whose first program passed the visible tests (what the learner saw)
 * @param meanAttemptsToSuccess mean attempts over successful rows; empty when none succeeded
 * @param knownCostUsd the sum of the costs that are known
 * @param rowsWithUnknownCost rows whose cost is unknown and so left out of {@code knownCostUsd}
 */
public record Summary(int totalExecutions, int successfulExecutions, double successRate, double improvementRate,
    long totalStrategiesLearned, double averageIterations, double totalExecutionTime,
    Map<String, TaskTypeStats> taskTypeBreakdown, List<CurvePoint> learningCurve, List<RunPassRate> passRateByRun,
    double firstAttemptPassRate, Optional<Double> meanAttemptsToSuccess, long inputTokens, long outputTokens,
    BigDecimal knownCostUsd, int rowsWithUnknownCost) {

  public Summary {
    taskTypeBreakdown = taskTypeBreakdown == null ? Map.of()
        : Collections.unmodifiableMap(new LinkedHashMap<>(taskTypeBreakdown));
    learningCurve = learningCurve == null ? List.of() : List.copyOf(learningCurve);
    passRateByRun = passRateByRun == null ? List.of() : List.copyOf(passRateByRun);
    meanAttemptsToSuccess = meanAttemptsToSuccess == null ? Optional.empty() : meanAttemptsToSuccess;
    knownCostUsd = knownCostUsd == null ? BigDecimal.ZERO : knownCostUsd;
  }

  /**
   * The summary of {@code rows}, taken as chronological; runs are numbered 1, 2, ... in run id order, for rows
   * whose runs are not at hand ({@link History#summary} numbers them as the runs were recorded).
   */
  public static Summary of(List<TaskRow> rows) {
    return of(rows, Aggregates.positionalRunNumbers(rows));
  }

  /** The summary of {@code rows}, taken as chronological, with each run's number from {@code runNumbers}. */
  public static Summary of(List<TaskRow> rows, Map<Long, Integer> runNumbers) {
    return of(rows, runNumbers, Map.of());
  }

  /**
   * The summary of {@code rows}, taken as chronological, with each run's number from {@code runNumbers} and its
   * session from {@code runSessions}: rows of several sessions are reported run by run, labelled by session.
   */
  public static Summary of(List<TaskRow> rows, Map<Long, Integer> runNumbers, Map<Long, String> runSessions) {
    Objects.requireNonNull(runSessions, "runSessions is null: pass an empty map when the sessions are not at hand");
    Objects.requireNonNull(rows, "rows is null: pass an empty list for no rows");
    Objects.requireNonNull(runNumbers, "runNumbers is null: pass an empty map to number runs by id order");
    int n = rows.size();
    int successes = Aggregates.successes(rows);
    List<Double> cumulative = Aggregates.cumulativeSuccessRates(rows);
    List<CurvePoint> curve = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      curve.add(new CurvePoint(Aggregates.epochSeconds(rows.get(i).finishedAt()), cumulative.get(i)));
    }
    Map<Long, Integer> fallback = Aggregates.positionalRunNumbers(rows);
    List<TaskRow> successful = rows.stream().filter(TaskRow::success).toList();
    return new Summary(n, successes, Aggregates.rate(successes, n), Aggregates.improvementRate(rows),
        rows.stream().mapToLong(TaskRow::strategiesLearned).sum(),
        Aggregates.rate(rows.stream().mapToLong(TaskRow::attempts).sum(), n),
        // Summed in milliseconds: a sum of doubles prints as 3.0620000000000003 where 3.062 was meant.
        rows.stream().mapToLong(TaskRow::durationMillis).sum() / 1000.0,
        Aggregates.breakdown(rows), curve,
        Aggregates.passRateByRun(rows, id -> runNumbers.getOrDefault(id, fallback.get(id)),
            id -> runSessions.getOrDefault(id, "")),
        Aggregates.rate(rows.stream().filter(TaskRow::firstAttemptPassed).count(), n),
        successful.isEmpty() ? Optional.empty()
            : Optional.of(successful.stream().mapToInt(TaskRow::attempts).average().orElseThrow()),
        rows.stream().mapToLong(TaskRow::inputTokens).sum(), rows.stream().mapToLong(TaskRow::outputTokens).sum(),
        rows.stream().flatMap(r -> r.costUsd().stream()).reduce(BigDecimal.ZERO, BigDecimal::add),
        (int) rows.stream().filter(r -> r.costUsd().isEmpty()).count());
  }

  /**
   * This summary with {@code value} as the strategies learned: the bullets the rows' lessons added that are still
   * active in the playbook they learned into, which only that playbook can tell (the rows know what was active right
   * after each task, not what later tasks removed or merged).
   */
  public Summary withStrategiesLearned(long value) {
    return new Summary(totalExecutions, successfulExecutions, successRate, improvementRate, value, averageIterations,
        totalExecutionTime, taskTypeBreakdown, learningCurve, passRateByRun, firstAttemptPassRate,
        meanAttemptsToSuccess, inputTokens, outputTokens, knownCostUsd, rowsWithUnknownCost);
  }

  /** Whether {@link #knownCostUsd} is the whole cost: no row has an unknown price. */
  public boolean costComplete() {
    return rowsWithUnknownCost == 0;
  }

  /** Everything above as JSON with snake_case keys, for {@code --json} output. */
  public ObjectNode toJson() {
    JsonNodeFactory json = JsonNodeFactory.instance;
    ObjectNode node = json.objectNode();
    node.put("total_executions", totalExecutions);
    node.put("successful_executions", successfulExecutions);
    node.put("success_rate", successRate);
    node.put("improvement_rate", improvementRate);
    node.put("total_strategies_learned", totalStrategiesLearned);
    node.put("average_iterations", averageIterations);
    node.put("total_execution_time", totalExecutionTime);
    node.set("task_type_breakdown", breakdownJson());
    node.set("learning_curve", learningCurveJson());
    node.set("hidden_pass_rate_by_run", passRateByRunJson());
    node.put("first_attempt_visible_pass_rate", firstAttemptPassRate);
    meanAttemptsToSuccess.ifPresentOrElse(mean -> node.put("mean_attempts_to_success", mean),
        () -> node.putNull("mean_attempts_to_success"));
    node.put("input_tokens", inputTokens);
    node.put("output_tokens", outputTokens);
    node.put("known_cost_usd", knownCostUsd);
    node.put("rows_with_unknown_cost", rowsWithUnknownCost);
    return node;
  }

  /** A few lines for a terminal: totals, rates, the pass rate of each run and of each task type. */
  public String render() {
    StringBuilder text = new StringBuilder();
    text.append(String.format(Locale.ROOT,
        "%d tasks, %d passed the hidden tests (%s), improvement %s (later half vs earlier)%n", totalExecutions,
        successfulExecutions, percent(successRate), signedPercent(improvementRate)));
    text.append(String.format(Locale.ROOT,
        "first attempt passed the visible tests: %s; mean attempts of the tasks that passed the hidden tests: %s%n",
        percent(firstAttemptPassRate),
        meanAttemptsToSuccess.map(m -> String.format(Locale.ROOT, "%.2f", m)).orElse("none passed")));
    text.append(String.format(Locale.ROOT, "tokens: %d in, %d out; cost: $%s%s%n", inputTokens, outputTokens,
        knownCostUsd.toPlainString(), costComplete() ? ""
            : " (unknown for " + rowsWithUnknownCost + " of " + totalExecutions + " tasks, not included)"));
    boolean severalSessions = passRateByRun.stream().map(RunPassRate::sessionId).distinct().count() > 1;
    for (RunPassRate run : passRateByRun) {
      String session = severalSessions && !run.sessionId().isEmpty()
          ? "session " + run.sessionId().substring(0, Math.min(8, run.sessionId().length())) + " "
          : "";
      text.append(String.format(Locale.ROOT, "%srun %d: %d/%d passed the hidden tests (%s)%n", session,
          run.runNumber(), run.passed(), run.tasks(), percent(run.passRate())));
    }
    taskTypeBreakdown.forEach((type, stats) -> text.append(String.format(Locale.ROOT,
        "%s: %d/%d passed the hidden tests (%s), %.2f attempts on average%n", type.isEmpty() ? "(no type)" : type,
        stats.successes(), stats.count(), percent(stats.successRate()), stats.avgIterations())));
    return text.toString();
  }

  ObjectNode breakdownJson() {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    taskTypeBreakdown.forEach((type, stats) -> {
      ObjectNode entry = node.putObject(type);
      entry.put("count", stats.count());
      entry.put("successes", stats.successes());
      entry.put("strategies_learned", stats.strategiesLearned());
      entry.put("avg_iterations", stats.avgIterations());
      entry.put("success_rate", stats.successRate());
    });
    return node;
  }

  ArrayNode learningCurveJson() {
    ArrayNode array = JsonNodeFactory.instance.arrayNode();
    learningCurve.forEach(point -> array.addObject()
        .put("timestamp", point.timestamp())
        .put("success_rate", point.successRate()));
    return array;
  }

  ArrayNode passRateByRunJson() {
    ArrayNode array = JsonNodeFactory.instance.arrayNode();
    passRateByRun.forEach(run -> array.addObject()
        .put("session_id", run.sessionId())
        .put("run_number", run.runNumber())
        .put("run_id", run.runId())
        .put("tasks", run.tasks())
        .put("passed", run.passed())
        .put("pass_rate", run.passRate()));
    return array;
  }

  private static String percent(double rate) {
    return String.format(Locale.ROOT, "%.1f%%", rate * 100);
  }

  private static String signedPercent(double rate) {
    return String.format(Locale.ROOT, "%+.1f%%", rate * 100);
  }
}
