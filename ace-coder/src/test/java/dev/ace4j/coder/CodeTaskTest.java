package dev.ace4j.coder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ace4j.sandbox.Language;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CodeTaskTest {

  private static CodeTask task(String id, String prompt, String visible, String hidden) {
    return new CodeTask(id, "Name", "desc", prompt, Language.PYTHON, "def f()", visible, hidden,
        Optional.empty(), Difficulty.EASY, List.of("t"), List.of("def", "Return"));
  }

  @Test
  void rejectsABlankPromptNamingTheTask() {
    assertThatThrownBy(() -> task("t1", " ", "def test_a(): pass", "def test_b(): pass"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'t1'")
        .hasMessageContaining("prompt");
  }

  @Test
  void rejectsBlankIdAndTests() {
    assertThatThrownBy(() -> task("", "p", "v", "h")).hasMessageContaining("id is blank");
    assertThatThrownBy(() -> task("t", "p", "", "h")).hasMessageContaining("visibleTests");
    assertThatThrownBy(() -> task("t", "p", "v", null)).hasMessageContaining("hiddenTests");
  }

  @Test
  void patternsFoundListsMatchesInTheListedOrderIgnoringCase() {
    assertThat(task("t", "p", "v", "h").patternsFound("RETURN 1 # def")).containsExactly("def", "Return");
    assertThat(task("t", "p", "v", "h").patternsFound("pass")).isEmpty();
  }

  @Test
  void copiesItsLists() {
    List<String> tags = new java.util.ArrayList<>(List.of("a"));
    CodeTask task = new CodeTask("t", "n", "d", "p", Language.PYTHON, "s", "v", "h", Optional.empty(),
        Difficulty.HARD, tags, List.of());
    tags.add("b");
    assertThat(task.tags()).containsExactly("a");
  }
}
