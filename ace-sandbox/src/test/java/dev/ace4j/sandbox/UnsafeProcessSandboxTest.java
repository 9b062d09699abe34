package dev.ace4j.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The opt-in backend without isolation still honours the wall clock, the output caps and an empty environment. */
class UnsafeProcessSandboxTest {
  private static Sandbox sandbox;

  @BeforeAll
  static void start() {
    sandbox = Sandboxes.create(SandboxSettings.defaults().withBackend(Backend.UNSAFE_PROCESS));
  }

  @AfterAll
  static void stop() {
    sandbox.close();
  }

  @Test
  void runsTheSameRequestsAsTheBubblewrapBackend() {
    Execution run = sandbox.execute(ExecutionRequest.testSuite(Language.PYTHON,
        "def add(a, b):\n    return a + b\n",
        "from solution import add\n\ndef test_adds():\n    assert add(2, 3) == 5\n").build());

    assertThat(run.backend()).isEqualTo("unsafe-process");
    assertThat(run.status()).isEqualTo(Status.OK);
    assertThat(run.tests()).singleElement().satisfies(t -> assertThat(t.passed()).isTrue());
  }

  @Test
  void killsTheWholeProcessTreeAtTheTimeout() {
    Execution run = sandbox.execute(ExecutionRequest.snippet(Language.PYTHON,
            "import subprocess, time\nsubprocess.Popen(['sleep', '30'])\ntime.sleep(30)")
        .limits(Limits.defaults().withWall(Duration.ofMillis(500))).build());

    assertThat(run.status()).isEqualTo(Status.TIMEOUT);
    assertThat(run.duration()).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void startsProgramsWithOnlyTheAllowListedEnvironment() {
    Execution run = sandbox.execute(ExecutionRequest.snippet(Language.PYTHON,
        "import os\nprint(sorted(os.environ))").environment("EXTRA", "1").build());

    assertThat(run.stdout().text()).isEqualTo("['EXTRA', 'HOME', 'LANG', 'PATH', 'PYTHONHASHSEED', 'TMPDIR']\n");
  }
}
