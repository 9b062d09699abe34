package dev.ace4j.coder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ace4j.core.GeneratorOutput;
import dev.ace4j.core.Sample;
import dev.ace4j.core.spi.Feedback;
import dev.ace4j.sandbox.Sandbox;
import dev.ace4j.sandbox.Sandboxes;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SandboxEnvironmentTest {
  private static Sandbox sandbox;
  private static CodeTask factorial;
  private static SandboxEnvironment environment;

  @BeforeAll
  static void openSandbox() {
    sandbox = Sandboxes.create();
    factorial = BuiltinBenchmark.tasks().stream()
        .filter(t -> t.id().equals("easy_factorial"))
        .findFirst()
        .orElseThrow();
    environment = new SandboxEnvironment(List.of(factorial), sandbox);
  }

  @AfterAll
  static void closeSandbox() {
    sandbox.close();
  }

  @Test
  void sampleCarriesThePromptSignatureAndVisibleTestsButNoHiddenTests() {
    Sample sample = CodeSamples.of(factorial);
    assertThat(sample.id()).isEqualTo("easy_factorial");
    assertThat(sample.question()).isEqualTo(factorial.prompt());
    assertThat(sample.groundTruth()).isEmpty();
    assertThat(sample.context()).contains(factorial.signature().strip()).contains(factorial.visibleTests().strip())
        .doesNotContain("test_twenty_five_is_exact").doesNotContain("15511210043330985984000000");
  }

  @Test
  void codeFieldThatPassesTheVisibleTestsIsCorrect() {
    Feedback feedback = environment.evaluate(CodeSamples.of(factorial), withCode(factorial.referenceSolution().get()));
    assertThat(feedback.correct()).contains(true);
    assertThat(SandboxEnvironment.report(feedback)).satisfies(report -> {
      assertThat(report.status()).isEqualTo("ok");
      assertThat(report.testsPassed()).isEqualTo(2);
    });
  }

  @Test
  void fallsBackToThePythonFenceInTheAnswer() {
    String answer = "Here it is:\n```python\n" + factorial.referenceSolution().get() + "```\nDone.";
    Feedback feedback = environment.evaluate(CodeSamples.of(factorial), output(answer, Map.of()));
    assertThat(feedback.correct()).contains(true);
  }

  @Test
  void reportsEachFailedVisibleTestWithItsMessage() {
    String wrong = "def factorial(n):\n    return n\n";
    Feedback feedback = environment.evaluate(CodeSamples.of(factorial), withCode(wrong));
    assertThat(feedback.correct()).contains(false);
    assertThat(feedback.text()).contains("1 of 2 visible tests passed").contains("test_five").contains("120")
        .doesNotContain("test_one failed");
  }

  @Test
  void reportsTheErrorOfCodeThatDoesNotImport() {
    Feedback feedback = environment.evaluate(CodeSamples.of(factorial), withCode("def factorial(n:\n"));
    assertThat(feedback.correct()).contains(false);
    assertThat(feedback.text()).contains("SyntaxError");
  }

  @Test
  void aProgramTooLargeForTheSandboxIsAWrongAttemptThatSaysWhy() {
    Feedback feedback = environment.evaluate(CodeSamples.of(factorial), withCode("x = 1\n".repeat(3_000_000)));

    assertThat(feedback.correct()).contains(false);
    assertThat(feedback.text()).startsWith("The program was refused before it ran: ").contains("file-size limit");
    assertThat(SandboxEnvironment.report(feedback).status()).isEqualTo(ExecutionReport.REFUSED);
  }

  @Test
  void aReplyWithoutCodeIsWrongAndSaysSo() {
    Feedback feedback = environment.evaluate(CodeSamples.of(factorial), output("120", Map.of()));
    assertThat(feedback.correct()).contains(false);
    assertThat(feedback.text()).startsWith("no code in the reply");
  }

  @Test
  void neverQuotesTheHiddenTests() {
    String wrong = "def factorial(n):\n    return 0\n";
    Feedback feedback = environment.evaluate(CodeSamples.of(factorial), withCode(wrong));
    assertThat(feedback.text()).doesNotContain("test_zero_is_one").doesNotContain("test_negative_raises");
  }

  @Test
  void withoutVisibleTestsAProgramPassesWhenItRunsCleanlyAndFailsWithTheErrorItDiedOf() {
    CodeTask untested = new CodeTask("untested", "n", "", "print a greeting", dev.ace4j.sandbox.Language.PYTHON, "",
        "", "", java.util.Optional.empty(), Difficulty.EASY, List.of(), List.of(), List.of());
    SandboxEnvironment plain = new SandboxEnvironment(List.of(untested), sandbox);

    Feedback ran = plain.evaluate(CodeSamples.of(untested), withCode("print('hello')\n"));
    Feedback died = plain.evaluate(CodeSamples.of(untested), withCode("print(undefined_name)\n"));

    assertThat(ran.isCorrect()).isTrue();
    assertThat(ran.text()).contains("ran without error");
    assertThat(died.isCorrect()).isFalse();
    assertThat(SandboxEnvironment.report(died).errorType()).contains("NameError");
    assertThat(died.text()).contains("NameError").contains("undefined_name");
    assertThat(CodeSamples.of(untested).context()).contains("No tests are given");
  }

  @Test
  void namesTheErrorThatKeptTheModuleFromImportingWhenTheTestsCouldNotBeCollected() {
    Feedback feedback = environment.evaluate(CodeSamples.of(factorial), withCode("def factorial(n:\n    return 1\n"));

    assertThat(feedback.isCorrect()).isFalse();
    assertThat(SandboxEnvironment.report(feedback).errorType()).contains("SyntaxError");
    assertThat(feedback.text()).contains("SyntaxError");
  }

  @Test
  void refusesASampleThatNamesNoTask() {
    assertThatThrownBy(() -> environment.evaluate(Sample.of("nope", "write code", null), withCode("x = 1\n")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'nope'")
        .hasMessageContaining("easy_factorial");
  }

  private static GeneratorOutput withCode(String code) {
    return output("see code", Map.of("code", code));
  }

  private static GeneratorOutput output(String answer, Map<String, Object> extra) {
    return new GeneratorOutput("", List.of(), answer, extra, "", null);
  }
}
