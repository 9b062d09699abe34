package dev.ace4j.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** A missing bubblewrap or runtime is one clear line that says how to get it. */
class HostRequirementsTest {

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

  @Test
  void reportsAProgramThatCannotBeStartedAsAnErrorNotACrash() {
    try (Sandbox sandbox = Sandboxes.create()) {
      Execution run = sandbox.execute(ExecutionRequest.command(java.util.List.of("/no/such/program")).build());

      assertThat(run.status()).isIn(Status.ERROR, Status.SANDBOX_FAILURE);
      assertThat(run.stderr().text()).contains("/no/such/program");
    }
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
