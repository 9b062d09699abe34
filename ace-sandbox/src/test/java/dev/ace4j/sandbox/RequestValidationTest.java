package dev.ace4j.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Requests that cannot be run safely are refused when they are built, with a message that names the input. */
class RequestValidationTest {

  @Test
  void defaultLimitsAreTheDocumentedOnes() {
    Limits limits = Limits.defaults();

    assertThat(limits.wall()).isEqualTo(Duration.ofSeconds(10));
    assertThat(limits.cpu()).isEqualTo(Duration.ofSeconds(10));
    assertThat(limits.memoryBytes()).isEqualTo(512L << 20);
    assertThat(limits.processes()).isEqualTo(64);
    assertThat(limits.fileSizeBytes()).isEqualTo(16L << 20);
    assertThat(limits.outputBytes()).isEqualTo(1L << 20);
  }

  @Test
  void mutationTestsAreForJavaOnlyWithAtLeastOneThreadAndAPositiveMutantTimeout() {
    ExecutionRequest.Mutation mutation = new ExecutionRequest.Mutation(1, Duration.ofSeconds(4));
    assertThatThrownBy(() -> ExecutionRequest.mutationTest(Language.PYTHON, "x = 1", "def test_x(): pass", mutation))
        .isInstanceOf(InvalidRequestException.class).hasMessageContaining("java only");
    assertThatThrownBy(() -> new ExecutionRequest.Mutation(0, Duration.ofSeconds(4)))
        .isInstanceOf(InvalidRequestException.class).hasMessageContaining("threads");
    assertThatThrownBy(() -> new ExecutionRequest.Mutation(1, Duration.ZERO))
        .isInstanceOf(InvalidRequestException.class).hasMessageContaining("mutant timeout");
    assertThat(ExecutionRequest.mutationTest(Language.JAVA, "class A {}", "class ATest {}", mutation).build().tests())
        .contains("class ATest {}");
  }

  @Test
  void rejectsAZeroNegativeOrAbsurdTimeout() {
    assertThatThrownBy(() -> Limits.defaults().withWall(Duration.ZERO))
        .isInstanceOf(InvalidRequestException.class).hasMessageContaining("wall-clock timeout");
    assertThatThrownBy(() -> Limits.defaults().withCpu(Duration.ofSeconds(-1)))
        .isInstanceOf(InvalidRequestException.class).hasMessageContaining("CPU time");
    assertThatThrownBy(() -> Limits.defaults().withWall(Duration.ofDays(3)))
        .isInstanceOf(InvalidRequestException.class).hasMessageContaining("600s");
  }

  @Test
  void rejectsMemoryProcessAndOutputLimitsOutOfRange() {
    assertThatThrownBy(() -> Limits.defaults().withMemoryBytes(-5))
        .isInstanceOf(InvalidRequestException.class).hasMessageContaining("memory");
    assertThatThrownBy(() -> Limits.defaults().withMemoryBytes(Long.MAX_VALUE))
        .isInstanceOf(InvalidRequestException.class).hasMessageContaining("memory");
    assertThatThrownBy(() -> Limits.defaults().withProcesses(0))
        .isInstanceOf(InvalidRequestException.class).hasMessageContaining("processes");
    assertThatThrownBy(() -> Limits.defaults().withOutputBytes(1L << 40))
        .isInstanceOf(InvalidRequestException.class).hasMessageContaining("output");
    assertThatThrownBy(() -> Limits.defaults().withFileSizeBytes(0))
        .isInstanceOf(InvalidRequestException.class).hasMessageContaining("file size");
  }

  @ParameterizedTest
  @ValueSource(strings = {"/etc/passwd", "../escape.py", "a/../../b", "a//b", "./a", "bad\nname", "nul\0byte", "a\\b", ""})
  void rejectsFileNamesThatCouldLeaveTheWorkDirectory(String path) {
    assertThatThrownBy(() -> WorkFile.of(path, "x")).isInstanceOf(InvalidRequestException.class);
  }

  @Test
  void acceptsOddButHarmlessFileNames() {
    assertThat(WorkFile.of("-rf; $(reboot) `id`.py", "x").path()).isEqualTo("-rf; $(reboot) `id`.py");
    assertThat(WorkFile.of("dir/sub dir/ünïcode.txt", "x").path()).isEqualTo("dir/sub dir/ünïcode.txt");
  }

  @Test
  void rejectsAnUnknownLanguageListingTheKnownOnes() {
    assertThatThrownBy(() -> Language.fromId("cobol"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("unknown language 'cobol': use one of python, javascript, java, bash");
  }

  @Test
  void rejectsEmptyCodeCommandsAndDuplicateFiles() {
    assertThatThrownBy(() -> ExecutionRequest.snippet(Language.PYTHON, "  "))
        .isInstanceOf(InvalidRequestException.class).hasMessageContaining("code is empty");
    assertThatThrownBy(() -> ExecutionRequest.command(List.of()))
        .isInstanceOf(InvalidRequestException.class).hasMessageContaining("command is empty");
    assertThatThrownBy(() -> ExecutionRequest.snippet(Language.PYTHON, "pass")
            .file("a.py", "1").file("a.py", "2").build())
        .isInstanceOf(InvalidRequestException.class).hasMessageContaining("given twice");
  }

  @Test
  void rejectsInvalidEnvironmentVariableNames() {
    assertThatThrownBy(() -> ExecutionRequest.snippet(Language.PYTHON, "pass").environment("A=B", "x"))
        .isInstanceOf(InvalidRequestException.class).hasMessageContaining("A=B");
  }

  @Test
  void rejectsAConcurrencyOfZero() {
    assertThatThrownBy(() -> SandboxSettings.defaults().withMaxConcurrent(0))
        .isInstanceOf(InvalidRequestException.class).hasMessageContaining("concurrency");
  }
}
