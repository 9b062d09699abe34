package dev.ace4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --fail-under RATE} on eval and bench: exit 1 when the pass rate falls short, for CI. */
class FailUnderTest {
  @TempDir Path home;

  @Test
  void evalExitsOneNamingBothRatesWhenThePassRateIsUnderTheBar() throws IOException {
    AceRun run;
    try (FakeCoderServer model = new FakeCoderServer(Set.of(), taskId -> FakeCoderServer.WRONG)) {
      run = AceRun.withEnvironment(Map.of("ACE4J_HOME", home.toString(), "OPENAI_API_KEY", "sk-test"), "eval",
          "--dataset", "builtin", "--limit", "2", "--model", "openai-compatible:fake-coder", "--base-url",
          model.baseUrl(), "--fail-under", "50%");
    }

    assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
    assertThat(run.errLines()).last().asString().isEqualTo("ace: the pass rate 0.0% is under --fail-under 50.0%");
  }

  @Test
  void benchAndEvalPassWhenTheBarIsMet() {
    Map<String, String> environment = Map.of("ACE4J_HOME", home.toString());

    AceRun eval = AceRun.withEnvironment(environment, "eval", "--dataset", "builtin", "--limit", "1", "--model",
        "reference", "--fail-under", "1");
    AceRun bench = AceRun.withEnvironment(environment, "bench", "--runs", "1", "--model", "reference",
        "--fail-under", "0.8");

    assertThat(eval.exitCode()).as(eval.err()).isZero();
    assertThat(bench.exitCode()).as(bench.err()).isZero();
    assertThat(eval.err() + bench.err()).doesNotContain("--fail-under");
  }

  @Test
  void refusesARateThatIsNotOneBeforeAnyWork() {
    for (String rate : new String[] {"1.5", "80", "-0.1", "lots", "%"}) {
      AceRun run = AceRun.withEnvironment(Map.of("ACE4J_HOME", home.toString()), "eval", "--dataset", "builtin",
          "--model", "reference", "--fail-under", rate);

      assertThat(run.exitCode()).as(rate).isEqualTo(2);
      assertThat(run.errLines()).singleElement().asString().contains("--fail-under " + rate, "0.8 or 80%");
    }
  }
}
