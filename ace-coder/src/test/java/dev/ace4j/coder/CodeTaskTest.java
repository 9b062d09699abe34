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
        Optional.empty(), Difficulty.EASY, List.of("t"), List.of("def", "Return"), List.of("has_function", "has_loop"));
  }

  @Test
  void rejectsABlankPromptNamingTheTask() {
    assertThatThrownBy(() -> task("t1", " ", "def test_a(): pass", "def test_b(): pass"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'t1'")
        .hasMessageContaining("prompt");
  }

  @Test
  void rejectsABlankIdButTakesATaskWithoutTests() {
    assertThatThrownBy(() -> task("", "p", "v", "h")).hasMessageContaining("id is blank");
    CodeTask untested = task("t", "p", null, " ");
    assertThat(untested.visibleTests()).isEmpty();
    assertThat(untested.scored()).isFalse();
    assertThat(task("t", "p", "v", "h").scored()).isTrue();
  }

  @Test
  void reproducesTheOriginalsTextValidationIncludingTheCriteriaItNeverChecked() {
    CodeTask task = task("t", "p", "v", "h");
    assertThat(task.validationPassed("def f():\n    for x in y: pass")).isTrue();
    assertThat(task.validationPassed("def f(): pass")).isFalse();
    assertThat(task.validationPassed("")).isFalse();
    CodeTask lru = new CodeTask("t", "n", "d", "p", Language.PYTHON, "s", "v", "h", Optional.empty(),
        Difficulty.HARD, List.of(), List.of(), List.of("has_class", "has_methods", "has_data_structures"));
    assertThat(lru.validationPassed("print('Create a class implementing an LRU cache')")).isTrue();
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
        Difficulty.HARD, tags, List.of(), List.of());
    tags.add("b");
    assertThat(task.tags()).containsExactly("a");
  }
}
