package dev.ace4j.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A missing bubblewrap or runtime is one clear line that says how to get it; a missing program is its own error. */
class HostRequirementsTest {
  /** One sandbox per backend, shared by the cases of a parameterized test. */
  private static final Map<Backend, Sandbox> SANDBOXES = new EnumMap<>(Backend.class);

  @AfterAll
  static void closeSandboxes() {
    SANDBOXES.values().forEach(Sandbox::close);
  }

  @Test
  void saysHowToInstallBubblewrapWhenItIsMissing() {
    SandboxSettings settings = SandboxSettings.defaults().withBubblewrap(Path.of("/nonexistent/bwrap"));

    assertThatThrownBy(() -> Sandboxes.create(settings))
        .isInstanceOf(SandboxUnavailableException.class)
        .hasMessageContaining("bubblewrap not found at /nonexistent/bwrap")
        .hasMessageContaining("apt-get install bubblewrap")
        .hasMessageNotContaining("\n");
  }

  @Test
  void saysHowToGetPythonWhenTheInterpreterIsMissing() {
    try (Sandbox sandbox = Sandboxes.create(SandboxSettings.defaults().withPython(Path.of("/nonexistent/python3")))) {
      assertThatThrownBy(() -> sandbox.execute(ExecutionRequest.snippet(Language.PYTHON, "print(1)").build()))
          .isInstanceOf(SandboxUnavailableException.class)
          .hasMessageContaining("python3 not found at /nonexistent/python3")
          .hasMessageContaining("apt-get install python3");
    }
  }

  /**
   * Every backend, a program that is not there (127) and one that is a folder (126), as a shell reports them: each
   * is the program's error with its exit code, never the sandbox failure that means the sandbox itself broke.
   */
  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({
      "BUBBLEWRAP, /no/such/program, 127, CommandNotFound, No such file or directory",
      "BUBBLEWRAP, /tmp, 126, CannotExecute, Permission denied",
      "UNSAFE_PROCESS, /no/such/program, 127, CommandNotFound, No such file or directory",
      "UNSAFE_PROCESS, /tmp, 126, CannotExecute, Permission denied"})
  void reportsAProgramThatCannotBeStartedAsAnErrorNotACrash(Backend backend, String program, int exitCode,
      String errorName, String reason) {
    Execution run = SANDBOXES.computeIfAbsent(backend,
        b -> Sandboxes.create(SandboxSettings.defaults().withBackend(b)))
        .execute(ExecutionRequest.command(List.of(program)).build());

    assertThat(run.status()).as(run.detail()).isEqualTo(Status.ERROR);
    assertThat(run.exitCode()).isEqualTo(exitCode);
    assertThat(run.stderr().text()).isEqualTo(program + ": " + reason + "\n");
    assertThat(run.error()).hasValueSatisfying(error -> {
      assertThat(error.name()).isEqualTo(errorName);
      assertThat(error.value()).isEqualTo(program + ": " + reason);
    });
    assertThat(run.detail()).isEmpty();
  }

  @Test
  void doctorChecksEveryRuntimeInsideTheSandbox() {
    assertThat(Sandboxes.inspect(SandboxSettings.defaults()))
        .extracting(HostCheck::subject)
        .contains("bubblewrap", "cgroups", "python", "pytest", "node", "java", "bash");
    assertThat(Sandboxes.inspect(SandboxSettings.defaults()))
        .filteredOn(c -> c.subject().equals("python"))
        .allSatisfy(c -> assertThat(c.level()).isEqualTo(HostCheck.Level.OK));
  }
}
