package dev.ace4j.core;

import java.util.List;
import java.util.Set;

/**
 * Finds bullets that say the same thing. {@link LexicalDeduplicator} is the default; a semantic implementation
 * (embeddings) plugs in here. {@link Refinement#mergeDuplicates} turns what it finds into MERGE operations, so
 * duplicates are merged, not just reported.
 */
public interface Deduplicator {

  /**
   * Groups of active bullets, each within one section, sorted by their lowest id number; ids inside a group are in
   * id order. The same playbook must give the same groups.
   */
  List<DuplicateGroup> findDuplicates(Playbook playbook);

  /**
   * The groups that hold at least one of the active bullets {@code changed}: all there is to find when the rest of
   * the playbook was already free of duplicates, as it is after every refinement. The loop calls this after each
   * batch, so it should cost O(n) for n bullets; this default runs the whole {@link #findDuplicates} and filters.
   */
  default List<DuplicateGroup> findDuplicatesOf(Playbook playbook, Set<String> changed) {
    return findDuplicates(playbook).stream()
        .filter(group -> group.bulletIds().stream().anyMatch(changed::contains))
        .toList();
  }
}
