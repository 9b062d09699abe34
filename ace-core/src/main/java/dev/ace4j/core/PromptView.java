package dev.ace4j.core;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The compact rendering of a playbook that goes into prompts: per section a {@code ## SECTION} header, then one
 * line per active bullet, {@code [id] content}.
 *
 * <p>The Reflector and the Curator get the counters, {@code [id] content (+helpful/-harmful)}; the Generator gets
 * none, so that bullets that were cited often are not cited more just for that (kayba's v3 note on rich-get-richer
 * bias). The order is stable (sections in playbook order, bullets by id number, so a new bullet comes last in its
 * section), which lets prompts built from successive versions share a long cacheable prefix. An empty playbook
 * renders as the empty string. Continuation lines of multi-line content are indented by two spaces.
 */
public final class PromptView {
  private static final Comparator<Bullet> BY_ID = Comparator.comparingLong(Bullet::number);

  private PromptView() {}

  /** For the Generator: ids and content, no counters. */
  public static String withoutCounters(Playbook playbook) {
    return render(playbook, b -> true, false);
  }

  /** For the Reflector and the Curator: ids, content and {@code (+helpful/-harmful)}. */
  public static String withCounters(Playbook playbook) {
    return render(playbook, b -> true, true);
  }

  /** {@link #withCounters(Playbook)} restricted to {@code ids}, e.g. the bullets the Generator cited. */
  public static String withCounters(Playbook playbook, Set<String> ids) {
    return render(playbook, b -> ids.contains(b.id()), true);
  }

  /**
   * A rough token count: one token per four characters, rounded up — the usual rule of thumb for English text and
   * code with BPE tokenizers. Good for budgets and trends, not for billing; it costs one {@code length()} call.
   */
  public static int estimatedTokens(String text) {
    return (text.length() + 3) / 4;
  }

  private static String render(Playbook playbook, Predicate<Bullet> include, boolean counters) {
    StringBuilder out = new StringBuilder();
    for (Map.Entry<String, List<Bullet>> section : playbook.bySection().entrySet()) {
      List<Bullet> bullets = section.getValue().stream().filter(include).sorted(BY_ID).toList();
      if (bullets.isEmpty()) {
        continue;
      }
      out.append("## ").append(section.getKey()).append('\n');
      for (Bullet bullet : bullets) {
        out.append('[').append(bullet.id()).append("] ").append(bullet.content().replace("\n", "\n  "));
        if (counters) {
          out.append(" (+").append(bullet.helpful()).append("/-").append(bullet.harmful()).append(')');
        }
        out.append('\n');
      }
    }
    return out.toString();
  }
}
