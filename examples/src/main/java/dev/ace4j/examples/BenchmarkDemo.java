package dev.ace4j.examples;

import dev.ace4j.coder.Benchmark;
import dev.ace4j.coder.BuiltinBenchmark;
import dev.ace4j.coder.CodeTask;
import dev.ace4j.coder.HiddenTestScore;
import dev.ace4j.coder.Pricing;
import dev.ace4j.coder.ReferenceModel;
import dev.ace4j.coder.SelfLearningCoder;
import dev.ace4j.coder.history.History;
import dev.ace4j.core.InMemoryPlaybookStore;
import dev.ace4j.sandbox.Sandbox;
import dev.ace4j.sandbox.Sandboxes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Demo 4, the benchmark: the eight built-in tasks, each program scored by hidden tests the learner never sees. The
 * model is each task's reference solution, a check of the harness that must score 8/8.
 *
 * <p>Usage: {@code BenchmarkDemo [HISTORY_DB]}.
 */
public final class BenchmarkDemo {
  private BenchmarkDemo() {}

  public static void main(String[] args) throws Exception {
    Path database = args.length > 0 ? Path.of(args[0])
        : Files.createTempDirectory("ace4j-benchmark").resolve("ace.db");
    List<CodeTask> tasks = BuiltinBenchmark.tasks();
    AtomicInteger passed = new AtomicInteger();
    try (Sandbox sandbox = Sandboxes.create(); History history = History.open(database);
        SelfLearningCoder coder = SelfLearningCoder.builder(ReferenceModel.of(tasks)).sandbox(sandbox)
            .store(InMemoryPlaybookStore.empty()).build()) {
      Benchmark benchmark = new Benchmark(coder, sandbox, history, Pricing.free(), Clock.systemUTC());
      benchmark.run(Benchmark.newSessionId(), new Benchmark.Plan("bench", "builtin", tasks, ReferenceModel.MODEL_ID,
          "(in memory)", 1), new Benchmark.Progress() {
            @Override
            public void scored(int run, CodeTask task, HiddenTestScore score) {
              if (score.allPassed()) {
                passed.incrementAndGet();
              }
              System.out.printf("%-22s %-7s hidden tests %d/%d%n", task.id(), task.difficulty().name().toLowerCase(
                  java.util.Locale.ROOT), score.passed(), score.total());
            }
          });
    }
    System.out.printf("%d/%d tasks passed every hidden test; history in %s%n", passed.get(), tasks.size(), database);
  }
}
