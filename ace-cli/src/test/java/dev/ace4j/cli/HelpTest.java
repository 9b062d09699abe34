package dev.ace4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

class HelpTest {
  // The exit-code contract (shared/DESIGN.md "Command line"), written out here rather than read from ExitCodes.
  private static final String BAD_INPUT = "2 bad input or configuration (one line on stderr says how to fix it)";
  private static final String INTERNAL = "3 internal failure (rerun with --verbose for the stack trace)";
  private static final String METRICS_BAD_INPUT = "2 bad input: no history yet, an unknown session, an unreadable "
      + "ace.db, an unwritable --out (one line on stderr says how to fix it)";
  private static final String PLAYBOOK_BAD_INPUT = "2 bad input: no playbook yet, a malformed file, a version that "
      + "does not exist (one line on stderr names it; nothing is written)";
  private static final String MODEL_FAILED = "1 the pass rate was under --fail-under; the model kept failing after "
      + "its retries; with --model reference, a reference solution failed its hidden tests (the harness is broken)";
  private static final String SANDBOX_OK = "0 done: the program exited 0 (and every test passed)";
  private static final String SANDBOX_FAILED =
      "1 the run failed: error, failing test, timeout, memory or output limit";

  /**
   * The exit codes each command returns, as its --help lists them: code, then text. A command missing here fails
   * the test that walks the tree.
   */
  private static final Map<String, List<String>> EXIT_CODES = Map.ofEntries(
      Map.entry("ace", List.of("0 done (each command's --help says what that means for it)",
          "1 the work ran and failed: a failing program or test, no program passing, a pass rate under "
              + "--fail-under, a model that kept failing (sandbox exec, solve, bench, eval)",
          BAD_INPUT, INTERNAL)),
      Map.entry("ace solve", List.of("0 the last program passed the tests (or, without --tests, ran without error)",
          "1 no program passed within the rounds", BAD_INPUT, INTERNAL,
          interrupted("the attempts so far are in the history"))),
      Map.entry("ace bench", List.of(
          "0 the session ran to the end (with --model reference: and every hidden test passed)", MODEL_FAILED,
          BAD_INPUT, INTERNAL, interrupted("finished tasks are kept: continue with ace bench --resume ID"))),
      Map.entry("ace eval", List.of("0 the evaluation ran (with --model reference: and every hidden test passed)",
          MODEL_FAILED, BAD_INPUT, INTERNAL, interrupted("the tasks that finished are in the history"))),
      Map.entry("ace mutate", List.of("0 the mutants ran (and the score reached --fail-under, when given)",
          "1 the module fails its own tests (they are named), or the score is under --fail-under", BAD_INPUT,
          INTERNAL)),
      Map.entry("ace testgen", List.of("0 the suite passes on the module and its mutation score reached --target",
          "1 no suite passed on the module, or the best one fell short of --target (it is still written)",
          BAD_INPUT, INTERNAL, interrupted("the playbook keeps what was learned before"))),
      Map.entry("ace refactor", List.of("0 a rewrite was accepted",
          "1 no rewrite kept the behaviour within the rounds (the reason is printed)", BAD_INPUT, INTERNAL,
          interrupted("the file is untouched"))),
      Map.entry("ace sandbox", List.of(SANDBOX_OK, SANDBOX_FAILED, BAD_INPUT, INTERNAL)),
      Map.entry("ace sandbox exec", List.of(SANDBOX_OK, SANDBOX_FAILED, BAD_INPUT, INTERNAL,
          interrupted("the program was killed and nothing of it is left"))),
      Map.entry("ace metrics", List.of("0 done: the metrics were printed or written", METRICS_BAD_INPUT, INTERNAL)),
      Map.entry("ace metrics summary", List.of("0 the metrics were printed", METRICS_BAD_INPUT, INTERNAL)),
      Map.entry("ace metrics export", List.of("0 the three files were written", METRICS_BAD_INPUT, INTERNAL)),
      Map.entry("ace metrics sessions", List.of("0 the sessions were listed", METRICS_BAD_INPUT, INTERNAL)),
      Map.entry("ace report", List.of(
          "0 the report was written (a page saying how to start, when the history is empty)",
          "2 bad input: an unknown session, no session of the --last kind, an unreadable ace.db, an unwritable "
              + "--out (one line on stderr says how to fix it)", INTERNAL)),
      Map.entry("ace playbook", List.of("0 done", PLAYBOOK_BAD_INPUT, INTERNAL)),
      Map.entry("ace playbook show", List.of("0 the playbook was printed", PLAYBOOK_BAD_INPUT, INTERNAL)),
      Map.entry("ace playbook search", List.of("0 the matches (maybe none) were printed", PLAYBOOK_BAD_INPUT,
          INTERNAL)),
      Map.entry("ace playbook export", List.of("0 the playbook was written", PLAYBOOK_BAD_INPUT, INTERNAL)),
      Map.entry("ace playbook import", List.of("0 the bullets were added (or all were already there)",
          PLAYBOOK_BAD_INPUT, INTERNAL)),
      Map.entry("ace playbook diff", List.of("0 the differences (maybe none) were printed", PLAYBOOK_BAD_INPUT,
          INTERNAL)),
      Map.entry("ace playbook history", List.of("0 the history was printed", PLAYBOOK_BAD_INPUT, INTERNAL)),
      Map.entry("ace playbook rollback", List.of("0 the version was restored", PLAYBOOK_BAD_INPUT, INTERNAL)),
      Map.entry("ace mcp", List.of("0 the client closed standard input (stdio)", BAD_INPUT, INTERNAL,
          "130 stopped by Ctrl-C (143: by SIGTERM); running calls are killed")),
      Map.entry("ace doctor", List.of("0 no check failed",
          "2 a check failed (its line says how to fix it), or bad input", INTERNAL)),
      Map.entry("ace completion", List.of("0 the script was printed", BAD_INPUT, INTERNAL)),
      Map.entry("ace help", List.of("0 the help was printed", "2 no such command (one line on stderr names it)")));

  private static String interrupted(String whatIsKept) {
    return "130 interrupted by Ctrl-C (143: by SIGTERM); " + whatIsKept;
  }

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
  void everyCommandsHelpListsTheExitCodesItReturnsWithWhatEachMeans() {
    for (CommandLine command : everyCommand()) {
      String name = command.getCommandSpec().qualifiedName();
      String[] args = (name.substring("ace".length()) + " --help").strip().split(" ");

      AceRun run = AceRun.of(args);

      assertThat(run.exitCode()).as(name).isEqualTo(0);
      assertThat(exitCodes(run.out())).as(name).isEqualTo(EXIT_CODES.get(name));
    }
  }

  /** The "Exit codes:" list of a help text, one entry per code: {@code code text}, its wrapped lines joined. */
  private static List<String> exitCodes(String help) {
    int heading = help.indexOf("\nExit codes:\n");
    assertThat(heading).as(help).isNotNegative();
    List<String> entries = new ArrayList<>();
    for (String line : help.substring(heading + "\nExit codes:\n".length()).lines().toList()) {
      if (line.isBlank()) {
        break;
      }
      if (line.matches(" {2}\\d+ .*")) {
        entries.add(line.strip().replaceAll("\\s+", " "));
      } else {
        entries.set(entries.size() - 1, entries.get(entries.size() - 1) + " " + line.strip());
      }
    }
    return entries;
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
