package dev.ace4j.cli;

import dev.ace4j.sandbox.InvalidRequestException;
import dev.ace4j.sandbox.SandboxUnavailableException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Maps what a command threw to an exit code: bad input or configuration is one line and
 * {@link ExitCodes#BAD_INPUT}; anything else is an internal failure, one line and {@link ExitCodes#INTERNAL}, with
 * the stack trace only under {@code --verbose}.
 */
final class FailureHandler implements IExecutionExceptionHandler {
  @Override
  public int handleExecutionException(Exception ex, CommandLine commandLine, ParseResult parseResult) {
    PrintWriter err = commandLine.getErr();
    if (ex instanceof BadInputException || ex instanceof InvalidRequestException
        || ex instanceof SandboxUnavailableException) {
      ErrorLine.print(err, ex.getMessage());
      return ExitCodes.BAD_INPUT;
    }
    if (AceCommand.given(parseResult, "--verbose")) {
      ErrorLine.print(err, "internal error: " + ex);
      ex.printStackTrace(err);
      err.flush();
    } else {
      ErrorLine.print(err, "internal error: " + ex + " (rerun with --verbose for the stack trace)");
    }
    return ExitCodes.INTERNAL;
  }
}
