package dev.ace4j.coder;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Completions produced elsewhere, scored like the official HumanEval harness ({@code
 * evaluate_functional_correctness}): a JSON-lines file of {@code {task_id, completion}}, any number per task; each
 * completion is scored by its task's hidden tests (the program is the task's {@linkplain CodeTask#completionPrefix()
 * prefix} and the completion); the results go to {@code FILE_results.jsonl}, each sample with {@code result}
 * ({@code passed}, {@code failed: ERROR}, {@code timed out}) and {@code passed} added; pass@k is
 * {@linkplain PassAtK estimated} for k in 1, 10 and 100 where every task scored has at least k samples.
 */
public final class Completions {
  private static final ObjectMapper JSON = new ObjectMapper();

  private Completions() {}

  /**
   * One completion of a samples file.
   *
   * @param line its line in the file, from 1
   * @param fields the record as it was written, kept whole for the results file
   */
  public record Completion(int line, ObjectNode fields, CodeTask task, String completion) {}

  /** A completion and its score. */
  public record Scored(Completion completion, HiddenTestScore score) {
    /** The official harness's result: {@code passed}, {@code timed out} or {@code failed: ERROR}. */
    public String result() {
      return switch (score.verdict()) {
        case PASSED -> "passed";
        case TIMEOUT -> "timed out";
        case FAILED, ERROR -> "failed: " + score.error().orElse("error");
      };
    }
  }

  /**
   * The completions of {@code file} for {@code tasks}. A {@code task_id} matches a task's id, or, for MBPP, whose
   * task ids are numbers, {@code mbpp/} and it.
   *
   * @throws DatasetException naming the file, the line and the fix when a line is not a record of a task's completion
   */
  public static List<Completion> read(Path file, List<CodeTask> tasks) {
    Map<String, CodeTask> byId = tasks.stream().collect(Collectors.toMap(CodeTask::id, Function.identity()));
    List<Completion> completions = new ArrayList<>();
    String[] lines = Datasets.text(file).split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      if (lines[i].isBlank()) {
        continue;
      }
      String where = file + ":" + (i + 1) + ": ";
      JsonNode record;
      try {
        record = JSON.readTree(lines[i]);
      } catch (JsonProcessingException e) {
        throw new DatasetException(where + "not valid JSON (" + e.getOriginalMessage() + "): give one "
            + "{\"task_id\", \"completion\"} record per line");
      }
      if (!(record instanceof ObjectNode fields) || !record.path("completion").isTextual()
          || !(record.path("task_id").isTextual() || record.path("task_id").isNumber())) {
        throw new DatasetException(where + "not a {\"task_id\", \"completion\"} record: give both, the completion "
            + "as a string");
      }
      String id = record.get("task_id").asText();
      CodeTask task = Optional.ofNullable(byId.get(id)).or(() -> Optional.ofNullable(byId.get("mbpp/" + id)))
          .orElseThrow(() -> new DatasetException(where + "task_id '" + id + "' is not a task of the dataset: "
              + "score the samples with the dataset they were made for"));
      completions.add(new Completion(i + 1, fields, task, record.get("completion").asText()));
    }
    if (completions.isEmpty()) {
      throw new DatasetException(file + ": holds no samples: give one {\"task_id\", \"completion\"} record per line");
    }
    return completions;
  }

  /** Scores every completion, {@code parallelism} at a time; the results are in the completions' order. */
  public static List<Scored> score(List<Completion> completions, HiddenTests hiddenTests, int parallelism) {
    ExecutorService workers = Executors.newFixedThreadPool(parallelism);
    try {
      List<CompletableFuture<Scored>> scores = completions.stream()
          .map(c -> CompletableFuture.supplyAsync(() -> new Scored(c, score(c, hiddenTests)), workers)).toList();
      return scores.stream().map(CompletableFuture::join).toList();
    } finally {
      workers.shutdownNow();
    }
  }

  private static HiddenTestScore score(Completion completion, HiddenTests hiddenTests) {
    String program = completion.task().program(completion.completion());
    if (program.isBlank()) {
      return new HiddenTestScore(0, hiddenTests.count(completion.task()), false, HiddenTestScore.Verdict.ERROR,
          Optional.of(ExecutionReport.NO_CODE), Duration.ZERO);
    }
    return hiddenTests.score(completion.task(), program);
  }

  /** pass@k for k in 1, 10, 100 where every task scored has at least k samples, by k, in increasing order. */
  public static Map<Integer, Double> passAtK(List<Scored> scored) {
    Map<String, List<Boolean>> byTask = scored.stream().collect(Collectors.groupingBy(
        s -> s.completion().task().id(), LinkedHashMap::new,
        Collectors.mapping(s -> s.score().allPassed(), Collectors.toList())));
    return PassAtK.table(byTask.values());
  }

  /** Where the results of {@code samples} go: beside it, named as it is with {@code _results.jsonl} added. */
  public static Path resultsFile(Path samples) {
    return samples.resolveSibling(samples.getFileName() + "_results.jsonl");
  }

  /** Writes the results file: each sample's record with {@code result} and {@code passed}, replaced atomically. */
  public static void writeResults(Path file, List<Scored> scored) {
    Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
    try (Writer out = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8)) {
      for (Scored s : scored) {
        ObjectNode record = s.completion().fields().deepCopy();
        record.put("result", s.result());
        record.put("passed", s.score().allPassed());
        out.write(JSON.writeValueAsString(record));
        out.write('\n');
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
    try {
      Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }
}
