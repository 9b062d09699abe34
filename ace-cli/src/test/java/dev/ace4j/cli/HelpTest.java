package dev.ace4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

class HelpTest {
  /** The exit codes each command really returns; a command missing here fails the test that walks the tree. */
  private static final Map<String, Set<String>> EXIT_CODES = Map.ofEntries(
      Map.entry("ace", Set.of("0", "1", "2", "3")),
      Map.entry("ace solve", Set.of("0", "1", "2", "3", "130")),
      Map.entry("ace bench", Set.of("0", "1", "2", "3", "130")),
      Map.entry("ace eval", Set.of("0", "1", "2", "3", "130")),
      Map.entry("ace mutate", Set.of("0", "1", "2", "3")),
      Map.entry("ace testgen", Set.of("0", "1", "2", "3", "130")),
      Map.entry("ace refactor", Set.of("0", "1", "2", "3", "130")),
      Map.entry("ace sandbox", Set.of("0", "1", "2", "3")),
      Map.entry("ace sandbox exec", Set.of("0", "1", "2", "3", "130")),
      Map.entry("ace metrics", Set.of("0", "2", "3")),
      Map.entry("ace metrics summary", Set.of("0", "2", "3")),
      Map.entry("ace metrics export", Set.of("0", "2", "3")),
      Map.entry("ace metrics sessions", Set.of("0", "2", "3")),
      Map.entry("ace report", Set.of("0", "2", "3")),
      Map.entry("ace playbook", Set.of("0", "2", "3")),
      Map.entry("ace playbook show", Set.of("0", "2", "3")),
      Map.entry("ace playbook search", Set.of("0", "2", "3")),
      Map.entry("ace playbook export", Set.of("0", "2", "3")),
      Map.entry("ace playbook import", Set.of("0", "2", "3")),
      Map.entry("ace playbook diff", Set.of("0", "2", "3")),
      Map.entry("ace playbook history", Set.of("0", "2", "3")),
      Map.entry("ace playbook rollback", Set.of("0", "2", "3")),
      Map.entry("ace doctor", Set.of("0", "2", "3")),
      Map.entry("ace completion", Set.of("0", "2", "3")),
      Map.entry("ace help", Set.of("0", "2")));

  /** Every command of the tree, the top one first. */
  static List<CommandLine> everyCommand() {
    List<CommandLine> commands = new ArrayList<>();
    commands.add(Main.commandLine(InputStream.nullInputStream(), Map.of()));
    for (int i = 0; i < commands.size(); i++) {
      commands.get(i).getSubcommands().values().stream().distinct().forEach(commands::add);
    }
    return commands;
  }

  @Test
  void everyCommandListsTheExitCodesItReturns() {
    for (CommandLine command : everyCommand()) {
      String name = command.getCommandSpec().qualifiedName();
      assertThat(command.getCommandSpec().usageMessage().exitCodeList().keySet()).as(name)
          .isEqualTo(EXIT_CODES.get(name));
    }
  }

  @Test
  void everyCommandsHelpEndsWithOneOrTwoExamplesOfItsOwn() {
    for (CommandLine command : everyCommand()) {
      String name = command.getCommandSpec().qualifiedName();
      String usage = command.getUsageMessage();
      assertThat(usage).as(name).contains("\nExamples:\n");
      List<String> lines = usage.substring(usage.lastIndexOf("\nExamples:\n") + 11).lines().toList();

      assertThat(lines).as(name).isNotEmpty()
          .allSatisfy(line -> assertThat(line).startsWith("  ").hasSizeLessThanOrEqualTo(80));
      assertThat(lines.stream().filter(line -> !line.startsWith("  #"))).as(name)
          .hasSizeBetween(1, 2)
          .allSatisfy(line -> assertThat(line + " ").contains(name + " "));
    }
  }

  @Test
  void everyExampleParsesAsWritten() {
    Pattern invocation = Pattern.compile("(?:^ *|\\| |<\\()ace((?: +(?:'[^']*'|[^ '>|)]+))*)");
    Pattern word = Pattern.compile("'([^']*)'|(\\S+)");
    List<CommandLine> commands = everyCommand();
    int parsed = 0;
    for (CommandLine command : commands) {
      String usage = command.getUsageMessage();
      for (String line : usage.substring(usage.lastIndexOf("\nExamples:\n")).lines().toList()) {
        Matcher found = invocation.matcher(line);
        if (line.startsWith("  #") || !found.find()) {
          continue;
        }
        List<String> args = new ArrayList<>();
        Matcher words = word.matcher(found.group(1));
        while (words.find()) {
          args.add(words.group(1) != null ? words.group(1) : words.group(2));
        }
        CommandLine fresh = Main.commandLine(InputStream.nullInputStream(), Map.of());
        assertThatCode(() -> fresh.parseArgs(args.toArray(String[]::new))).as(line).doesNotThrowAnyException();
        parsed++;
      }
    }
    assertThat(parsed).isGreaterThanOrEqualTo(commands.size());
  }

  @ParameterizedTest
  @ValueSource(strings = {"metrics", "metrics summary", "metrics export"})
  void metricsListsItsOwnExitCodesNotTheSandboxs(String command) {
    AceRun run = AceRun.of((command + " --help").split(" "));

    String exitCodes = run.out().substring(run.out().indexOf("Exit codes:"));
    assertThat(exitCodes).contains("  0   ", "  2   bad input", "  3   internal failure")
        .doesNotContain("  1   ", "the program exited");
  }
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

  @ParameterizedTest(name = "ace {0}")
  @CsvSource({"bnch, unknown command 'bnch': did you mean `ace bench`? (see `ace --help`)",
      "metrics sumary, unknown command 'sumary': did you mean `ace metrics summary`? (see `ace metrics --help`)",
      "sandbox exce, unknown command 'exce': did you mean `ace sandbox exec`? (see `ace sandbox --help`)"})
  void suggestsTheCommandAMistypedOneResembles(String args, String line) {
    AceRun run = AceRun.of(args.split(" "));

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.errLines()).containsExactly("ace: " + line);
  }

  @Test
  void suggestsTheOptionAMistypedOneResembles() {
    AceRun run = AceRun.of("solve", "--modle", "reference", "Write def f().");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.errLines()).singleElement().asString()
        .contains("'--modle'", "did you mean --model?", "ace solve --help");
  }

  @Test
  void namesAnUnknownCommandWithoutGuessingWhenNothingResemblesIt() {
    AceRun run = AceRun.of("xyzzy");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.errLines()).containsExactly("ace: unknown command 'xyzzy' (see `ace --help`)");
  }

  @Test
  void asksForACommandWhenGivenNone() {
    AceRun run = AceRun.of();

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.errLines()).singleElement().asString().contains("ace sandbox exec", "ace doctor");
  }
}
