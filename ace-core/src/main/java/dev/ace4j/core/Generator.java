package dev.ace4j.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ace4j.core.internal.JsonReplies;
import dev.ace4j.core.internal.PromptTemplate;
import dev.ace4j.core.internal.ReplyProblem;
import dev.ace4j.core.internal.RoleCall;
import dev.ace4j.core.spi.LanguageModel;
import dev.ace4j.core.spi.TokenUsage;
import dev.ace4j.flow.Context;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The role that answers: reads the task, the playbook (without counters) and the last reflection, and replies
 * {@code {reasoning, bullet_ids, final_answer}} (or {@code code} for code tasks). Runs as the step
 * {@code generator}.
 */
public final class Generator {
  public static final String ROLE = "generator";
  /** The prompt for code tasks: it asks for {@code {reasoning, bullet_ids, code}}. */
  public static final String CODE_TEMPLATE = "generator-code-v1";
  private static final Pattern CITED_ID = Pattern.compile("\\[([a-z0-9_]+-\\d{5,})]");

  private final LanguageModel model;
  private final RoleConfig config;
  private final PromptTemplate template;
  /** The last playbook view rendered: a sample's regenerations (and a batch's samples) share one playbook. */
  private final AtomicReference<View> lastView = new AtomicReference<>();

  /** A Generator with the {@code generator-v1} prompt and {@link RoleConfig#defaults}. */
  public Generator(LanguageModel model) {
    this(model, RoleConfig.defaults("generator-v1"));
  }

  /** A Generator for code tasks: the {@value #CODE_TEMPLATE} prompt and {@link RoleConfig#defaults}. */
  public static Generator forCode(LanguageModel model) {
    return new Generator(model, RoleConfig.defaults(CODE_TEMPLATE));
  }

  public Generator(LanguageModel model, RoleConfig config) {
    this.model = Objects.requireNonNull(model, "model");
    this.config = Objects.requireNonNull(config, "config");
    this.template = PromptTemplate.load(config.template());
  }

  /**
   * Answers {@code sample} with {@code playbook}; {@code reflection} is the Reflector's view of the previous
   * attempt, when this is a retry.
   *
   * @throws ModelReplyException when the reply is unusable twice
   */
  public GeneratorOutput generate(Context context, Sample sample, Playbook playbook, Optional<Reflection> reflection) {
    String prompt = template.render(Map.of(
        "playbook", view(playbook),
        "reflection", reflection.map(Reflection::render).orElse("(empty)"),
        "question", sample.question(),
        "context", sample.context().isBlank() ? "(none)" : sample.context()));
    RoleCall.Parsed<GeneratorOutput> parsed =
        RoleCall.run(context, ROLE, model, config, prompt, reply -> parse(reply, playbook));
    GeneratorOutput value = parsed.value();
    return new GeneratorOutput(value.reasoning(), value.bulletIds(), value.finalAnswer(), value.extra(),
        parsed.raw(), parsed.usage());
  }

  private String view(Playbook playbook) {
    View last = lastView.get();
    if (last != null && last.playbook() == playbook) {
      return last.text();
    }
    View rendered = new View(playbook, orEmpty(PromptView.withoutCounters(playbook)));
    lastView.set(rendered);
    return rendered.text();
  }

  private record View(Playbook playbook, String text) {}

  static String orEmpty(String view) {
    return view.isBlank() ? "(empty playbook)" : view.strip();
  }

  private static GeneratorOutput parse(ObjectNode reply, Playbook playbook) throws ReplyProblem {
    if (!reply.hasNonNull("final_answer") && !reply.hasNonNull("code")) {
      throw new ReplyProblem("the reply has neither \"final_answer\" nor \"code\"");
    }
    String reasoning = JsonReplies.text(reply, "reasoning");
    Set<String> cited = new LinkedHashSet<>();
    JsonNode ids = reply.get("bullet_ids");
    if (ids != null && ids.isArray()) {
      ids.forEach(id -> cited.add(id.asText().trim()));
    } else if (ids != null && !ids.isNull()) {
      throw new ReplyProblem("\"bullet_ids\" must be a list of bullet id strings");
    } else {
      // No list: fall back to ids cited inline, as the paper's code does.
      Matcher inline = CITED_ID.matcher(reasoning);
      while (inline.find()) {
        cited.add(inline.group(1));
      }
    }
    cited.removeIf(id -> playbook.find(id).filter(Bullet::active).isEmpty());
    Map<String, Object> extra = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> field : reply.properties()) {
      if (!Set.of("reasoning", "bullet_ids", "final_answer").contains(field.getKey())) {
        extra.put(field.getKey(), JsonReplies.mapper().convertValue(field.getValue(), Object.class));
      }
    }
    extra.values().removeIf(Objects::isNull);
    return new GeneratorOutput(reasoning, java.util.List.copyOf(cited), JsonReplies.text(reply, "final_answer"),
        extra, "", TokenUsage.ZERO);
  }
}
