package dev.ace4j.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ace4j.sandbox.security.HostProcesses;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The opt-in backend without isolation still honours the wall clock (killing every process the program started),
 * the output caps and an empty environment.
 */
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
  void killsTheWholeProcessTreeAtTheTimeout() throws Exception {
    String marker = HostProcesses.newMarker();
    Duration wall = Duration.ofSeconds(2);
    // The program says so only once its child runs sleep (and carries the marker, inherited with the environment).
    Execution run = sandbox.execute(ExecutionRequest.snippet(Language.PYTHON, """
            import subprocess, time
            child = subprocess.Popen(['sleep', '30'])
            while open('/proc/%d/cmdline' % child.pid, 'rb').read() != b'sleep\\x0030\\x00':
                time.sleep(0.01)
            print('child runs sleep 30', flush=True)
            time.sleep(30)
            """)
        .environment(HostProcesses.MARKER_VARIABLE, marker)
        .limits(Limits.defaults().withWall(wall)).build());

    assertThat(run.status()).isEqualTo(Status.TIMEOUT);
    assertThat(run.stdout().text()).as(run.stderr().text()).isEqualTo("child runs sleep 30\n");
    assertThat(run.duration()).isBetween(wall, wall.plusSeconds(4));
    assertThat(HostProcesses.survivorsAfterSettling(marker)).as("marked processes left after the run").isEmpty();
  }

  @Test
  void startsProgramsWithOnlyTheAllowListedEnvironment() {
    Execution run = sandbox.execute(ExecutionRequest.snippet(Language.PYTHON,
        "import os\nprint(sorted(os.environ))").environment("EXTRA", "1").build());

    assertThat(run.stdout().text()).isEqualTo("['EXTRA', 'HOME', 'LANG', 'PATH', 'PYTHONHASHSEED', 'TMPDIR']\n");
  }
}
