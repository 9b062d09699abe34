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
 * What warm sandboxes save: one Python run ({@code pass}) and one sealed pytest suite of ten tests, each in a warm
 * sandbox (forked from a server with python3 and pytest already started) and cold (a new sandbox per run), beside
 * the bare interpreter and bare pytest (no isolation) as baselines. The three alternate in one run so they share the
 * machine's noise; a last series runs the warm sandbox back to back, with nothing else starting in the background.
 * The figures are medians and 95th percentiles.
 */
public final class WarmExecution {
  private WarmExecution() {}

  public static void main(String[] args) throws Exception {
    int runs = Timings.runs(args, "warm-execution", 100, 10_000);
    ExecutionRequest snippet = ExecutionRequest.snippet(Language.PYTHON, "pass").build();
    ExecutionRequest suite = ExecutionRequest.testSuite(Language.PYTHON, SealedTests.CODE, SealedTests.SMALL).build();
    Path bareDir = Files.createTempDirectory("warm-execution");
    Files.writeString(bareDir.resolve("solution.py"), SealedTests.CODE);
    Files.writeString(bareDir.resolve("test_solution.py"), SealedTests.SMALL);
    List<String> barePytest = List.of("/usr/bin/python3", "-m", "pytest", "-q", "-p", "no:cacheprovider",
        "test_solution.py");
    long[][] plain = new long[3][runs];
    long[][] tests = new long[3][runs];
    long[] plainBackToBack = new long[runs];
    long[] testsBackToBack = new long[runs];
    try (Sandbox warm = Sandboxes.create(SandboxSettings.defaults().withWarm(true));
        Sandbox cold = Sandboxes.create(SandboxSettings.defaults().withWarm(false))) {
      for (int i = -10; i < runs; i++) {
        long[] plainRun = {SealedTests.time(warm, snippet, 0), SealedTests.time(cold, snippet, 0),
            bare(List.of("/usr/bin/python3", "-c", "pass"), bareDir)};
        long[] testsRun = {SealedTests.time(warm, suite, 10), SealedTests.time(cold, suite, 10), bare(barePytest, bareDir)};
        for (int k = 0; i >= 0 && k < 3; k++) {
          plain[k][i] = plainRun[k];
          tests[k][i] = testsRun[k];
        }
        if (i >= 0 && (i + 1) % 25 == 0) {
          System.err.printf("warm-execution: %d/%d%n", i + 1, runs);
        }
      }
      // Without the other series in between: no cold launcher getting ready, no bare interpreter, in the background.
      for (int i = 0; i < runs; i++) {
        plainBackToBack[i] = SealedTests.time(warm, snippet, 0);
      }
      for (int i = 0; i < runs; i++) {
        testsBackToBack[i] = SealedTests.time(warm, suite, 10);
      }
    } finally {
      for (String name : List.of("solution.py", "test_solution.py")) {
        Files.deleteIfExists(bareDir.resolve(name));
      }
      Files.deleteIfExists(bareDir);
    }
    print("python, pass (" + runs + " runs)", "bare python3 -c pass (no isolation)", plain, plainBackToBack);
    print("pytest, 10 tests (" + runs + " runs)", "bare python3 -m pytest (no isolation)", tests, testsBackToBack);
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
