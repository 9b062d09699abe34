package dev.ace4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code ace --trace}: the run's spans as a tree on stderr, with a real sandbox run as the span. */
class TraceOptionTest {
  private static final ObjectMapper STRICT = new ObjectMapper()
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  @Test
  void printsTheSandboxRunsSpanOnStderrAfterTheSummary() {
    AceRun run = AceRun.of("--trace", "sandbox", "exec", "--lang", "bash", "--code", "echo hi");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).isEqualTo("hi\n");
    List<String> err = run.errLines();
    assertThat(err).hasSize(3);
    assertThat(err.get(0)).startsWith("ace: ok, exit 0, ");
    assertThat(err.get(1)).matches("ace: trace [0-9a-f]{32}");
    assertThat(err.get(2)).matches("  sandbox\\.exec  \\d+\\.\\d ms  ok  ace\\.sandbox\\.language=bash "
        + "ace\\.sandbox\\.backend=bubblewrap ace\\.sandbox\\.status=ok ace\\.sandbox\\.exit_code=0");
  }

  @Test
  void isAcceptedAfterTheSubcommandToo() {
    AceRun run = AceRun.of("sandbox", "exec", "--trace", "--lang", "bash", "--code", "true");

    assertThat(run.exitCode()).isZero();
    assertThat(run.errLines()).anySatisfy(line -> assertThat(line).startsWith("  sandbox.exec  "));
  }

  @Test
  void marksTheSpanAsAnErrorWithTheReasonWhenTheRunHitsALimit() {
    AceRun run = AceRun.of("--trace", "sandbox", "exec", "--lang", "bash", "--code", "sleep 5", "--timeout", "1s");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.errLines()).last().asString()
        .contains("  error (wall-clock limit of 1 s reached", "ace.sandbox.status=timeout")
        .doesNotContain("ace.sandbox.exit_code");
  }

  @Test
  void leavesStdoutToTheOneJsonObject() throws IOException {
    AceRun run = AceRun.of("--trace", "sandbox", "exec", "--lang", "bash", "--code", "echo hi", "--json");

    JsonNode json = STRICT.readTree(run.out());
    assertThat(json.isObject()).isTrue();
    assertThat(run.out().lines()).hasSize(1);
    assertThat(run.out()).doesNotContain("sandbox.exec", "ace: trace");
    assertThat(run.errLines()).hasSize(2);
    assertThat(run.errLines().get(1)).startsWith("  sandbox.exec  ");
  }

  @Test
  void neverPutsTheSandboxsVariablesOnTheSpan() {
    AceRun run = AceRun.of("--trace", "sandbox", "exec", "--lang", "bash", "--code", "true",
        "--env", "API_TOKEN=s3cr3t-token-value");

    assertThat(run.exitCode()).isZero();
    assertThat(run.err()).contains("sandbox.exec").doesNotContain("s3cr3t-token-value", "API_TOKEN");
  }

  @Test
  void printsNoTreeWithoutTheOption() {
    AceRun run = AceRun.of("sandbox", "exec", "--lang", "bash", "--code", "echo hi");

    assertThat(run.errLines()).singleElement().asString().startsWith("ace: ok, exit 0, ");
  }

  @Test
  void printsNoTreeWhenNoStepRan() {
    AceRun run = AceRun.of("--trace", "sandbox", "exec", "--lang", "bash");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.errLines()).singleElement().asString().contains("no code given");
  }
}
