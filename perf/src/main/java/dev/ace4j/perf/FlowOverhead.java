package dev.ace4j.perf;

import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs {@link FlowChainBenchmark} with JMH (which prints its own table), then one line per configuration: ns per
 * chain and, for the two flows, the overhead per step against the plain Java chain of the same run,
 * {@code (flow - plain) / 10}. Takes JMH's command-line options, e.g. {@code -f 1 -wi 3 -i 5 -w 1s -r 1s -prof gc}.
 */
public final class FlowOverhead {
  private static final Map<String, String> LABELS = Map.of(
      "plainJava", "plain Java, 10 function calls (baseline)",
      "flowNoop", "ace-flow, OpenTelemetry no-op",
      "flowSdk", "ace-flow, OpenTelemetry SDK");

  private FlowOverhead() {}

  public static void main(String[] args) throws Exception {
    Options options = new OptionsBuilder()
        .parent(new CommandLineOptions(args))
        .include(FlowChainBenchmark.class.getName())
        .build();
    Collection<RunResult> results = new Runner(options).run();
    Result<?> plain = score(results, "plainJava");
    System.out.println();
    System.out.println("flow-overhead: a chain of " + FlowChainBenchmark.STEPS + " steps (x -> x + 1); ns per chain,"
        + " +- JMH's 99.9% confidence half-width");
    for (String benchmark : new String[] {"plainJava", "flowNoop", "flowSdk"}) {
      Result<?> result = score(results, benchmark);
      String overhead = benchmark.equals("plainJava") ? "" : String.format(Locale.ROOT,
          "   overhead per step %8.1f ns", (result.getScore() - plain.getScore()) / FlowChainBenchmark.STEPS);
      System.out.printf(Locale.ROOT, "  %-42s %9.1f +- %7.1f ns%s%s%n", LABELS.get(benchmark), result.getScore(),
          result.getScoreError(), overhead, allocation(results, benchmark));
    }
  }

  private static Result<?> score(Collection<RunResult> results, String benchmark) {
    return run(results, benchmark).getPrimaryResult();
  }

  private static RunResult run(Collection<RunResult> results, String benchmark) {
    return results.stream()
        .filter(r -> r.getParams().getBenchmark().endsWith("." + benchmark))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("JMH ran no " + benchmark + ": check the -e/include options"));
  }

  /** Bytes allocated per chain, when run with {@code -prof gc}. */
  @SuppressWarnings("rawtypes") // JMH types its secondary results as a map of the raw Result.
  private static String allocation(Collection<RunResult> results, String benchmark) {
    Optional<Double> bytes = run(results, benchmark).getSecondaryResults().entrySet().stream()
        .filter(e -> e.getKey().endsWith("gc.alloc.rate.norm"))
        .map(e -> e.getValue().getScore())
        .findFirst();
    return bytes.map(b -> String.format(Locale.ROOT, "   %6.0f B allocated", b)).orElse("");
  }
}
