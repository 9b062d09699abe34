package dev.ace4j.coder;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ace4j.core.Bullet;
import dev.ace4j.core.InMemoryPlaybookStore;
import dev.ace4j.core.spi.ModelRequest;
import dev.ace4j.core.testing.ScriptedModel;
import dev.ace4j.sandbox.Language;
import dev.ace4j.sandbox.Sandbox;
import dev.ace4j.sandbox.Sandboxes;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The self-learning loop over a real sandbox with a scripted model: the Generator writes factorial with an
 * off-by-one loop bound (which the visible test {@code factorial(5) == 120} catches) unless the rule is in its
 * prompt; the Reflector states the rule; the Curator adds it to the playbook when it is missing.
 */
class SelfLearningCoderTest {
  static final String RULE = "Factorial loops must include n itself: iterate over range(2, n + 1), not range(2, n).";
  private static final String BUGGY = """
      def factorial(n: int) -> int:
          if n < 0:
              raise ValueError("negative n")
          result = 1
          for i in range(2, n):
              result *= i
          return result
      """;
  private static final String FIXED = BUGGY.replace("range(2, n)", "range(2, n + 1)");
  private static final Pattern ID = Pattern.compile("\\[(" + Bullet.ID.pattern() + ")]");
  private static final ObjectMapper JSON = new ObjectMapper();

  private static Sandbox sandbox;
  private static CodeTask factorial;

  @BeforeAll
  static void openSandbox() {
    sandbox = Sandboxes.create();
    factorial = BuiltinBenchmark.tasks().stream()
        .filter(t -> t.id().equals("easy_factorial"))
        .findFirst()
        .orElseThrow();
  }

  @AfterAll
  static void closeSandbox() {
    sandbox.close();
  }

  @Test
  void failsReflectsAndSucceedsInRunOneThenSolvesAtOnceInRunTwoFromTheGrownPlaybook() {
    InMemoryPlaybookStore store = InMemoryPlaybookStore.empty();
    Solution run1;
    Solution run2;
    try (SelfLearningCoder coder = coder(store)) {
      run1 = coder.solve(factorial);
      assertThat(store.current().active()).extracting(Bullet::content).anyMatch(content -> content.contains(RULE));
      run2 = coder.solve(factorial);
    }

    assertThat(run1.attempts()).extracting(CodeAttempt::passed).containsExactly(false, true);
    assertThat(run1.attempts().get(0).report().text()).contains("test_five").contains("120");
    assertThat(run1.attempts().get(0).report().errorType()).isPresent();
    assertThat(run1.attempts().get(0).reflection()).hasValueSatisfying(r -> assertThat(r.keyInsight()).isEqualTo(RULE));
    assertThat(run1.passed()).isTrue();
    assertThat(run1.firstAttemptPassed()).isFalse();
    assertThat(run1.bulletsAdded()).isEqualTo(1);
    assertThat(run1.delta()).isPresent();
    assertThat(run1.code()).contains(FIXED);

    assertThat(run2.attempts()).extracting(CodeAttempt::passed).containsExactly(true);
    assertThat(run2.attempts().size()).isLessThan(run1.attempts().size());
    // One reflection each: run 1's diagnosed the failure, run 2's credited the rule it used.
    assertThat(run1.rounds()).isEqualTo(1);
    assertThat(run2.rounds()).isEqualTo(1);
    assertThat(run2.citedBullets()).hasSize(1);
    assertThat(run2.bulletsAdded()).isZero();
    assertThat(run2.playbookVersion()).isGreaterThan(run1.playbookVersion());
    assertThat(store.current().active()).singleElement().satisfies(b -> assertThat(b.helpful()).isEqualTo(1));
    assertThat(new HiddenTests(sandbox).score(factorial, run2.code().orElseThrow()).allPassed()).isTrue();
  }

  @Test
  void neverShowsTheHiddenTestsOrTheReferenceSolutionToAnyRole() {
    List<String> prompts = new ArrayList<>();
    try (SelfLearningCoder coder = SelfLearningCoder.builder(ScriptedModel.answering(request -> {
          prompts.add(request.allText());
          return answer(request);
        })).sandbox(sandbox).build()) {
      coder.solve(factorial);
    }
    assertThat(factorial.hiddenTests()).contains("15511210043330985984000000");
    assertThat(prompts).hasSizeGreaterThanOrEqualTo(4);
    assertThat(prompts).allSatisfy(prompt -> {
      assertThat(prompt).doesNotContain("15511210043330985984000000");
      assertThat(prompt).doesNotContain(factorial.referenceSolution().orElseThrow().strip());
    });
    assertThat(prompts.get(0)).contains(factorial.visibleTests().strip()).contains(factorial.signature().strip());
  }

