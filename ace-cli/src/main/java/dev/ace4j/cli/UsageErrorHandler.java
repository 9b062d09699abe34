package dev.ace4j.cli;

import java.util.Arrays;
import java.util.Objects;
import picocli.CommandLine;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;

/**
 * Turns a command-line mistake (unknown option, malformed value, missing choice) into one line naming it and the
 * help to read, and exit code {@link ExitCodes#BAD_INPUT}. Never prints the whole usage text or a stack trace.
 */
final class UsageErrorHandler implements IParameterExceptionHandler {
  @Override
  public int handleParseException(ParameterException ex, String[] args) {
    CommandLine commandLine = ex.getCommandLine();
    // Parsing stopped at the mistake, so look for --json among the words given rather than in a parse result.
    boolean json = Arrays.asList(args).contains("--json");
    String message = Objects.toString(ex.getMessage(), "bad command line").strip();
    String help = "see `" + commandLine.getCommandSpec().qualifiedName() + " --help`";
    // The help is the fix: picocli's own messages ("Unknown option: '--x'") name the mistake, not the remedy.
    return ErrorLine.report(commandLine, json, ErrorLine.Kind.USAGE, message + " (" + help + ")", help,
        ExitCodes.BAD_INPUT);
  }
}
