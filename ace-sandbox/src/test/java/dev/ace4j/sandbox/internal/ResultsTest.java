package dev.ace4j.sandbox.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ace4j.sandbox.Execution;
import dev.ace4j.sandbox.ExecutionRequest;
import dev.ace4j.sandbox.Language;
import dev.ace4j.sandbox.Limits;
import dev.ace4j.sandbox.Output;
import dev.ace4j.sandbox.Status;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/**
 * How {@link Results} reads the counters of a run, and the documented fallback where there are none (no control
 * groups, or the unsafe-process backend). The real sandbox's side is in the security suite (R3, R9, L9).
 */
class ResultsTest {
  private static final long MIB = 1024 * 1024;
  private static final Limits LIMITS = Limits.defaults().withCpu(Duration.ofSeconds(1)).withMemoryBytes(256 * MIB);
  private static final String MEMORY_ERROR = "Traceback (most recent call last):\n"
      + "  File \"main.py\", line 1, in <module>\nMemoryError\n";

  private static Execution assemble(int exitCode, String stderr, Duration took, Optional<ControlGroups.Usage> usage) {
    ExecutionRequest request = ExecutionRequest.snippet(Language.PYTHON, "pass").limits(LIMITS).build();
    RunPlan plan = new RunPlan(List.of(), List.of("python3", "main.py"), Map.of(), List.of(), Optional.empty(), true,
        Optional.empty());
    ProcessRun.Outcome outcome = new ProcessRun.Outcome(exitCode, false, false, false, Output.empty(),
        new Output(stderr, false), took);
    return Results.assemble(request, plan,
        new Results.Run(outcome, List.of(), List.of(), usage, Optional.empty(), Optional.empty()), "test");
  }

  private static Optional<ControlGroups.Usage> counted(long oomKills, long peakBytes, Duration cpu) {
    return Optional.of(new ControlGroups.Usage(oomKills, OptionalLong.of(peakBytes), Optional.of(cpu)));
  }

  @Test
  void exitingWithTheStatusOfSigxcpuUnderTheCpuCounterIsAnError() {
    Execution run = assemble(152, "", Duration.ofSeconds(3), counted(0, MIB, Duration.ofMillis(40)));

    assertThat(run.status()).isEqualTo(Status.ERROR);
    assertThat(run.exitCode()).isEqualTo(152);
  }

  @Test
  void theCpuCounterAtTheLimitIsATimeoutWhateverTheExitCode() {
    Execution run = assemble(0, "", Duration.ofMillis(600), counted(0, MIB, Duration.ofMillis(1010)));

    assertThat(run.status()).isEqualTo(Status.TIMEOUT);
    assertThat(run.detail()).isEqualTo(
        "CPU-time limit of 1 s reached by all the run's processes together (1010 ms used)");
  }

  @Test
  void withoutACpuCounterTheStatusOfSigxcpuCountsOnlyAfterTheCpuLimitOfWallTime() {
    assertThat(assemble(152, "", Duration.ofMillis(80), Optional.empty()).status()).isEqualTo(Status.ERROR);
    assertThat(assemble(137, "", Duration.ofMillis(80), Optional.empty()).status()).isEqualTo(Status.ERROR);

    Execution run = assemble(152, "", Duration.ofMillis(1100), Optional.empty());
    assertThat(run.status()).isEqualTo(Status.TIMEOUT);
    assertThat(run.detail()).isEqualTo("CPU-time limit of 1 s reached");
  }

  @Test
  void aMemoryErrorWithoutTheMemoryUseBehindItIsTheProgramsError() {
    Execution run = assemble(1, MEMORY_ERROR, Duration.ofMillis(50), counted(0, 20 * MIB, Duration.ofMillis(40)));

    assertThat(run.status()).isEqualTo(Status.ERROR);
    assertThat(run.error()).hasValueSatisfying(e -> assertThat(e.name()).isEqualTo("MemoryError"));
  }

  @Test
  void aRuntimesOutOfMemoryErrorCountsWhenThePeakReachedHalfTheLimit() {
    Execution run = assemble(1, MEMORY_ERROR, Duration.ofMillis(50), counted(0, 128 * MIB, Duration.ofMillis(40)));

    assertThat(run.status()).isEqualTo(Status.MEMORY_LIMIT);
    assertThat(run.detail()).isEqualTo("memory limit of 256 MiB reached");
  }

  @Test
  void anOomKillIsTheMemoryLimitWhateverTheProgramPrinted() {
    assertThat(assemble(137, "", Duration.ofMillis(50), counted(1, 256 * MIB, Duration.ofMillis(40))).status())
        .isEqualTo(Status.MEMORY_LIMIT);
  }

  @Test
  void withoutControlGroupsTheRuntimesReportIsAllThereIs() {
    assertThat(assemble(1, MEMORY_ERROR, Duration.ofMillis(50), Optional.empty()).status())
        .isEqualTo(Status.MEMORY_LIMIT);
  }
}
