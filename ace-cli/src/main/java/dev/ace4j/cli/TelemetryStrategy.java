package dev.ace4j.cli;

import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.ExecutionException;
import picocli.CommandLine.IExecutionStrategy;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.RunLast;

/**
 * Runs the chosen command inside the run's {@link Telemetry}: built from {@code --trace} and the {@code OTEL_*}
 * environment once the options are parsed, handed to the commands through {@link AceCommand#openTelemetry}, and
 * finished (span tree printed, exports flushed) when the command returns or throws. Help and version requests run
 * without it.
 */
final class TelemetryStrategy implements IExecutionStrategy {
  private final Map<String, String> environment;

  /** @param environment where the {@code OTEL_*} variables are read: {@link System#getenv()}, or a test's map */
  TelemetryStrategy(Map<String, String> environment) {
    this.environment = Map.copyOf(environment);
  }

  @Override
  public int execute(ParseResult parseResult) {
    Integer help = CommandLine.executeHelpRequest(parseResult);
    if (help != null) {
      return help;
    }
    CommandLine commandLine = parseResult.commandSpec().commandLine();
    Telemetry telemetry;
    try {
      telemetry = Telemetry.start(TelemetrySettings.from(AceCommand.given(parseResult, "--trace"), environment));
    } catch (BadInputException e) {
      // The execution exception handler turns it into one line and exit code 2.
      throw new ExecutionException(commandLine, e.getMessage(), e);
    }
    AceCommand ace = (AceCommand) parseResult.commandSpec().userObject();
    ace.openTelemetry = telemetry.openTelemetry();
    try {
      return new RunLast().execute(parseResult);
    } finally {
      telemetry.finish(commandLine.getErr());
    }
  }
}
