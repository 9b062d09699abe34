package dev.ace4j.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ace4j.core.internal.JsonReplies;
import dev.ace4j.core.internal.PromptTemplate;
import dev.ace4j.core.internal.ReplyProblem;
import dev.ace4j.core.internal.RoleCall;
import dev.ace4j.core.spi.LanguageModel;
import dev.ace4j.flow.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The role that turns a reflection into a {@link DeltaBatch}: it reads the reflection, the playbook with counters
 * and its statistics, and replies {@code {reasoning, operations: [{type, section, content, bullet_id, merge_ids,
 * justification}]}}. The batch is checked against the playbook it was made for (a dry run of
 * {@link Playbook#apply}); a batch that does not apply counts as an unusable reply, so it gets the one re-ask too.
 * Runs as the step {@code curator}.
 */
public final class Curator {
  public static final String ROLE = "curator";

  private final LanguageModel model;
  private final RoleConfig config;
  private final PromptTemplate template;

  /** A Curator with the {@code curator-v1} prompt and {@link RoleConfig#defaults}. */
  public Curator(LanguageModel model) {
    this(model, RoleConfig.defaults("curator-v1"));
  }

  public Curator(LanguageModel model, RoleConfig config) {
    this.model = Objects.requireNonNull(model, "model");
    this.config = Objects.requireNonNull(config, "config");
    this.template = PromptTemplate.load(config.template());
  }

  /**
   * The changes {@code reflection} calls for.
   *
   * @param progress where the run is, e.g. {@code epoch 1/2, sample 3/40}
   * @param provenance the task and run the batch is credited to
   * @throws ModelReplyException when the reply is unusable twice; then there is no batch to apply
   */
  public Curation curate(Context context, Sample sample, Reflection reflection, Playbook playbook, String progress,
      Provenance provenance) {
    String prompt = template.render(Map.of(
        "progress", progress,
        "stats", stats(playbook),
        "playbook", Generator.orEmpty(PromptView.withCounters(playbook)),
        "question", sample.question(),
        "reflection", reflection.render()));
    RoleCall.Parsed<DeltaBatch> parsed = RoleCall.run(context, ROLE, model, config, prompt, reply -> {
      DeltaBatch batch = parse(reply, provenance);
      try {
        playbook.apply(batch, context.clock().instant());
      } catch (InvalidBatchException e) {
        throw new ReplyProblem("the operations do not apply to the playbook: " + e.getMessage());
      }
      return batch;
    });
    return new Curation(parsed.value(), parsed.usage());
  }

  /** The paper's Curator statistics, as JSON. */
  static String stats(Playbook playbook) {
    List<Bullet> active = playbook.active();
    Map<String, Object> stats = new LinkedHashMap<>();
    stats.put("total_bullets", active.size());
    stats.put("high_performing", active.stream().filter(b -> b.helpful() > 5 && b.harmful() < 2).count());
    stats.put("problematic", active.stream().filter(b -> b.harmful() >= b.helpful() && b.harmful() > 0).count());
    stats.put("unused", active.stream().filter(b -> b.helpful() + b.harmful() + b.neutral() == 0).count());
    Map<String, Integer> bySection = new LinkedHashMap<>();
    playbook.bySection().forEach((section, bullets) -> bySection.put(section, bullets.size()));
    stats.put("by_section", bySection);
    return JsonReplies.mapper().valueToTree(stats).toString();
  }

  private static DeltaBatch parse(ObjectNode reply, Provenance provenance) throws ReplyProblem {
    JsonNode list = reply.get("operations");
    if (list == null || !list.isArray()) {
      throw new ReplyProblem("the reply needs an \"operations\" list (empty when nothing should change)");
    }
    List<Operation> operations = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      operations.add(operation(list.get(i), "operation " + (i + 1)));
    }
    return new DeltaBatch(JsonReplies.text(reply, "reasoning"), operations, provenance);
  }

  private static Operation operation(JsonNode op, String where) throws ReplyProblem {
    if (!op.isObject()) {
      throw new ReplyProblem(where + " is not an object");
    }
    String type = JsonReplies.text(op, "type").trim().toUpperCase(Locale.ROOT);
    String justification = JsonReplies.text(op, "justification");
    switch (type) {
      case "ADD":
        return new Operation.Add(JsonReplies.required(op, "section", where + " (ADD)"),
            JsonReplies.required(op, "content", where + " (ADD)"), Optional.empty(), justification);
      case "UPDATE":
        return new Operation.Update(JsonReplies.required(op, "bullet_id", where + " (UPDATE)").trim(),
            JsonReplies.required(op, "content", where + " (UPDATE)"), justification);
      case "TAG":
        String tag = JsonReplies.required(op, "tag", where + " (TAG)").trim().toUpperCase(Locale.ROOT);
        if (!List.of("HELPFUL", "HARMFUL", "NEUTRAL").contains(tag)) {
          throw new ReplyProblem(where + " (TAG) has tag \"" + tag.toLowerCase(Locale.ROOT)
              + "\"; use helpful, harmful or neutral");
        }
        return new Operation.Tag(JsonReplies.required(op, "bullet_id", where + " (TAG)").trim(),
            Operation.Verdict.valueOf(tag), justification);
      case "REMOVE":
        return new Operation.Remove(JsonReplies.required(op, "bullet_id", where + " (REMOVE)").trim(), justification);
      case "MERGE":
        JsonNode ids = op.get("merge_ids");
        if (ids == null || !ids.isArray() || ids.size() < 2) {
          throw new ReplyProblem(where + " (MERGE) needs \"merge_ids\": a list of two or more bullet ids");
        }
        List<String> mergeIds = new ArrayList<>();
        ids.forEach(id -> mergeIds.add(id.asText().trim()));
        return new Operation.Merge(mergeIds, JsonReplies.text(op, "content"), justification);
      default:
        throw new ReplyProblem(where + " has type \"" + JsonReplies.text(op, "type")
            + "\"; use ADD, UPDATE, TAG, REMOVE or MERGE");
    }
  }
}
