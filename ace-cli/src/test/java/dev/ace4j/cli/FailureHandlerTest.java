package dev.ace4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ace4j.models.ModelException;
import dev.ace4j.sandbox.SandboxUnavailableException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** How an exception thrown by a command becomes an exit code and what the user reads. */
class FailureHandlerTest {
  @Test
  void reportsAnUnexpectedExceptionAsOneLineWithAHintAndExitsThree() {
    StringWriter err = new StringWriter();

    int exitCode = run(new IllegalStateException("the flux capacitor broke"), err);

    assertThat(exitCode).isEqualTo(3);
    assertThat(err.toString().lines()).singleElement().asString()
        .contains("the flux capacitor broke", "rerun with --verbose");
  }

  @Test
  void printsTheStackTraceUnderVerbose() {
    StringWriter err = new StringWriter();

    int exitCode = run(new IllegalStateException("the flux capacitor broke"), err, "--verbose");

    assertThat(exitCode).isEqualTo(3);
    assertThat(err.toString().lines()).first().asString().startsWith("ace: internal error: ");
    assertThat(err.toString()).contains("\tat dev.ace4j.cli.FailureHandlerTest.printsTheStackTraceUnderVerbose");
  }

  @Test
  void reportsAnUnavailableSandboxAsBadConfigurationWithoutAStackTrace() {
    StringWriter err = new StringWriter();

    int exitCode = run(new SandboxUnavailableException("bubblewrap not found: install it"), err, "--verbose");

    assertThat(exitCode).isEqualTo(2);
    assertThat(err.toString()).isEqualTo("ace: bubblewrap not found: install it" + System.lineSeparator());
  }

  @Test
  void reportsAModelThatKeptFailingAsFailedWorkInOneLine() {
    StringWriter err = new StringWriter();

    int exitCode = run(new ModelException("openai:gpt-4o-mini answered HTTP 503 three times", 503, null), err);

    assertThat(exitCode).isEqualTo(1);
    assertThat(err.toString().lines()).singleElement().asString()
        .isEqualTo("ace: the model failed: openai:gpt-4o-mini answered HTTP 503 three times");
  }

  private static int run(RuntimeException failure, StringWriter err, String... args) {
    CommandLine commandLine = new CommandLine(new Throwing(failure));
    commandLine.setErr(new PrintWriter(err, true));
    commandLine.setExecutionExceptionHandler(new FailureHandler());
    return commandLine.execute(args);
  }

  @Command(name = "throwing")
  static final class Throwing implements Callable<Integer> {
    private final RuntimeException failure;

    @Option(names = "--verbose")
    boolean verbose;

    Throwing(RuntimeException failure) {
      this.failure = failure;
    }

    @Override
    public Integer call() {
      throw failure;
    }
  }
}
