package dev.ace4j.cli;

import java.util.Arrays;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Turns a command-line mistake (unknown option, malformed value, missing choice) into one line naming it, picocli's
 * "did you mean" for a mistyped command or option, and the help to read, and exit code {@link ExitCodes#BAD_INPUT}
 * (with {@code --json}, also the JSON error object on stdout). Never prints the whole usage text or a stack trace.
 */
final class UsageErrorHandler implements IParameterExceptionHandler {
  @Override
  public int handleParseException(ParameterException thrown, String[] args) {
    ParameterException ex = unknownFirst(thrown);
    CommandLine commandLine = ex.getCommandLine();
    // Parsing stopped at the mistake, so look for --json among the words given rather than in a parse result.
    boolean json = Arrays.asList(args).contains("--json");
    String command = commandLine.getCommandSpec().qualifiedName();
    String help = "see `" + command + " --help`";
    // The help is the fix: picocli's own messages ("Unknown option: '--x'") name the mistake, not the remedy.
    return ErrorLine.report(commandLine, json, ErrorLine.Kind.USAGE,
        problem(ex) + suggestion(ex, command) + " (" + help + ")", help, ExitCodes.BAD_INPUT);
  }

  /**
   * The unknown argument when there is one, whatever picocli reported: it checks required options before it reports
   * what it did not recognise, so {@code ace sandbox exec --bogus} would otherwise complain about a missing --lang.
   */
  private static ParameterException unknownFirst(ParameterException ex) {
    if (ex instanceof UnmatchedArgumentException) {
      return ex;
    }
    ParseResult parsed = ex.getCommandLine().getParseResult();
    List<String> unmatched = parsed == null ? List.of() : parsed.unmatched();
    return unmatched.isEmpty() ? ex : new UnmatchedArgumentException(ex.getCommandLine(), unmatched);
  }

  /** picocli's message, but a word where a command was expected is called an unknown command. */
  private static String problem(ParameterException ex) {
    if (ex instanceof UnmatchedArgumentException unmatched && !unmatched.isUnknownOption()
        && !ex.getCommandLine().getSubcommands().isEmpty() && !unmatched.getUnmatched().isEmpty()) {
      return "unknown command '" + unmatched.getUnmatched().get(0) + "'";
    }
    return String.valueOf(ex.getMessage());
  }

  /** {@code ": did you mean `ace bench`?"} for a mistyped command, {@code "--model"} for an option; else empty. */
  private static String suggestion(ParameterException ex, String command) {
    if (!(ex instanceof UnmatchedArgumentException unmatched) || unmatched.getSuggestions().isEmpty()) {
      return "";
    }
    List<String> suggestions = unmatched.getSuggestions().stream()
        .map(s -> unmatched.isUnknownOption() ? s : "`" + command + " " + s + "`")
        .toList();
    return ": did you mean " + String.join(" or ", suggestions) + "?";
  }
}
