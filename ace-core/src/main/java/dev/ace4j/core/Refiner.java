package dev.ace4j.core;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Grow-and-refine, proactively after every curation that changed something: merge what the deduplicator finds
 * among the bullets the curation added or rewrote, then bring the playbook back under the token budget (merging,
 * then retiring the lowest-value bullets). Each is its own version, so the history shows why a bullet went.
 */
final class Refiner {
  private final PlaybookStore store;
  private final Deduplicator deduplicator;
  private final TokenBudget tokenBudget;

  Refiner(PlaybookStore store, Deduplicator deduplicator, TokenBudget tokenBudget) {
    this.store = store;
    this.deduplicator = deduplicator;
    this.tokenBudget = tokenBudget;
  }

  /** Refines the store's playbook after a curation changed it from {@code before}. */
  void refineSince(Playbook before) {
    Playbook after = store.current();
    write(Refinement.mergeDuplicatesOf(after, changedBetween(before, after), deduplicator));
    write(tokenBudget.enforce(store.current()));
  }

  /** The active bullets of {@code after} that are new or whose content or section differ in {@code before}. */
  static Set<String> changedBetween(Playbook before, Playbook after) {
    Map<String, Bullet> earlier = new HashMap<>();
    before.active().forEach(bullet -> earlier.put(bullet.id(), bullet));
    Set<String> changed = new HashSet<>();
    for (Bullet bullet : after.active()) {
      Bullet old = earlier.get(bullet.id());
      if (old == null || !old.content().equals(bullet.content()) || !old.section().equals(bullet.section())) {
        changed.add(bullet.id());
      }
    }
    return changed;
  }

  /** A refinement that found nothing to do writes no version. */
  private void write(DeltaBatch batch) {
    if (!batch.operations().isEmpty()) {
      store.apply(batch);
    }
  }
}
