package dev.ace4j.core;

import java.util.List;

/**
 * The bullets that differ between two versions of a playbook.
 *
 * @param added bullets active in {@code to} and absent or removed in {@code from}
 * @param removed bullets active in {@code from} and removed or absent in {@code to}
 * @param changed pairs (before, after) of bullets active in both whose content or counters differ
 */
public record PlaybookDiff(long from, long to, List<Bullet> added, List<Bullet> removed, List<Change> changed) {
  public PlaybookDiff {
    added = List.copyOf(added);
    removed = List.copyOf(removed);
    changed = List.copyOf(changed);
  }

  /** Computes the difference of two playbooks. */
  public static PlaybookDiff between(Playbook before, Playbook after) {
    List<Bullet> added = after.bullets().stream()
        .filter(b -> b.active() && before.find(b.id()).map(x -> !x.active()).orElse(true)).toList();
    List<Bullet> removed = before.active().stream()
        .filter(b -> after.find(b.id()).map(x -> !x.active()).orElse(true)).toList();
    List<Change> changed = before.active().stream()
        .flatMap(b -> after.find(b.id()).filter(Bullet::active).filter(x -> !sameState(b, x))
            .map(x -> new Change(b, x)).stream())
        .toList();
    return new PlaybookDiff(before.version(), after.version(), added, removed, changed);
  }

  public boolean isEmpty() {
    return added.isEmpty() && removed.isEmpty() && changed.isEmpty();
  }

  private static boolean sameState(Bullet a, Bullet b) {
    return a.content().equals(b.content()) && a.helpful() == b.helpful() && a.harmful() == b.harmful()
        && a.neutral() == b.neutral();
  }

  /** One bullet before and after. */
  public record Change(Bullet before, Bullet after) {}
}