  @Test
  void javaScriptAndJavaTasksGoThroughTheSamePath() {
    CodeTask javaScript = CodeTask.of("js-twice", Language.JAVASCRIPT, "Export twice(x) returning 2 * x.",
        "const test = require('node:test');\nconst assert = require('node:assert');\n"
            + "const { twice } = require('./solution.js');\n"
            + "test('doubles', () => assert.strictEqual(twice(4), 8));\n");
    CodeTask java = CodeTask.of("java-twice", Language.JAVA, "Write public class Twice with static int of(int x).",
        "import org.junit.jupiter.api.Test;\nimport static org.junit.jupiter.api.Assertions.assertEquals;\n"
            + "public class TwiceTest {\n  @Test void doubles() { assertEquals(8, Twice.of(4)); }\n}\n");

    Solution js = solveInTwoAttempts(javaScript, "exports.twice = x => x + 2;\n", "exports.twice = x => 2 * x;\n");
    Solution jv = solveInTwoAttempts(java, "public class Twice {\n  public static int of(int x) { return x + 2; }\n}\n",
        "public class Twice {\n  public static int of(int x) { return 2 * x; }\n}\n");

    assertThat(List.of(js, jv)).allSatisfy(solution -> {
      assertThat(solution.attempts()).extracting(CodeAttempt::passed).containsExactly(false, true);
      assertThat(solution.attempts().get(0).report().testsFailed()).isEqualTo(1);
      assertThat(solution.passed()).isTrue();
    });
  }

  @Test
  void solvesAsAFlowStep() throws Exception {
    try (SelfLearningCoder coder = coder(InMemoryPlaybookStore.empty());
        dev.ace4j.flow.Flow flow = dev.ace4j.flow.Flow.create()) {
      Solution solution = flow.run(coder.step(), factorial);
      assertThat(solution.passed()).isTrue();
      assertThat(coder.step().name()).isEqualTo("coder.solve");
    }
  }

  private static Solution solveInTwoAttempts(CodeTask task, String wrong, String right) {
    ScriptedModel model = ScriptedModel.replying(
        code(wrong),
        "{\"reasoning\": \"r\", \"error_identification\": \"added two\", \"root_cause_analysis\": \"+\","
            + " \"correct_approach\": \"multiply\", \"key_insight\": \"twice means times two\", \"bullet_tags\": []}",
        code(right),
        "{\"reasoning\": \"r\", \"operations\": []}");
    try (SelfLearningCoder coder = SelfLearningCoder.builder(model).sandbox(sandbox).build()) {
      return coder.solve(task);
    }
  }

  private static String code(String program) {
    ObjectNode reply = JSON.createObjectNode();
    reply.put("reasoning", "r");
    reply.putArray("bullet_ids");
    reply.put("code", program);
    return reply.toString();
  }

  @Test
  void hiddenTestsCatchTheFirstAttemptOfRunOne() {
    assertThat(new HiddenTests(sandbox).score(factorial, BUGGY).allPassed()).isFalse();
  }

  private static SelfLearningCoder coder(InMemoryPlaybookStore store) {
    return SelfLearningCoder.builder(ScriptedModel.answering(SelfLearningCoderTest::answer))
        .store(store)
        .sandbox(sandbox)
        .runId("self-learning-coder-test")
        .build();
  }

  private static String answer(ModelRequest request) {
    String prompt = request.allText();
    if (prompt.startsWith("# ACE Generator")) {
      return generate(prompt);
    } else if (prompt.startsWith("# ACE Reflector")) {
      return reflect(prompt);
    }
    return curate(prompt);
  }

  /** Writes the fix when the rule is anywhere in its prompt (the playbook or the last reflection). */
  private static String generate(String prompt) {
    boolean knows = prompt.contains(RULE);
    ObjectNode reply = JSON.createObjectNode();
    reply.put("reasoning", knows ? "applying the loop-bound rule" : "a simple loop");
    reply.putArray("bullet_ids").addAll(citedRuleIds(between(prompt, "## Playbook\n", "## Reflection")));
    reply.put("final_answer", "see code");
    reply.put("code", knows ? FIXED : BUGGY);
    return reply.toString();
  }

  private static List<JsonNode> citedRuleIds(String playbook) {
    List<JsonNode> ids = new ArrayList<>();
    for (String line : playbook.split("\n")) {
      Matcher id = ID.matcher(line);
      if (line.contains(RULE) && id.find()) {
        ids.add(JSON.getNodeFactory().textNode(id.group(1)));
      }
    }
    return ids;
  }

  private static String reflect(String prompt) {
    ObjectNode reply = JSON.createObjectNode();
    reply.put("reasoning", "factorial(5) came out as 24");
    reply.put("error_identification", "the loop stops before n");
    reply.put("root_cause_analysis", "range(2, n) excludes n");
    reply.put("correct_approach", "use range(2, n + 1)");
    reply.put("key_insight", RULE);
    var tags = reply.putArray("bullet_tags");
    Matcher id = ID.matcher(between(prompt, "## Playbook bullets the attempt cited", "Reply with"));
    while (id.find()) {
      tags.addObject().put("id", id.group(1)).put("tag", "helpful");
    }
    return reply.toString();
  }

  private static String curate(String prompt) {
    ObjectNode reply = JSON.createObjectNode();
    var operations = reply.putArray("operations");
    if (!between(prompt, "## Current playbook\n", "## Task the reflection came from").contains(RULE)) {
      reply.put("reasoning", "a missing rule");
      operations.addObject().put("type", "ADD").put("section", "common mistakes to avoid").put("content", RULE)
          .put("justification", "factorial(5) returned 24");
    } else {
      reply.put("reasoning", "nothing new");
    }
    return reply.toString();
  }

  private static String between(String text, String start, String end) {
    int from = text.indexOf(start);
    if (from < 0) {
      return "";
    }
    from += start.length();
    int to = text.indexOf(end, from);
    return to < 0 ? text.substring(from) : text.substring(from, to);
  }
}
