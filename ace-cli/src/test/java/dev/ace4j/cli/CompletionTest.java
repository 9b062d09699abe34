package dev.ace4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ace completion SHELL} and {@code ace help COMMAND}. */
class CompletionTest {
  @TempDir Path dir;

  @Test
  void theBashScriptLoadsInBashAndCompletesCommandsAndOptions() throws IOException, InterruptedException {
    AceRun run = AceRun.of("completion", "bash");
    Path script = Files.writeString(dir.resolve("ace.bash"), run.out());

    String completed = bash("source " + script + " && complete -p ace"
        + " && COMP_WORDS=(ace be) COMP_CWORD=1 COMP_LINE='ace be' COMP_POINT=6 && _complete_ace ace be ace"
        + " && echo \"commands: ${COMPREPLY[*]}\""
        + " && COMP_WORDS=(ace sandbox exec --la) COMP_CWORD=3 COMP_LINE='ace sandbox exec --la' COMP_POINT=21"
        + " && _complete_ace ace --la exec 2>/dev/null; echo \"options: ${COMPREPLY[*]}\"");

    assertThat(run.exitCode()).isZero();
    assertThat(completed).contains("complete -o default -F _complete_ace ace", "commands: bench",
        "options: --lang");
  }

  @Test
  void fishGetsEachCommandAfterItsParentAndEachOptionAfterItsCommand() {
    AceRun run = AceRun.of("completion", "fish");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("complete -c ace -n '__fish_use_subcommand' -a bench -d 'Run a benchmark suite",
        "complete -c ace -n '__fish_seen_subcommand_from sandbox' -a exec",
        "complete -c ace -n '__fish_seen_subcommand_from exec' -l lang -r");
  }

  @Test
  void refusesAShellItDoesNotComplete() {
    AceRun run = AceRun.of("completion", "tcsh");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.errLines()).singleElement().asString().contains("SHELL tcsh", "bash, zsh or fish");
  }

  @Test
  void helpNamesACommandsUsage() {
    AceRun run = AceRun.of("help", "bench");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).startsWith("Usage: ace bench").contains("--fail-under");
  }

  private String bash(String command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder("bash", "-c", command).redirectErrorStream(true).start();
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
  }
}
