package dev.ace4j.core;

import dev.ace4j.core.spi.TokenUsage;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Generator's reply: {@code {reasoning, bullet_ids, final_answer}}, plus whatever else the reply held (a code
 * task's {@code code}) in {@link #extra}.
 *
 * @param bulletIds the playbook bullets the Generator says it used; only ids that exist and are active
 * @param extra every other field of the reply, as JSON-like values (strings, numbers, booleans, lists, maps)
 * @param raw the reply text the output was parsed from
 * @param usage tokens this generation cost, re-ask included
 */
public record GeneratorOutput(
    String reasoning, List<String> bulletIds, String finalAnswer, Map<String, Object> extra, String raw,
    TokenUsage usage) {
  public GeneratorOutput {
    reasoning = reasoning == null ? "" : reasoning;
    bulletIds = bulletIds == null ? List.of() : List.copyOf(bulletIds);
    finalAnswer = finalAnswer == null ? "" : finalAnswer;
    extra = extra == null ? Map.of() : Map.copyOf(extra);
    raw = raw == null ? "" : raw;
    usage = usage == null ? TokenUsage.ZERO : usage;
  }

  /** The {@code code} field of a code task's reply, if there is one. */
  public Optional<String> code() {
    Object code = extra.get("code");
    return code instanceof String text ? Optional.of(text) : Optional.empty();
  }
}
