package dev.ace4j.coder;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ace4j.core.spi.LanguageModel;
import dev.ace4j.core.testing.ScriptedModel;
import dev.ace4j.sandbox.Language;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The library example of README.md, as written there, with a scripted model in place of a real one. */
class ReadmeExampleTest {
  @TempDir Path folder;

  @Test
  void solvesATaskOfItsOwnAndKeepsThePlaybookInTheFile() {
    LanguageModel model = ScriptedModel.replying(
        "{\"reasoning\": \"sum\", \"bullet_ids\": [], \"code\": \"def add(a, b):\\n    return a + b\\n\"}",
        "{\"reasoning\": \"fine\", \"error_identification\": \"none\", \"root_cause_analysis\": \"none\","
            + " \"correct_approach\": \"return a + b\", \"key_insight\": \"Return the value; do not print it.\","
            + " \"bullet_tags\": []}",
        "{\"reasoning\": \"worth keeping\", \"operations\": [{\"type\": \"ADD\", \"section\": \"general\","
            + " \"content\": \"Return the value; do not print it.\"}]}");
    Path playbookFile = folder.resolve("playbook.json");

    // README.md, "As a Java library":
    CodeTask task = CodeTask.of("add", Language.PYTHON, "Write def add(a, b) returning their sum.",
        "from solution import add\n\ndef test_add():\n    assert add(2, 3) == 5\n");
    try (SelfLearningCoder coder = SelfLearningCoder.builder(model).playbook(playbookFile).build()) {
      Solution solution = coder.solve(task);
      assertThat(solution.passed()).isTrue();
      assertThat(solution.code()).hasValueSatisfying(code -> assertThat(code).contains("return a + b"));
      assertThat(coder.playbook().active()).hasSize(1);
    }
    assertThat(playbookFile).content().contains("Return the value; do not print it.");
  }
}
