package dev.ace4j.coder;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ace4j.core.GeneratorOutput;
import dev.ace4j.core.spi.Feedback;
import dev.ace4j.sandbox.Execution;
import dev.ace4j.sandbox.ExecutionRequest;
import dev.ace4j.sandbox.Sandbox;
import dev.ace4j.sandbox.Sandboxes;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The Reflector's account of a run is the same on every identical run: the real sandbox, run twice. */
class FeedbackTextTest {
  /** A measured duration as runners print it: {@code 0.60s}, {@code 12ms}. */
  private static final Pattern DURATION = Pattern.compile("\\d+(?:\\.\\d+)?m?s\\b");

  private static Sandbox sandbox;
  private static SandboxEnvironment environment;
  private static CodeTask factorial;

  @BeforeAll
  static void openSandbox() {
    Sandbox real = Sandboxes.create();
    // The real sandbox with a 2 s wall clock, so the program that loops forever costs 2 s, not the default 10.
    sandbox = new Sandbox() {
      @Override
      public Execution execute(ExecutionRequest request) {
        return real.execute(request.withLimits(request.limits().withWall(Duration.ofSeconds(2))));
      }

      @Override
      public String name() {
        return real.name();
      }

      @Override
      public void close() {
        real.close();
      }
    };
    factorial = BuiltinBenchmark.tasks().stream().filter(t -> t.id().equals("easy_factorial")).findFirst()
        .orElseThrow();
    environment = new SandboxEnvironment(List.of(factorial), sandbox);
  }

  @AfterAll
  static void closeSandbox() {
    sandbox.close();
  }

  @ParameterizedTest
  @ValueSource(strings = {"does_not_import.py", "failing_assertion.py", "times_out.py", "raises_deep.py"})
  void theSameProgramGetsByteIdenticalFeedbackOnEveryRun(String program) {
    String code = resource(program);

    String first = evaluate(code).text();
    String second = evaluate(code).text();

    assertThat(second).isEqualTo(first);
    assertThat(first).doesNotContainPattern(DURATION).doesNotContainPattern("0x[0-9a-f]{6}")
        .doesNotContainPattern("/tmp/tmp(?!XXXXXXXX)");
  }

  @Test
  void aProgramThatDoesNotImportIsReportedWithTheErrorThatStoppedIt() {
    Feedback feedback = evaluate(resource("does_not_import.py"));

    assertThat(feedback.text()).contains("error while collecting the tests: NotImplementedError")
        .contains("raise NotImplementedError('to do')").doesNotContain("generated xml file");
    assertThat(SandboxEnvironment.report(feedback).errorType()).contains("NotImplementedError");
  }

  @Test
  void aFailingAssertionKeepsTheValuesThatDiffered() {
    String text = evaluate(resource("failing_assertion.py")).text();

    assertThat(text).contains("assert <solution.Result object at 0x…> == 120", "assert 2 == 1");
  }

  @Test
  void normalisesAPytestCollectionErrorFromAPlainProcessSandbox() {
    assertThat(FeedbackText.normalise(resource("pytest_collection_error.txt")))
        .isEqualTo(resource("pytest_collection_error.expected.txt"));
  }

  @Test
  void normalisesAddressesTemporaryNamesAndTimingsInTestOutput() {
    assertThat(FeedbackText.normalise(resource("pytest_failures.txt")))
        .isEqualTo(resource("pytest_failures.expected.txt"));
  }

  private static Feedback evaluate(String code) {
    return environment.evaluate(CodeSamples.of(factorial),
        new GeneratorOutput("", List.of(), "see code", Map.of("code", code), "", null));
  }

  private static String resource(String name) {
    try (InputStream in = FeedbackTextTest.class.getResourceAsStream("feedback/" + name)) {
      if (in == null) {
        throw new IllegalStateException("no test resource feedback/" + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
