package dev.ace4j.coder.history;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/** The arithmetic {@link Summary} and {@link MetricsExport} share, so the file and the screen agree. */
final class Aggregates {
  private Aggregates() {}

  static double rate(long part, long whole) {
    return whole == 0 ? 0.0 : (double) part / whole;
  }

  static int successes(List<TaskRow> rows) {
    return (int) rows.stream().filter(TaskRow::success).count();
  }

  /** Epoch seconds with fraction, as Python's {@code time.time()} gives them to the original. */
  static double epochSeconds(Instant instant) {
    return instant.getEpochSecond() + instant.getNano() / 1e9;
  }

  /** After each row, the success rate of it and every row before it. */
  static List<Double> cumulativeSuccessRates(List<TaskRow> rows) {
    List<Double> rates = new ArrayList<>(rows.size());
    int successes = 0;
    for (TaskRow row : rows) {
      successes += row.success() ? 1 : 0;
      rates.add(rate(successes, rates.size() + 1L));
    }
    return rates;
  }

  /**
   * The original's improvement rate: the success rate of the second half of the rows minus that of the first half,
   * the first half being {@code n / 2} rows (so an odd middle row counts in the second); 0.0 under two rows.
   */
  static double improvementRate(List<TaskRow> rows) {
    int n = rows.size();
    if (n < 2) {
      return 0.0;
    }
    List<TaskRow> first = rows.subList(0, n / 2);
    List<TaskRow> second = rows.subList(n / 2, n);
    // Rounded to 12 places: the difference of two rates is exact only up to floating-point noise (0.7 - 0.6 is
    // 0.09999999999999998), which would otherwise reach the JSON files.
    double difference = rate(successes(second), second.size()) - rate(successes(first), first.size());
    return Math.round(difference * 1e12) / 1e12;
  }

  /** Per task type, in order of first appearance. */
  static Map<String, TaskTypeStats> breakdown(List<TaskRow> rows) {
    Map<String, List<TaskRow>> byType = new LinkedHashMap<>();
    rows.forEach(row -> byType.computeIfAbsent(row.taskType(), type -> new ArrayList<>()).add(row));
    Map<String, TaskTypeStats> stats = new LinkedHashMap<>();
    byType.forEach((type, group) -> {
      int successes = successes(group);
      long learned = group.stream().mapToLong(TaskRow::strategiesLearned).sum();
      long attempts = group.stream().mapToLong(TaskRow::attempts).sum();
      stats.put(type, new TaskTypeStats(group.size(), successes, learned, rate(attempts, group.size()),
          rate(successes, group.size())));
    });
    return Collections.unmodifiableMap(stats);
  }

  /** Per run, in run id order (the order runs started). */
  static List<RunPassRate> passRateByRun(List<TaskRow> rows, Function<Long, Integer> runNumber,
      Function<Long, String> session) {
    Map<Long, List<TaskRow>> byRun = new TreeMap<>();
    rows.forEach(row -> byRun.computeIfAbsent(row.runId(), id -> new ArrayList<>()).add(row));
    return byRun.entrySet().stream().map(entry -> {
      int passed = successes(entry.getValue());
      int tasks = entry.getValue().size();
      return new RunPassRate(runNumber.apply(entry.getKey()), entry.getKey(), tasks, passed, rate(passed, tasks),
          session.apply(entry.getKey()));
    }).toList();
  }

  /** Run numbers by position of the run id among those in {@code rows}, for rows whose runs are not at hand. */
  static Map<Long, Integer> positionalRunNumbers(List<TaskRow> rows) {
    Map<Long, Integer> numbers = new TreeMap<>();
    rows.forEach(row -> numbers.put(row.runId(), 0));
    int next = 1;
    for (Map.Entry<Long, Integer> entry : numbers.entrySet()) {
      entry.setValue(next++);
    }
    return numbers;
  }
}
