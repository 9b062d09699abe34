package dev.ace4j.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ace4j.sandbox.security.HostProcesses;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
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
    CompletableFuture<Execution> running = CompletableFuture.supplyAsync(() -> sandbox.execute(
        ExecutionRequest.snippet(Language.PYTHON,
                "import subprocess, time\nsubprocess.Popen(['sleep', '30'])\nprint('started', flush=True)\n"
                    + "time.sleep(30)")
            .environment(HostProcesses.MARKER_VARIABLE, marker)
            .limits(Limits.defaults().withWall(Duration.ofMillis(1000))).build()));
    Set<String> seen = new TreeSet<>();
    while (!running.isDone()) {
      seen.addAll(HostProcesses.survivors(marker));
      Thread.sleep(20);
    }
    Execution run = running.get();

    // The child really ran, marked, beside the program: the check below could not pass for want of one.
    assertThat(seen).as("marked processes seen while the run lasted").anyMatch(line -> line.endsWith(" sleep 30"));
    assertThat(run.status()).isEqualTo(Status.TIMEOUT);
    assertThat(run.stdout().text()).isEqualTo("started\n");
    assertThat(run.duration()).isLessThan(Duration.ofSeconds(5));
    assertThat(HostProcesses.survivorsAfterSettling(marker)).as("marked processes left after the run").isEmpty();
  }

  @Test
  void startsProgramsWithOnlyTheAllowListedEnvironment() {
    Execution run = sandbox.execute(ExecutionRequest.snippet(Language.PYTHON,
        "import os\nprint(sorted(os.environ))").environment("EXTRA", "1").build());

    assertThat(run.stdout().text()).isEqualTo("['EXTRA', 'HOME', 'LANG', 'PATH', 'PYTHONHASHSEED', 'TMPDIR']\n");
  }
}
