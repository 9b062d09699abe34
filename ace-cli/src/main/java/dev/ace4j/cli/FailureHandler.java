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
    if (Interruption.underway()) {
      return ExitCodes.INTERRUPTED; // a consequence of closing things under the command: the hook says what happened
    }
    boolean json = AceCommand.given(parseResult, "--json");
    if (isBadInput(ex)) {
      return ErrorLine.report(commandLine, json, ErrorLine.Kind.BAD_INPUT,
          Objects.toString(ex.getMessage(), ex.toString()), ExitCodes.BAD_INPUT);
    }
    if (ex instanceof ModelException) {
      // The provider failed after its retries: the work ran and failed, and may succeed later.
      return ErrorLine.report(commandLine, json, ErrorLine.Kind.MODEL_FAILED,
          "the model failed: " + ex.getMessage() + resumeHint(commandLine), ExitCodes.FAILED);
    }
    boolean verbose = AceCommand.given(parseResult, "--verbose");
    ErrorLine.report(commandLine, json, ErrorLine.Kind.INTERNAL, "internal error: " + ex
        + (verbose ? "" : " (rerun with --verbose for the stack trace)"), ExitCodes.INTERNAL);
    if (verbose) {
      PrintWriter err = commandLine.getErr();
      ex.printStackTrace(err);
      err.flush();
    }
    return ExitCodes.INTERNAL;
  }

  /** For a bench session, where the work that was finished is kept and how to go on. */
  private static String resumeHint(CommandLine commandLine) {
    // picocli hands over the command that failed, so the session it ran is at hand.
    return commandLine.getCommand() instanceof BenchCommand bench
        ? bench.sessionShortId().map(id -> " (finished tasks are saved: continue later with ace bench --resume "
            + id + ")").orElse("")
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
