package dev.ace4j.perf;

import static dev.ace4j.perf.Timings.millis;

import dev.ace4j.sandbox.ExecutionRequest;
import dev.ace4j.sandbox.Language;
import dev.ace4j.sandbox.Sandbox;
import dev.ace4j.sandbox.SandboxSettings;
import dev.ace4j.sandbox.Sandboxes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * What warm sandboxes save: one Python run ({@code pass}), one sealed pytest suite of ten tests (parametrized, so
 * pytest runs it) and one sealed suite of ten plain test functions (which ace's quick runner decides without pytest),
 * each in a warm sandbox (forked from a server with python3 and pytest already started) and cold (a new sandbox per
 * run), beside the bare interpreter and bare pytest (no isolation) as baselines. The three alternate in one run so
 * they share the machine's noise; a last series runs the warm sandbox back to back, with nothing else starting in
 * the background. The figures are medians and 95th percentiles.
 */
public final class WarmExecution {
  private static final List<String> BARE_PYTEST = List.of("/usr/bin/python3", "-m", "pytest", "-q", "-p",
      "no:cacheprovider", "test_solution.py");

  private WarmExecution() {}

  /** One kind of run: the request, how many tests it passes (0: a program), and its unisolated baseline. */
  private record Series(String title, String bareName, ExecutionRequest request, int tests, String testsSource,
      List<String> bare) {}

  public static void main(String[] args) throws Exception {
    int runs = Timings.runs(args, "warm-execution", 100, 10_000);
    List<Series> series = List.of(
        new Series("python, pass", "bare python3 -c pass (no isolation)",
            ExecutionRequest.snippet(Language.PYTHON, "pass").build(), 0, "", List.of("/usr/bin/python3", "-c",
                "pass")),
        new Series("pytest suite, 10 tests", "bare python3 -m pytest (no isolation)", suite(SealedTests.SMALL), 10,
            SealedTests.SMALL, BARE_PYTEST),
        new Series("quick runner, 10 plain tests", "bare python3 -m pytest (no isolation)",
            suite(SealedTests.PLAIN), 10, SealedTests.PLAIN, BARE_PYTEST));
    long[][][] nanos = new long[series.size()][3][runs];
    long[][] backToBack = new long[series.size()][runs];
    Path bareDir = Files.createTempDirectory("warm-execution");
    Files.writeString(bareDir.resolve("solution.py"), SealedTests.CODE);
    try (Sandbox warm = Sandboxes.create(SandboxSettings.defaults().withWarm(true));
        Sandbox cold = Sandboxes.create(SandboxSettings.defaults().withWarm(false))) {
      for (int i = -10; i < runs; i++) {
        for (int s = 0; s < series.size(); s++) {
          Series one = series.get(s);
          Files.writeString(bareDir.resolve("test_solution.py"), one.testsSource());
          long[] times = {SealedTests.time(warm, one.request(), one.tests()),
              SealedTests.time(cold, one.request(), one.tests()), bare(one.bare(), bareDir)};
          for (int k = 0; i >= 0 && k < 3; k++) {
            nanos[s][k][i] = times[k];
          }
        }
        if (i >= 0 && (i + 1) % 25 == 0) {
          System.err.printf("warm-execution: %d/%d%n", i + 1, runs);
        }
      }
      // Without the other series in between: no cold launcher getting ready, no bare interpreter, in the background.
      for (int s = 0; s < series.size(); s++) {
        for (int i = 0; i < runs; i++) {
          backToBack[s][i] = SealedTests.time(warm, series.get(s).request(), series.get(s).tests());
        }
      }
    } finally {
      for (String name : List.of("solution.py", "test_solution.py")) {
        Files.deleteIfExists(bareDir.resolve(name));
      }
      Files.deleteIfExists(bareDir);
    }
    for (int s = 0; s < series.size(); s++) {
      print(series.get(s).title() + " (" + runs + " runs)", series.get(s).bareName(), nanos[s], backToBack[s]);
    }
  }

  private static ExecutionRequest suite(String tests) {
    return ExecutionRequest.testSuite(Language.PYTHON, SealedTests.CODE, tests).build();
  }

  private static void print(String title, String bareName, long[][] nanos, long[] backToBack) {
    Arrays.sort(backToBack);
    for (long[] series : nanos) {
      Arrays.sort(series);
    }
    System.out.printf("%-40s %9s %9s%n", title, "p50 ms", "p95 ms");
    String[] names = {"warm sandbox", "cold sandbox", bareName};
    for (int k = 0; k < 3; k++) {
      System.out.printf("%-40s %9.1f %9.1f%n", "  " + names[k], millis(nanos[k], 50), millis(nanos[k], 95));
    }
    System.out.printf("%-40s %9.2f %9.2f%n", "  ratio (cold / warm)", millis(nanos[1], 50) / millis(nanos[0], 50),
        millis(nanos[1], 95) / millis(nanos[0], 95));
    System.out.printf("%-40s %9.1f %9.1f%n", "  warm sandbox, back to back", millis(backToBack, 50),
        millis(backToBack, 95));
  }

  private static long bare(List<String> command, Path dir) throws IOException, InterruptedException {
    long start = System.nanoTime();
    Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    process.getOutputStream().close();
    byte[] output = process.getInputStream().readAllBytes();
    int exit = process.waitFor();
    long elapsed = System.nanoTime() - start;
    if (exit != 0) {
      throw new IllegalStateException("bare " + command + " exited " + exit + ": " + new String(output));
    }
    return elapsed;
  }
}
