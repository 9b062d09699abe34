package dev.ace4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HelpTest {
  @Test
  void listsTheCommandsAndExitCodes() {
    AceRun run = AceRun.of("--help");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("sandbox", "doctor", "--verbose", "--trace", "Exit codes:");
  }

  @ParameterizedTest(name = "{0} shows Default: {1}")
  @CsvSource({"--timeout, 10s", "--cpu, 10s", "--memory, 512m", "--processes, 64", "--file-size, 16m",
      "--output-limit, 1m", "--sandbox, bubblewrap", "--python, /usr/bin/python3"})
  void explainsEachSandboxExecOptionWithItsDefault(String option, String defaultValue) {
    AceRun run = AceRun.of("sandbox", "exec", "--help");

    String entry = run.out().substring(run.out().indexOf("  " + option + "="));
    Matcher nextOption = Pattern.compile("\n\\s+-").matcher(entry);
    String untilNextOption = (nextOption.find() ? entry.substring(0, nextOption.start()) : entry)
        .replaceAll("\\s+", " ");
    assertThat(untilNextOption).contains("Default: " + defaultValue + ".");
  }

  @Test
  void printsTheVersion() {
    AceRun run = AceRun.of("--version");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).startsWith("ace ").contains("Java " + Runtime.version());
  }

  @Test
  void asksForACommandWhenGivenNone() {
    AceRun run = AceRun.of();

    assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(run.errLines()).singleElement().asString().contains("ace sandbox exec", "ace doctor");
  }
}
