package dev.ace4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Each demo runs as its main method, offline, and prints what it promises. */
@Timeout(180)
class ExamplesTest {
  @TempDir Path dir;
  private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
  private PrintStream original;

  @BeforeEach
  void capture() {
    System.setProperty("ace4j.examples.offline", "true");
    original = System.out;
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void restore() {
    System.setOut(original);
    System.clearProperty("ace4j.examples.offline");
  }

  private String out() {
    return captured.toString(StandardCharsets.UTF_8);
  }

  @Test
  void theBasicLoopLearnsTheRuleOnTheFirstTaskAndPassesTheNextAtOnce() throws Exception {
    Path playbook = dir.resolve("playbook.json");

    BasicLoop.main(new String[] {playbook.toString()});

    assertThat(out()).contains("scripted stand-in")
        .containsPattern("easy_\\w+ +passed after 2 attempt\\(s\\); playbook v1, 1 strategies")
        .containsPattern("passed after 1 attempt\\(s\\); playbook v1, 1 strategies")
        .contains(BasicLoop.RULE);
    assertThat(Files.readString(playbook)).contains(BasicLoop.RULE);
  }

  @Test
  void testGenerationStrengthensTheSuiteAndKeepsTheLesson() throws Exception {
    TestGenerationDemo.main(new String[] {dir.resolve("testgen.json").toString()});

    assertThat(out()).containsPattern("suite 1: 1 tests, mutation score 0\\.\\d\\d")
        .contains("suite 2: 2 tests, mutation score 1.00", "target reached", TestGenerationDemo.LESSON,
            "def test_each_side_of_each_bound");
  }

  @Test
  void metricsSummariseTwoRunsAndWriteTheThreeExports() throws Exception {
    MetricsDemo.main(new String[] {dir.toString()});

    assertThat(out()).contains("exports: metrics.json, visualization.json, benchmark_results.json");
    for (String export : new String[] {"metrics.json", "visualization.json", "benchmark_results.json"}) {
      assertThat(dir.resolve(export)).isNotEmptyFile();
    }
  }

  @Test
  void theBenchmarkScoresEveryReferenceSolutionFullMarks() throws Exception {
    BenchmarkDemo.main(new String[] {dir.resolve("ace.db").toString()});

    assertThat(out()).contains("8/8 tasks passed every hidden test").doesNotContain("hidden tests 0/");
  }

  @Test
  void anAgentCallsAceMcpThroughLangChain4jsClient() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();

    AgentTools.main(new String[] {java, "-cp", System.getProperty("java.class.path"), "dev.ace4j.cli.Main", "mcp",
        "--slots", "1"});

    assertThat(out()).contains("run_code: Run a program in ace4j's local sandbox", "run_tests: ", "solve: ",
        "playbook_search: ", "playbook_show: ", "playbook_add_lesson: ", "run_code: {\"status\":\"ok\"",
        "\"stdout\":\"45\\n\"");
  }
}
