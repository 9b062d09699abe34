package dev.ace4j.coder;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ace4j.core.Curator;
import dev.ace4j.core.Generator;
import dev.ace4j.core.Reflector;
import dev.ace4j.core.spi.LanguageModel;
import dev.ace4j.core.spi.ModelReply;
import dev.ace4j.core.spi.ModelRequest;
import dev.ace4j.core.spi.TokenUsage;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The model {@code reference}: it answers every task with the task's own reference solution, reflects without a
 * lesson and curates nothing. It checks the harness, not a model: through it, every hidden test of every task must
 * pass. Costs nothing and needs no network.
 */
public final class ReferenceModel implements LanguageModel {
  public static final String MODEL_ID = "reference";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final List<CodeTask> tasks;

  private ReferenceModel(List<CodeTask> tasks) {
    this.tasks = tasks;
  }

  /**
   * A model that knows the reference solutions of {@code tasks}.
   *
   * @throws IllegalArgumentException naming a task that has no reference solution
   */
  public static ReferenceModel of(List<CodeTask> tasks) {
    for (CodeTask task : tasks) {
      if (task.referenceSolution().isEmpty()) {
        throw new IllegalArgumentException("task '" + task.id() + "' has no reference solution, so model "
            + "'reference' cannot answer it: give a real model with --model");
      }
    }
    return new ReferenceModel(List.copyOf(tasks));
  }

  /**
   * @throws IllegalStateException when a Generator request quotes none of the tasks' prompts
   */
  @Override
  public ModelReply chat(ModelRequest request) {
    ObjectNode reply = JSON.createObjectNode();
    switch (request.role()) {
      case Generator.ROLE -> {
        CodeTask task = taskOf(request.allText()).orElseThrow(() -> new IllegalStateException(
            "model 'reference' was asked for a task it has no reference solution for"));
        reply.put("reasoning", "the reference solution of " + task.id());
        reply.putArray("bullet_ids");
        reply.put("code", task.referenceSolution().orElseThrow());
      }
      case Reflector.ROLE -> {
        reply.put("reasoning", "a reference solution: nothing to learn");
        reply.put("error_identification", "none");
        reply.put("root_cause_analysis", "none");
        reply.put("correct_approach", "the reference solution");
        reply.put("key_insight", "The reference solution passed its tests; nothing to change.");
        reply.putArray("bullet_tags");
      }
      case Curator.ROLE -> {
        reply.put("reasoning", "a reference run adds nothing to the playbook");
        reply.putArray("operations");
      }
      default -> throw new IllegalStateException(
          "model 'reference' only answers the generator, reflector and curator, not '" + request.role() + "'");
    }
    return new ModelReply(reply.toString(), TokenUsage.ZERO, MODEL_ID);
  }

  /** The task whose prompt the request quotes; the longest such prompt when one contains another. */
  private Optional<CodeTask> taskOf(String text) {
    return tasks.stream()
        .filter(task -> text.contains(task.prompt()))
        .max(Comparator.comparingInt(task -> task.prompt().length()));
  }
}
