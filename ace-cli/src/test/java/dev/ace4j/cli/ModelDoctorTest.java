package dev.ace4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The model line of {@code ace doctor}: which model, why, and whether it answers. */
class ModelDoctorTest {
  private static final String FAKE_KEY = "sk-test-doctor-5f1c9e0b7a";

  private static String modelLine(AceRun run) {
    return run.out().lines().filter(line -> line.substring(5).startsWith("model ")).findFirst().orElseThrow();
  }

  @Test
  void warnsWithEveryWayToConfigureAModelWhenNoneIs() {
    AceRun run = AceRun.withEnvironment(Map.of(), "doctor");

    assertThat(modelLine(run)).startsWith("WARN model").contains("no model configured", "ACE4J_MODEL",
        "OPENAI_API_KEY", "ANTHROPIC_API_KEY", "GEMINI_API_KEY", "OLLAMA_HOST");
  }

  @Test
  void saysNoModelIsConfiguredOnceAndWhoNeedsOne() {
    AceRun run = AceRun.withEnvironment(Map.of(), "doctor");

    assertThat(modelLine(run)).startsWith("WARN model      solve, bench and eval need a model — no model configured:")
        .containsOnlyOnce("no model configured");
  }

  @Test
  void theOfflineReferenceModelPassesAPingWithoutAnyRequest() {
    AceRun run = AceRun.withEnvironment(Map.of(), "doctor", "--model", "reference", "--ping");

    assertThat(modelLine(run)).startsWith("ok   model      reference").contains("offline", "nothing to ping");
    assertThat(run.out()).doesNotContain("FAIL");
    assertThat(run.exitCode()).isEqualTo(0);
  }

  @Test
  void namesTheModelAndWhyButNeverTheKey() {
    AceRun run = AceRun.withEnvironment(Map.of("OPENAI_API_KEY", FAKE_KEY), "doctor");

    assertThat(modelLine(run)).startsWith("ok   model").contains("openai:", "OPENAI_API_KEY");
    assertThat(run.out() + run.err()).doesNotContain(FAKE_KEY);
  }

  @Test
  void failsTheModelLineForAMalformedSpec() {
    AceRun run = AceRun.withEnvironment(Map.of(), "doctor", "--model", "gpt4");

    assertThat(modelLine(run)).startsWith("FAIL model").contains("gpt4");
    assertThat(run.exitCode()).isEqualTo(2);
  }

  @Test
  void aPingThatFailsIsSentOnceAndNotRetried() {
    try (CannedServer server = CannedServer.answering(503)) {
      AceRun run = AceRun.withEnvironment(Map.of(), "doctor", "--model", "openai-compatible:local",
          "--base-url", server.url(), "--ping");

      assertThat(modelLine(run)).startsWith("FAIL model").contains("ping failed", "HTTP 503", server.url());
      assertThat(server.requests()).isEqualTo(1);
    }
  }

  @Test
  void pingsTheModelWithOneTinyRequest() {
    String pong = "{\"id\":\"c1\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"local\","
        + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"pong\"},"
        + "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":1,"
        + "\"total_tokens\":10}}";
    try (CannedServer server = CannedServer.answering(200, pong, Map.of())) {
      AceRun run = AceRun.withEnvironment(Map.of(), "doctor", "--model", "openai-compatible:local",
          "--base-url", server.url(), "--ping");

      assertThat(modelLine(run)).startsWith("ok   model").contains("ping answered", "\"pong\"", "9 tokens in");
      assertThat(server.requests()).isEqualTo(1);
    }
  }
}
