package dev.ace4j.examples;

import dev.ace4j.coder.Benchmark;
import dev.ace4j.coder.BuiltinBenchmark;
import dev.ace4j.coder.CodeTask;
import dev.ace4j.coder.Pricing;
import dev.ace4j.coder.SelfLearningCoder;
import dev.ace4j.coder.history.Filter;
import dev.ace4j.coder.history.History;
import dev.ace4j.coder.history.MetricsExport;
import dev.ace4j.coder.history.TaskRow;
import dev.ace4j.core.spi.LanguageModel;
import dev.ace4j.sandbox.Sandbox;
import dev.ace4j.sandbox.Sandboxes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/**
 * Demo 3, metrics: two runs over three tasks with a learning model, recorded in a history database; then the
 * summary across runs (the learning shows as run 2 passing at the first attempt what run 1 needed retries for) and
 * the original system's three JSON exports.
 *
 * <p>Usage: {@code MetricsDemo [OUTPUT_FOLDER]}.
 */
public final class MetricsDemo {
  private MetricsDemo() {}

  public static void main(String[] args) throws Exception {
    Path folder = args.length > 0 ? Files.createDirectories(Path.of(args[0]))
        : Files.createTempDirectory("ace4j-metrics");
    List<CodeTask> tasks = BuiltinBenchmark.tasks().subList(0, 3);
    LanguageModel model = ExampleModel.configuredOr(BasicLoop.learner(tasks));
    String session = Benchmark.newSessionId();
    try (Sandbox sandbox = Sandboxes.create(); History history = History.open(folder.resolve("ace.db"));
        SelfLearningCoder coder = SelfLearningCoder.builder(model).sandbox(sandbox)
            .playbook(folder.resolve("playbook.json")).rounds(2).build()) {
      new Benchmark(coder, sandbox, history, Pricing.unknown(), Clock.systemUTC()).run(session,
          new Benchmark.Plan("bench", "builtin", tasks, "example", folder.resolve("playbook.json").toString(), 2),
          new Benchmark.Progress() {});
      List<TaskRow> rows = history.tasks(Filter.session(session));
      System.out.println(history.summary(Filter.session(session)).render());
      MetricsExport.writeMetricsFile(folder.resolve("metrics.json"), rows);
      MetricsExport.writeVisualization(folder.resolve("visualization.json"), rows);
      MetricsExport.writeBenchmarkResults(folder.resolve("benchmark_results.json"), rows);
    }
    System.out.println("exports: metrics.json, visualization.json, benchmark_results.json in " + folder);
  }
}
