package dev.ace4j.coder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ace4j.core.InMemoryPlaybookStore;
import dev.ace4j.core.spi.ModelRequest;
import dev.ace4j.sandbox.Language;
import dev.ace4j.sandbox.Sandbox;
import dev.ace4j.sandbox.Sandboxes;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The model {@code reference}: every role's reply is usable, and the harness passes with it. */
class ReferenceModelTest {
  @Test
  void answersEveryRoleUsablySoTheLoopRunsWholeAndLearnsNothing() {
    List<CodeTask> tasks = BuiltinBenchmark.tasks().subList(0, 2);
    InMemoryPlaybookStore store = InMemoryPlaybookStore.empty();
    List<Solution> solutions;
    try (Sandbox sandbox = Sandboxes.create();
        SelfLearningCoder coder = SelfLearningCoder.builder(ReferenceModel.of(tasks)).sandbox(sandbox).store(store)
            .parallelism(2).build()) {
      solutions = coder.learn(tasks, new SelfLearningCoder.Listener() {});
    }
    assertThat(solutions).hasSize(2).allSatisfy(solution -> {
      assertThat(solution.problem()).isEmpty();
      assertThat(solution.passed()).isTrue();
      assertThat(solution.rounds()).isEqualTo(1);
      assertThat(solution.code()).isEqualTo(solution.task().referenceSolution());
    });
    assertThat(store.current().active()).isEmpty();
  }

  @Test
  void refusesTasksWithoutAReferenceAndPromptsItDoesNotKnow() {
    CodeTask own = CodeTask.of("own", Language.PYTHON, "Write f.", "");
    assertThatThrownBy(() -> ReferenceModel.of(List.of(own))).hasMessageContaining("'own' has no reference solution");
    ReferenceModel model = ReferenceModel.of(BuiltinBenchmark.tasks());
    assertThatThrownBy(() -> model.chat(ModelRequest.of("# ACE Generator\nsomething else").withRole("generator")))
        .isInstanceOf(IllegalStateException.class);
  }
}
