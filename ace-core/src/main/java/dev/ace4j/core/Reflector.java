package dev.ace4j.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ace4j.core.internal.JsonReplies;
import dev.ace4j.core.internal.PromptTemplate;
import dev.ace4j.core.internal.ReplyProblem;
import dev.ace4j.core.internal.RoleCall;
import dev.ace4j.core.spi.Feedback;
import dev.ace4j.core.spi.LanguageModel;
import dev.ace4j.core.spi.TokenUsage;
import dev.ace4j.flow.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The role that diagnoses an attempt. It sees the task, the attempt, the environment's feedback, the ground truth
 * only when told to, and only the bullets the Generator cited; it replies {@code {reasoning, error_identification,
 * root_cause_analysis, correct_approach, key_insight, bullet_tags}}. Runs as the step {@code reflector}.
 */
public final class Reflector {
  public static final String ROLE = "reflector";

  private final LanguageModel model;
  private final RoleConfig config;
  private final PromptTemplate template;

  /** A Reflector with the {@code reflector-v1} prompt and {@link RoleConfig#defaults}. */
  public Reflector(LanguageModel model) {
    this(model, RoleConfig.defaults("reflector-v1"));
  }

  public Reflector(LanguageModel model, RoleConfig config) {
    this.model = Objects.requireNonNull(model, "model");
    this.config = Objects.requireNonNull(config, "config");
    this.template = PromptTemplate.load(config.template());
  }

  /**
   * Reflects on {@code output}, showing only the bullets of {@code playbook} that the Generator cited, with their
   * counters. Tags on bullets that were not cited are dropped: the Reflector cannot judge what it was not shown.
   *
   * @param showGroundTruth whether the prompt may hold the sample's ground truth ({@link LabelMode#FULL} only)
   * @throws ModelReplyException when the reply is unusable twice
   */
  public Reflection reflect(Context context, Sample sample, GeneratorOutput output, Feedback feedback,
      Playbook playbook, boolean showGroundTruth) {
    Set<String> citedIds = Set.copyOf(output.bulletIds());
    String cited = PromptView.withCounters(playbook, citedIds);
    String groundTruth = showGroundTruth
        ? sample.groundTruth().map(truth -> "\n## Ground truth answer\n" + truth + "\n").orElse("")
        : "";
    String prompt = template.render(Map.of(
        "question", sample.question(),
        "context", sample.context().isBlank() ? "(none)" : sample.context(),
        "reasoning", output.reasoning().isBlank() ? "(none)" : output.reasoning(),
        "answer", output.code().map(code -> output.finalAnswer() + "\n" + code).orElse(output.finalAnswer()),
        "ground_truth", groundTruth,
        "feedback", render(feedback),
        "cited_bullets", cited.isBlank() ? "(no bullets were cited)" : cited.strip()));
    RoleCall.Parsed<Reflection> parsed =
        RoleCall.run(context, ROLE, model, config, prompt, reply -> parse(reply, citedIds));
    Reflection value = parsed.value();
    return new Reflection(value.reasoning(), value.errorIdentification(), value.rootCauseAnalysis(),
        value.correctApproach(), value.keyInsight(), value.bulletTags(), parsed.usage());
  }

  private static String render(Feedback feedback) {
    return feedback.text().isBlank() ? "(none)" : feedback.text();
  }

  private static Reflection parse(ObjectNode reply, Set<String> citedIds) throws ReplyProblem {
    JsonReplies.required(reply, "key_insight", "the reflection");
    List<Reflection.BulletTag> tags = new ArrayList<>();
    JsonNode list = reply.get("bullet_tags");
    if (list != null && !list.isNull()) {
      if (!list.isArray()) {
        throw new ReplyProblem("\"bullet_tags\" must be a list of {\"id\", \"tag\"} objects");
      }
      for (JsonNode entry : list) {
        String id = JsonReplies.text(entry, "id").trim();
        String tag = JsonReplies.text(entry, "tag").trim().toUpperCase(Locale.ROOT);
        if (!Set.of("HELPFUL", "HARMFUL", "NEUTRAL").contains(tag)) {
          throw new ReplyProblem("bullet tag for \"" + id + "\" is \"" + JsonReplies.text(entry, "tag")
              + "\"; use helpful, harmful or neutral");
        }
        if (citedIds.contains(id)) {
          tags.add(new Reflection.BulletTag(id, Operation.Verdict.valueOf(tag)));
        }
      }
    }
    return new Reflection(JsonReplies.text(reply, "reasoning"), JsonReplies.text(reply, "error_identification"),
        JsonReplies.text(reply, "root_cause_analysis"), JsonReplies.text(reply, "correct_approach"),
        JsonReplies.text(reply, "key_insight"), tags, TokenUsage.ZERO);
  }
}
