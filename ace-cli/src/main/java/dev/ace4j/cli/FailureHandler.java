package dev.ace4j.cli;

import dev.ace4j.coder.history.HistoryException;
import dev.ace4j.core.PlaybookFormatException;
import dev.ace4j.models.ModelCacheException;
import dev.ace4j.models.ModelConfigurationException;
import dev.ace4j.models.ModelException;
import dev.ace4j.models.ModelRefusedException;
import dev.ace4j.models.RecordingException;
import dev.ace4j.models.ReplayMissException;
import dev.ace4j.sandbox.InvalidRequestException;
import dev.ace4j.sandbox.SandboxUnavailableException;
import java.io.PrintWriter;
import java.util.Objects;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Maps what a command threw to an exit code: bad input or configuration is one line and
 * {@link ExitCodes#BAD_INPUT}; a model that kept failing is one line and {@link ExitCodes#FAILED}; anything else is
 * an internal failure, one line and {@link ExitCodes#INTERNAL}, with the stack trace only under {@code --verbose}.
 */
final class FailureHandler implements IExecutionExceptionHandler {
  @Override
  public int handleExecutionException(Exception ex, CommandLine commandLine, ParseResult parseResult) {
    PrintWriter err = commandLine.getErr();
    if (Interruption.underway()) {
      return ExitCodes.INTERRUPTED; // a consequence of closing things under the command: the hook says what happened
    }
    if (isBadInput(ex)) {
      ErrorLine.print(err, Objects.toString(ex.getMessage(), ex.toString()));
      return ExitCodes.BAD_INPUT;
    }
    if (ex instanceof ModelException) {
      // The provider failed after its retries: the work ran and failed, and may succeed later.
      ErrorLine.print(err, "the model failed: " + ex.getMessage() + resumeHint(parseResult));
      return ExitCodes.FAILED;
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

  /** For a bench session, where the work that was finished is kept and how to go on. */
  private static String resumeHint(ParseResult parseResult) {
    ParseResult last = parseResult;
    while (last.subcommand() != null) {
      last = last.subcommand();
    }
    return last.commandSpec().name().equals("bench")
        ? " (finished tasks are saved: continue later with ace bench --resume)"
        : "";
  }

  /**
   * Failures the user fixes: input, configuration, a model that refuses the key, a recording without the answer,
   * a playbook or history file that is not what it should be.
   */
  private static boolean isBadInput(Exception ex) {
    return ex instanceof BadInputException || ex instanceof InvalidRequestException
        || ex instanceof SandboxUnavailableException || ex instanceof ModelConfigurationException
        || ex instanceof ModelRefusedException || ex instanceof ReplayMissException
        || ex instanceof RecordingException || ex instanceof ModelCacheException || ex instanceof HistoryException
        || ex instanceof PlaybookFormatException;
  }
}
