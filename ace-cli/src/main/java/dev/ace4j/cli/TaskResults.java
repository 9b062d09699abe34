package dev.ace4j.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ace4j.coder.Benchmark;
import dev.ace4j.coder.CodeAttempt;
import dev.ace4j.coder.CodeTask;
import dev.ace4j.coder.HiddenTestScore;
import dev.ace4j.coder.PassAtK;
import dev.ace4j.coder.Solution;
import dev.ace4j.coder.history.TaskRow;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The per-task results file of {@code ace eval}, {@value #FILE_NAME}: for each task, in the plan's order, how its
 * program fared against the checks ({@code status}: passed, failed, timeout, error), the {@code error}'s name and
 * the checks' {@code duration_ms}; with several samples per task, one entry per sample, numbered from 0 by
 * {@code sample}. What benchmark_results.json holds (success, hidden-test counts, the task's whole
 * time) is not repeated. Hears the session as a {@link Benchmark.Progress} and passes every event on to
 * {@code inner}.
 */
final class TaskResults implements Benchmark.Progress {
  static final String FILE_NAME = "task_results.json";
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final Benchmark.Progress inner;
  /** Each task's scores by run: a run is one sample of every task. */
  private final Map<String, Map<Integer, HiddenTestScore>> scores = new ConcurrentHashMap<>();
  private volatile int runs = 1;

  TaskResults(Benchmark.Progress inner) {
    this.inner = inner;
  }

  @Override
  public void runStarted(int run, int runs, int pendingTasks) {
    this.runs = runs;
    inner.runStarted(run, runs, pendingTasks);
  }

  @Override
  public void attempted(int run, CodeTask task, CodeAttempt attempt) {
    inner.attempted(run, task, attempt);
  }

  @Override
  public void scored(int run, CodeTask task, HiddenTestScore score) {
    scores.computeIfAbsent(task.id(), id -> new ConcurrentSkipListMap<>()).put(run, score);
    inner.scored(run, task, score);
  }

  @Override
  public void taskFinished(int run, Solution solution, TaskRow row) {
    inner.taskFinished(run, solution, row);
  }

  @Override
  public void runFinished(int run, List<TaskRow> rows) {
    inner.runFinished(run, rows);
  }

  /** pass@k over the samples scored (Chen et al.), for k in 1, 10, 100 where every task has at least k. */
  Map<Integer, Double> passAtK() {
    return PassAtK.table(scores.values().stream()
        .map(byRun -> byRun.values().stream().map(HiddenTestScore::allPassed).toList()).toList());
  }

  /** Writes the file for {@code tasks}, those scored, replacing it atomically. */
  void write(Path file, List<CodeTask> tasks) {
    ObjectNode root = JSON.createObjectNode();
    ArrayNode results = root.putArray("tasks");
    for (CodeTask task : tasks) {
      scores.getOrDefault(task.id(), Map.of()).forEach((run, score) -> {
        ObjectNode result = results.addObject().put("task_id", task.id());
        if (runs > 1) {
          result.put("sample", run - 1);
        }
        result.put("status", score.verdict().id());
        score.error().ifPresentOrElse(error -> result.put("error", error), () -> result.putNull("error"));
        result.put("duration_ms", score.duration().toMillis());
      });
    }
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
      JSON.writeValue(temporary.toFile(), root);
      Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }
}
