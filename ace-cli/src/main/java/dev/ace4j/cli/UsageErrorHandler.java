package dev.ace4j.cli;

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
    ErrorLine.print(commandLine.getErr(),
        ex.getMessage() + " (see `" + commandLine.getCommandSpec().qualifiedName() + " --help`)");
    return ExitCodes.BAD_INPUT;
  }
}
